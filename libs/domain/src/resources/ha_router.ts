// ha_router: a primary/secondary pair of edge routers (DOMAIN.md §1.3). Non-workable inventory.
// available_gateways = maximum_gateways − gateways placed on it (kept by the vpn_gateway decider).
import { C, CU, STATUS_ONLY, defineSchema, int, stateProperties, str } from './common';

export const haRouterSchema = defineSchema({
  id: 'ha_router',
  plural: 'ha_routers',
  title: 'HA Router',
  description: 'Primary/secondary edge router pair',
  metadata: { non_workable: true },
  properties: {
    primary_router_id: str('Primary Router', { relation: 'edge_router', unique: true, permission: C }),
    secondary_router_id: str('Secondary Router', { relation: 'edge_router', unique: true, permission: C }),
    maximum_gateways: int('Maximum Gateways', { default: 500, minimum: 0, permission: CU }),
    available_gateways: int('Available Gateways', { default: 0 }),
    ...stateProperties(STATUS_ONLY),
  },
  required: ['primary_router_id', 'secondary_router_id'],
});
