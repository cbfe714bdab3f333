// network: a tenant network (DOMAIN.md §1.3). Inventory in Gohan-ES (no router config).
// subnets lists the ids of its subnets (§10.11; the source left it empty).
import { C, CU, NO_OPERATIONAL, arr, bool, defineSchema, stateProperties, str, tags } from './common';

export const networkSchema = defineSchema({
  id: 'network',
  plural: 'networks',
  title: 'Network',
  description: 'Tenant network',
  metadata: { tenant_owned: true },
  properties: {
    plane: str('Plane', { enum: ['storage', 'data'], default: 'data', permission: C }),
    admin_state_up: bool('Admin State Up', { default: true, permission: CU }),
    shared: bool('Shared', { default: false }),
    subnets: arr('Subnets', { type: 'string', title: 'Subnet' }, { default: [] }),
    tags: tags(),
    ...stateProperties(NO_OPERATIONAL),
  },
});
