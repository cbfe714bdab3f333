// edge_router: an MX router reached over NETCONF (DOMAIN.md §1.3). Inventory, observed by the
// collector (reachability). The password is write-only (§10.10).
import { ALL_STATE, CU, defineSchema, int, stateProperties, str } from './common';

export const edgeRouterSchema = defineSchema({
  id: 'edge_router',
  plural: 'edge_routers',
  title: 'Edge Router',
  description: 'Edge (MX) router managed over NETCONF',
  metadata: { monitored: true },
  properties: {
    ip: str('IP Address', { format: 'ipv4', unique: true, permission: CU }),
    login: str('Login', { minLength: 1, permission: CU }),
    password: str('Password', { permission: CU, secret: true }),
    ssh_port: int('SSH Port', { default: 830, minimum: 1, maximum: 65535, permission: CU }),
    autonomous_system: str('Autonomous System', { default: '', pattern: '^[0-9]*$', permission: CU }),
    ...stateProperties(ALL_STATE),
  },
  required: ['ip', 'login', 'password'],
});
