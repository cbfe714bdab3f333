// vpn_interface rules (DOMAIN.md §1.3, §2.1): one per vpn_gateway (vpn_gw_id unique → 409); each
// side's ip_address is a host address and its BGP peer lies in the same block (400); creating it
// sets vpn_gateway.connected_vpn_interface (a VpnGatewayUpdated in the same decision); its final
// deletion clears that link again.
import type { Decision } from '../model/decision';
import { parentOf, parentRef } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { assertNotBeingDeleted, emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { blockContains, broadcastOf, parseCidr, parseIpv4 } from '../ipv4/ipv4';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';

function assertSide(body: ResourceBody, side: 'primary' | 'secondary'): void {
  const values = body[side] as { bgp_peer_ip: string; ip_address: string };
  const block = parseCidr(values.ip_address)!;
  if (block.prefix < 31 && (block.address === block.network || block.address === broadcastOf(block))) {
    throw fieldError(`${side}.ip_address`, `${values.ip_address} is not a host address`);
  }
  const peer = parseIpv4(values.bgp_peer_ip)!;
  if (!blockContains(block, peer) || peer === block.address) {
    throw fieldError(
      `${side}.bgp_peer_ip`,
      `${values.bgp_peer_ip} must be another address of ${values.ip_address}`,
    );
  }
}

export const vpnInterfaceRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    const gateway = d.get('vpn_gateway', body['vpn_gw_id']);
    assertNotBeingDeleted(gateway, 'vpn_gw_id');
    assertSide(body, 'primary');
    assertSide(body, 'secondary');
    const created = emitCreate(d, schema, body);
    d.updated(
      gateway,
      { connected_vpn_interface: created['id'] as string },
      parentRef('vpn_interface', created['id'] as string),
    );
  },

  onDeleted(d: Decision, record: ResourceRecord): void {
    const gateway = d.find('vpn_gateway', record.body['vpn_gw_id']);
    if (gateway !== undefined && gateway.body['connected_vpn_interface'] === record.id) {
      d.updated(gateway, { connected_vpn_interface: '' }, parentOf(record));
    }
  },
};
