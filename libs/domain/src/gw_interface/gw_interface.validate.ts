// Validation of a new gw_interface (DOMAIN.md §10.8, §10.1): vpn only, IPv6 null, the three IPv4s
// distinct, host addresses of one subnet of network_id, not its gateway_ip, netmask = its prefix
// length (400 naming the field); an address held by another port, a VRRP group id already used on
// the same network or the same gateway unit, a gateway under deletion or whose downlinks are not
// cabled to ESE ports (409). One gw_interface per vpn_gateway is the unique vpn_gw_id (409).
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import { gatewayUnit } from '../model/indexes';
import { assertNotBeingDeleted } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { blockContains, broadcastOf, parseIpv4 } from '../ipv4/ipv4';
import { assertVpnServiceType } from '../rules/service-type';
import { fieldError } from '../schema/validate';
import { blockOf, heldAddresses, subnetContaining } from '../subnet/addressing';

export const GW_IPV4_FIELDS = ['gw_vipv4', 'primary_ipv4', 'secondary_ipv4'] as const;
const IPV6_FIELDS = ['gw_vipv6', 'primary_ipv6', 'secondary_ipv6'] as const;

export interface GwInterfaceContext {
  gateway: ResourceRecord;
  subnet: ResourceRecord;
  /** ESE physical ports cabled to the primary and the secondary router's downlink. */
  esePorts: { primary: ResourceRecord; secondary: ResourceRecord };
}

function assertAddresses(d: Decision, body: ResourceBody): ResourceRecord {
  const networkId = body['network_id'] as string;
  GW_IPV4_FIELDS.forEach((field, i) => {
    const earlier = GW_IPV4_FIELDS.slice(0, i).find((f) => body[f] === body[field]);
    if (earlier !== undefined) throw fieldError(field, `${field} must differ from ${earlier}`);
  });
  const subnet = subnetContaining(d, networkId, body['gw_vipv4'] as string);
  if (subnet === undefined)
    throw fieldError(
      'gw_vipv4',
      `${String(body['gw_vipv4'])} is not inside a subnet of network ${networkId}`,
    );
  const block = blockOf(subnet);
  for (const field of GW_IPV4_FIELDS) {
    const value = parseIpv4(body[field] as string)!;
    if (!blockContains(block, value))
      throw fieldError(field, `${String(body[field])} is not inside subnet ${String(subnet.body['cidr'])}`);
    if (value === block.network || value === broadcastOf(block))
      throw fieldError(field, `${String(body[field])} is not a host address`);
    if (body[field] === subnet.body['gateway_ip'])
      throw fieldError(field, `${String(body[field])} is the gateway_ip of subnet ${subnet.id}`);
  }
  if (body['netmask'] !== block.prefix) {
    throw fieldError(
      'netmask',
      `netmask must be ${block.prefix}, the prefix length of subnet ${String(subnet.body['cidr'])}`,
    );
  }
  const held = heldAddresses(d, networkId);
  for (const field of GW_IPV4_FIELDS) {
    const holder = held.get(body[field] as string);
    if (holder !== undefined)
      throw new ConflictError(`${field} ${String(body[field])} is already in use by port ${holder}`, {
        field,
      });
  }
  return subnet;
}

/** 409 when the vrid is used on the same network or on the same gateway unit (indexed lookups). */
function assertVridFree(d: Decision, body: ResourceBody, gateway: ResourceRecord): void {
  const vrid = body['vrid'] as number;
  const clashes = new Set(d.lookup('gw_interface.by_network_vrid', body['network_id'] as string, vrid));
  for (const sibling of d.lookup('vpn_gateway.by_unit', gatewayUnit(gateway.body)))
    for (const other of d.lookup('gw_interface.by_gateway_vrid', sibling.id, vrid)) clashes.add(other);
  const clash = firstInModelOrder(d, clashes);
  if (clash !== undefined)
    throw new ConflictError(`vrid ${String(body['vrid'])} is already used by gw_interface ${clash.id}`, {
      field: 'vrid',
    });
}

/** The record of `records` created first (the one a scan of the type would meet first). */
function firstInModelOrder(d: Decision, records: ReadonlySet<ResourceRecord>): ResourceRecord | undefined {
  if (records.size <= 1) return records.values().next().value;
  return d.list('gw_interface').find((r) => records.has(r));
}

function esePortsOf(d: Decision, gateway: ResourceRecord): GwInterfaceContext['esePorts'] {
  const downlink = d.get('ha_interface', gateway.body['downlink_interface_id']);
  const cabled = (field: 'primary_interface_id' | 'secondary_interface_id'): ResourceRecord => {
    const iface = d.get('er_physical_interface', downlink.body[field]);
    const port = d.find('ese_physical_port', iface.body['connected_ese_port_id']);
    if (port === undefined) {
      throw new ConflictError(
        `er_physical_interface ${iface.id} of vpn_gateway ${gateway.id} is not cabled to an ese_physical_port`,
        {
          field: 'vpn_gw_id',
        },
      );
    }
    return port;
  };
  return { primary: cabled('primary_interface_id'), secondary: cabled('secondary_interface_id') };
}

export function validateGwInterface(d: Decision, body: ResourceBody): GwInterfaceContext {
  assertVpnServiceType(body, '_gw_id');
  for (const field of IPV6_FIELDS)
    if (body[field] !== null) throw fieldError(field, `${field} must be null for service_type vpn`);
  const gateway = d.get('vpn_gateway', body['vpn_gw_id']);
  assertNotBeingDeleted(gateway, 'vpn_gw_id');
  const subnet = assertAddresses(d, body);
  assertVridFree(d, body, gateway);
  return { gateway, subnet, esePorts: esePortsOf(d, gateway) };
}
