// ha_interface: the pair of physical interfaces (primary router, secondary router) a gateway uses,
// with its VLAN pool and bandwidth counters (DOMAIN.md §1.3, §2.1). Non-workable inventory.
// vlan_pool_state is a base64 bitmap of 4096 bits, MSB first, 1 = used; bits 0 and 4095 always set.
import { C, CU, STATUS_ONLY, bool, defineSchema, int, stateProperties, str } from './common';

export const haInterfaceSchema = defineSchema({
  id: 'ha_interface',
  plural: 'ha_interfaces',
  title: 'HA Interface',
  description: 'Primary/secondary physical interface pair of an HA router',
  metadata: { non_workable: true },
  properties: {
    ha_router_id: str('HA Router', { relation: 'ha_router', permission: C, indexed: true }),
    primary_interface_id: str('Primary Interface', {
      relation: 'er_physical_interface',
      unique: true,
      permission: C,
    }),
    secondary_interface_id: str('Secondary Interface', {
      relation: 'er_physical_interface',
      unique: true,
      permission: C,
    }),
    link_type: str('Link Type', { enum: ['uplink', 'downlink'], permission: C, indexed: true }),
    restricted_vlans: str('Restricted VLANs', {
      default: '',
      pattern: '^([0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*)?$',
      permission: C,
    }),
    maximum_ga_bandwidth: int('Maximum GA Bandwidth', { default: 0, minimum: 0, permission: CU }),
    maximum_be_bandwidth: int('Maximum BE Bandwidth', { default: 0, minimum: 0, permission: CU }),
    admin_state_up: bool('Admin State Up', { default: true, permission: CU }),
    vlan_pool_state: str('VLAN Pool State', { default: '' }),
    vlan_ids_available: int('VLAN IDs Available', { default: 0 }),
    available_ga_bandwidth: int('Available GA Bandwidth', { default: 0 }),
    available_be_bandwidth: int('Available BE Bandwidth', { default: 0 }),
    gateway_instances_count: int('Gateway Instances Count', { default: 0 }),
    ...stateProperties(STATUS_ONLY),
  },
  required: ['ha_router_id', 'primary_interface_id', 'secondary_interface_id', 'link_type'],
});
