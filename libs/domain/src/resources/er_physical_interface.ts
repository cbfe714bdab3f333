// er_physical_interface: a physical interface of an edge router (ae0, ge-0/0/1), optionally cabled
// to an ESE port (DOMAIN.md §1.3). Its name is part of derived logical interface names: create-only.
// Inventory, observed by the collector (the link state of `name` on its router, §5.3
// `snmp_ports_status`, read over NETCONF here): PENDING_CREATE until its first observation (§5.2).
import { ALL_STATE, C, CU, defineSchema, nullableStr, stateProperties, str } from './common';

export const erPhysicalInterfaceSchema = defineSchema({
  id: 'er_physical_interface',
  plural: 'er_physical_interfaces',
  title: 'Edge Router Physical Interface',
  description: 'Physical interface of an edge router',
  metadata: { monitored: true },
  name: str('Name', { minLength: 1, permission: C }),
  properties: {
    device_id: str('Edge Router', { relation: 'edge_router', permission: C, indexed: true }),
    connected_ese_port_id: nullableStr('Connected ESE Port', {
      relation: 'ese_physical_port',
      permission: CU,
      indexed: true,
    }),
    ...stateProperties(ALL_STATE),
  },
  required: ['name', 'device_id'],
});
