// vpn_interface: the eBGP attachment of a vpn_gateway to the provider edge, one per gateway
// (DOMAIN.md §1.3, §2.2). Provisioned and monitored (BGP). bgp_md5 is write-only (§10.10).
import type { PropertySchema } from '../schema/types';
import { ALL_STATE, C, CU, defineSchema, obj, stateProperties, str } from './common';

const side = (title: string): PropertySchema =>
  obj(title, {
    permission: C,
    additionalProperties: false,
    required: ['bgp_peer_ip', 'bgp_router_id', 'ip_address'],
    properties: {
      bgp_peer_ip: str('BGP Peer IP', { format: 'ipv4' }),
      bgp_router_id: str('BGP Router ID', { format: 'ipv4' }),
      ip_address: str('IP Address', { format: 'ipv4-address-with-cidr' }),
    },
  });

export const vpnInterfaceSchema = defineSchema({
  id: 'vpn_interface',
  plural: 'vpn_interfaces',
  title: 'VPN Interface',
  description: 'eBGP peering of a VPN gateway towards the provider edge',
  metadata: { provisioned: true, monitored: true, tenant_owned: true },
  properties: {
    vpn_gw_id: str('VPN Gateway', { relation: 'vpn_gateway', unique: true, permission: C }),
    primary: side('Primary'),
    secondary: side('Secondary'),
    bgp_remote_as: str('BGP Remote AS', { pattern: '^[0-9]+$', permission: C }),
    bgp_md5: str('BGP MD5 Key', { permission: CU, secret: true }),
    ...stateProperties(ALL_STATE),
  },
  required: ['vpn_gw_id', 'primary', 'secondary', 'bgp_remote_as', 'bgp_md5'],
});
