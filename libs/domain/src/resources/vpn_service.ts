// vpn_service: the VPN service catalogue entry: which ha_interfaces gateways may use and the names of
// the JUNOS apply-groups pre-provisioned on the routers (DOMAIN.md §1.3). Non-workable. Following
// the show output of the fixtures it has no state field at all (§1.2 says `status`; the show has none).
// The group names are baked into existing gateways' router config, so they are create-only.
import { C, CU, arr, defineSchema, int, nullableStr, str } from './common';

const haInterfaceIds = (title: string) =>
  arr(
    title,
    { type: 'string', title: 'HA Interface', relation: 'ha_interface' },
    { minItems: 1, permission: CU },
  );

const group = (title: string, value: string) => str(title, { default: value, minLength: 1, permission: C });

export const vpnServiceSchema = defineSchema({
  id: 'vpn_service',
  plural: 'vpn_services',
  title: 'VPN Service',
  description: 'VPN service: usable HA interfaces and router config group names',
  metadata: { non_workable: true },
  properties: {
    uplink_interfaces: haInterfaceIds('Uplink Interfaces'),
    downlink_interfaces: haInterfaceIds('Downlink Interfaces'),
    neighbour_prefix: group('Neighbour Prefix', 'BGP-VIRTUAL-ROUTER-PEERS'),
    be_forwarding_class: group('BE Forwarding Class', 'FC-VPN-BE'),
    ga_forwarding_class: group('GA Forwarding Class', 'FC-VPN-GA'),
    primary_ibgp_config_group: group('Primary iBGP Config Group', 'VPNGW1-RI-IBGP'),
    primary_downlink_vrrp_config_group: group('Primary Downlink VRRP Config Group', 'VPNGW1-VRRP'),
    primary_ebgp_config_group: group('Primary eBGP Config Group', 'VPNGW1-RI-EBGP'),
    secondary_ibgp_config_group: group('Secondary iBGP Config Group', 'VPNGW2-RI-IBGP'),
    secondary_downlink_vrrp_config_group: group('Secondary Downlink VRRP Config Group', 'VPNGW2-VRRP'),
    secondary_ebgp_config_group: group('Secondary eBGP Config Group', 'VPNGW2-RI-EBGP'),
    default_static_routes_per_gateway: int('Default Static Routes per Gateway', {
      default: 32,
      minimum: 0,
      permission: CU,
    }),
    zone: nullableStr('Zone', { permission: CU }),
    vrf_config: nullableStr('VRF Config', { permission: CU }),
  },
  required: ['uplink_interfaces', 'downlink_interfaces'],
});
