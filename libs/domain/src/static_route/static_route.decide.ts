// static_route rules: service_type vpn only (DOMAIN.md §10.1); the vpn_gateway must not be under
// deletion; one route per destination per gateway and at most maximum_static_routes (409).
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { assertNotBeingDeleted, emitCreate } from '../model/type-rules';
import { assertVpnServiceType } from '../rules/service-type';
import type { ResourceSchema } from '../schema/types';

export const staticRouteRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    assertVpnServiceType(body, '_gw_id');
    const gateway = d.get('vpn_gateway', body['vpn_gw_id']);
    assertNotBeingDeleted(gateway, 'vpn_gw_id');
    const routes = d.referrers(gateway, 'static_route');
    const same = routes.find((r) => r.body['destination'] === body['destination']);
    if (same !== undefined) {
      throw new ConflictError(
        `destination ${String(body['destination'])} already has static_route ${same.id} on vpn_gateway ${gateway.id}`,
        {
          field: 'destination',
        },
      );
    }
    const maximum = gateway.body['maximum_static_routes'];
    if (typeof maximum === 'number' && routes.length >= maximum) {
      throw new ConflictError(
        `vpn_gateway ${gateway.id} already has its maximum of ${maximum} static routes`,
        { field: 'vpn_gw_id' },
      );
    }
    emitCreate(d, schema, body);
  },
};
