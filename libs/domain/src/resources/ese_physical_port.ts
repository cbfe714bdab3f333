// ese_physical_port: a port of an ESE switch, cabled to an edge router's downlink (DOMAIN.md §1.3).
// Child of ese_device. Its name is part of every derived ese_logical_port name, so it is create-only.
import { ALL_STATE, C, CU, defineSchema, stateProperties, str, tags } from './common';

export const esePhysicalPortSchema = defineSchema({
  id: 'ese_physical_port',
  plural: 'ese_physical_ports',
  title: 'ESE Physical Port',
  description: 'Physical port of an ESE switch',
  parent: 'ese_device',
  name: str('Name', { minLength: 1, permission: C }),
  properties: {
    ese_device_id: str('ESE Device', { relation: 'ese_device', permission: C, indexed: true }),
    connected_port_id: str('Connected Port', { default: '', permission: CU }),
    connected_port_owner: str('Connected Port Owner', { default: '', permission: CU }),
    existing: str('Existing', { enum: ['new', 'existing'], default: 'new', permission: C }),
    tags: tags(),
    ...stateProperties(ALL_STATE),
  },
  required: ['name', 'ese_device_id'],
});
