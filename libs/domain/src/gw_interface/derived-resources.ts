// The resources a gw_interface creates with it (DOMAIN.md §3.1): for each router side a port and
// an ese_logical_port on the ESE port cabled to that router's downlink. The primary side's port
// holds the VIP and primary_ipv4, the secondary's the secondary_ipv4 ([[vip, primary], [secondary]]).
// Ids are taken in the source's order (port A, ELP A, port B, ELP B), MACs in port order.
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { ResourceRecord } from '../model/write-model';
import { completeBody } from '../schema/validate';
import type { GwInterfaceContext } from './gw_interface.validate';

export interface DerivedSide {
  port: ResourceBody;
  eseLogicalPort: ResourceBody;
}

/** Which addresses go to which side's port. */
export function splitAddresses(gw: ResourceBody): [string[], string[]] {
  return [[gw['gw_vipv4'] as string, gw['primary_ipv4'] as string], [gw['secondary_ipv4'] as string]];
}

function side(
  d: Decision,
  gw: ResourceBody,
  ctx: GwInterfaceContext,
  esePort: ResourceRecord,
  addresses: string[],
): DerivedSide {
  const vlan = Number(ctx.gateway.body['downlink_vlan_id']);
  const portId = d.newId();
  const elpId = d.newId();
  const common = { tenant_id: gw['tenant_id']!, network_id: gw['network_id']! };
  const port = completeBody(d.schema('port'), {
    ...common,
    id: portId,
    name: `Port for : ${esePort.id}`,
    description: '',
    fixed_ips: addresses.map((ip_address) => ({ subnet_id: ctx.subnet.id, ip_address })),
    mac_address: d.newMac(),
    device_id: gw['id']!,
    device_owner: 'network:gw_interface',
    segmentation_type: 'vlan',
    segmentation_id: vlan,
    managed_by_service: true,
    attached: false,
    ese_logical_port_id: elpId,
  });
  const eseLogicalPort = completeBody(d.schema('ese_logical_port'), {
    ...common,
    id: elpId,
    name: `${String(esePort.body['name'])}.${vlan}`,
    description: `ESE Logical port for Port ${portId}`,
    ese_physical_port_id: esePort.id,
    port_ids: [portId],
    gw_interface_id: gw['id']!,
    connected_resource: 'gw_interface',
    type: 'L2',
    vlan_id: vlan,
  });
  return { port, eseLogicalPort };
}

/** [primary side, secondary side]; consumes 4 ids and 2 MACs from the command meta. */
export function derivedResources(
  d: Decision,
  gw: ResourceBody,
  ctx: GwInterfaceContext,
): [DerivedSide, DerivedSide] {
  const [primaryIps, secondaryIps] = splitAddresses(gw);
  const primary = side(d, gw, ctx, ctx.esePorts.primary, primaryIps);
  const secondary = side(d, gw, ctx, ctx.esePorts.secondary, secondaryIps);
  return [primary, secondary];
}
