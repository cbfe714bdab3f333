// vpn_gateway: a tenant's VPN gateway instance: a VRF on both routers of an HA pair with a downlink
// unit (VLAN allocated here) and an uplink unit (VLAN given by the user) (DOMAIN.md §1.3, §2.1).
// Provisioned. Every field from downlink_interface_id on is derived at create (§10.9).
import { C, CU, NO_OPERATIONAL, defineSchema, nullableInt, stateProperties, str } from './common';

const derived = (title: string) => str(title, { default: '' });

export const vpnGatewaySchema = defineSchema({
  id: 'vpn_gateway',
  plural: 'vpn_gateways',
  title: 'VPN Gateway',
  description: 'VPN gateway (VRF with an uplink and a downlink unit on an HA router pair)',
  metadata: { provisioned: true, tenant_owned: true },
  properties: {
    vpn_service_id: str('VPN Service', { relation: 'vpn_service', permission: C, indexed: true }),
    qos_option_id: str('QoS Option', { relation: 'qos_option', permission: CU, indexed: true }),
    uplink_vlan_id: str('Uplink VLAN ID', { pattern: '^[0-9]+$', permission: C }),
    local_as_number: str('Local AS Number', { pattern: '^[0-9]+$', permission: C }),
    maximum_static_routes: nullableInt('Maximum Static Routes', { minimum: 0, permission: CU }),
    downlink_interface_id: str('Downlink Interface', { relation: 'ha_interface', indexed: true }),
    uplink_interface_id: str('Uplink Interface', { relation: 'ha_interface', indexed: true }),
    downlink_vlan_id: derived('Downlink VLAN ID'),
    vrf_name: derived('VRF Name'),
    primary_logical_downlink_interface_name: derived('Primary Logical Downlink Interface Name'),
    secondary_logical_downlink_interface_name: derived('Secondary Logical Downlink Interface Name'),
    primary_logical_uplink_interface_name: derived('Primary Logical Uplink Interface Name'),
    secondary_logical_uplink_interface_name: derived('Secondary Logical Uplink Interface Name'),
    connected_vpn_interface: derived('Connected VPN Interface'),
    ...stateProperties(NO_OPERATIONAL),
  },
  required: ['vpn_service_id', 'qos_option_id', 'uplink_vlan_id', 'local_as_number'],
});
