// ese_device: the ESE (QFX) switch hosting the tenant-facing ports (DOMAIN.md §1.3). Inventory.
import {
  ALL_STATE,
  C,
  CU,
  defineSchema,
  nullableArr,
  nullableStr,
  stateProperties,
  str,
  tags,
} from './common';

export const eseDeviceSchema = defineSchema({
  id: 'ese_device',
  plural: 'ese_devices',
  title: 'ESE Device',
  description: 'ESE switch (QFX) that hosts the tenant-facing ports',
  properties: {
    hostname: nullableStr('Hostname', { format: 'hostname', permission: C }),
    existing: str('Existing', { enum: ['new', 'existing'], default: 'new', permission: C }),
    type: str('Type', { enum: ['tor', 'edge router'], default: 'tor', permission: C }),
    management_ip_address: nullableStr('Management IP Address', {
      format: 'ipv4',
      unique: true,
      permission: CU,
    }),
    public_ip_address: nullableStr('Public IP Address', { format: 'ipv4', permission: CU }),
    username: str('Username', { default: '', permission: CU }),
    password: str('Password', { default: '', permission: CU, secret: true }),
    flavor: nullableStr('Flavor', { permission: CU }),
    location: nullableStr('Location', { permission: CU }),
    tor_agent_names: nullableArr(
      'ToR Agent Names',
      { type: 'string', title: 'ToR Agent Name' },
      { permission: CU },
    ),
    tsn_names: nullableArr('TSN Names', { type: 'string', title: 'TSN Name' }, { permission: CU }),
    tags: tags(),
    ...stateProperties(ALL_STATE),
  },
});
