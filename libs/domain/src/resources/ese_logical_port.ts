// ese_logical_port: a VLAN unit on an ESE physical port binding ports to it (DOMAIN.md §1.3).
// Child of ese_physical_port. The two of a gw_interface are created by the system and follow their
// gw_interface (§10.3: no switch config is pushed). Monitored (§10.4).
import { ALL_STATE, C, arr, defineSchema, int, nullableStr, stateProperties, str, tags } from './common';

export const eseLogicalPortSchema = defineSchema({
  id: 'ese_logical_port',
  plural: 'ese_logical_ports',
  title: 'ESE Logical Port',
  description: 'VLAN unit of an ESE physical port',
  parent: 'ese_physical_port',
  metadata: { monitored: true, tenant_owned: true, follows_parent: 'gw_interface' },
  properties: {
    ese_physical_port_id: str('ESE Physical Port', {
      relation: 'ese_physical_port',
      permission: C,
      indexed: true,
    }),
    network_id: str('Network', { relation: 'network', permission: C, indexed: true }),
    connected_resource: str('Connected Resource', {
      enum: ['port', 'gw_interface', 'common_function_gateway'],
      permission: C,
    }),
    type: str('Type', { enum: ['L2', 'L3'], default: 'L2', permission: C }),
    vlan_id: int('VLAN ID', { minimum: 0, maximum: 4095, permission: C }),
    port_ids: arr('Ports', str('Port'), { default: [], permission: C }),
    gw_interface_id: nullableStr('Gateway Interface', {
      relation: 'gw_interface',
      permission: C,
      indexed: true,
    }),
    common_function_gateway_id: nullableStr('Common Function Gateway', { permission: C }),
    tags: tags(),
    ...stateProperties(ALL_STATE),
  },
  required: ['network_id', 'connected_resource', 'vlan_id', 'ese_physical_port_id'],
});
