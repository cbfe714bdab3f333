// port: a network port (DOMAIN.md §1.3). Child of network. The two ports of a gw_interface are
// created by the system (device_owner network:gw_interface, managed_by_service) and follow their
// gw_interface's provisioning; the DHCP port of a subnet is system-made too (network:dhcp).
// Ports created by users are bookkeeping (born complete). Monitored (DOMAIN.md §10.4).
import type { PropertySchema } from '../schema/types';
import {
  ALL_STATE,
  C,
  CU,
  arr,
  bool,
  defineSchema,
  nullableInt,
  nullableStr,
  obj,
  stateProperties,
  str,
  tags,
} from './common';

const fixedIp: PropertySchema = obj('Fixed IP', {
  additionalProperties: false,
  properties: {
    subnet_id: str('Subnet', { relation: 'subnet' }),
    ip_address: str('IP Address', { format: 'ipv4' }),
  },
});

const addressPair: PropertySchema = obj('Allowed Address Pair', {
  additionalProperties: false,
  required: ['ip_address'],
  properties: {
    ip_address: str('IP Address', { format: 'cidr-or-ipv4' }),
    mac_address: str('MAC Address', { format: 'mac' }),
  },
});

export const portSchema = defineSchema({
  id: 'port',
  plural: 'ports',
  title: 'Port',
  description: 'Network port',
  parent: 'network',
  metadata: { monitored: true, tenant_owned: true, follows_parent: 'gw_interface' },
  properties: {
    network_id: str('Network', { relation: 'network', permission: C, indexed: true }),
    admin_state_up: bool('Admin State Up', { default: true, permission: CU }),
    fixed_ips: arr('Fixed IPs', fixedIp, { default: [], permission: C }),
    mac_address: str('MAC Address', { format: 'mac', permission: C }),
    device_id: str('Device', { default: '', permission: CU, indexed: true }),
    device_owner: str('Device Owner', {
      default: '',
      pattern: '^((compute|physical_port|network|)(:.*)?)?$',
      permission: CU,
      indexed: true,
    }),
    segmentation_type: nullableStr('Segmentation Type', {
      enum: ['flat', 'vlan', null],
      default: 'flat',
      permission: C,
    }),
    segmentation_id: nullableInt('Segmentation ID', { default: 0, minimum: 0, maximum: 4095, permission: C }),
    security_groups: arr('Security Groups', str('Security Group'), { default: [], permission: CU }),
    allowed_address_pairs: arr('Allowed Address Pairs', addressPair, { default: [], permission: CU }),
    managed_by_service: bool('Managed by Service', { default: false }),
    fake_delete: bool('Fake Delete', { default: false, permission: CU }),
    tags: tags(),
    attached: bool('Attached', { default: false }),
    ese_logical_port_id: nullableStr('ESE Logical Port', { relation: 'ese_logical_port', indexed: true }),
    'binding:vif_type': str('Binding VIF Type', { default: 'vrouter' }),
    ...stateProperties(ALL_STATE),
  },
  required: ['network_id'],
});
