// ha_router rules (DOMAIN.md §1.3, §10.9): available_gateways starts at maximum_gateways; changing
// the maximum moves the available count by the same amount and may not go below the gateways in use.
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import type { ResourceSchema } from '../schema/types';

export const haRouterRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    if (body['primary_router_id'] === body['secondary_router_id']) {
      throw new ConflictError(
        'primary_router_id and secondary_router_id must name two different edge routers',
        { field: 'secondary_router_id' },
      );
    }
    emitCreate(d, schema, { ...body, available_gateways: body['maximum_gateways'] });
  },

  update(d: Decision, record: ResourceRecord, changes: ResourceBody): void {
    if ('maximum_gateways' in changes) {
      const used =
        (record.body['maximum_gateways'] as number) - (record.body['available_gateways'] as number);
      const maximum = changes['maximum_gateways'] as number;
      if (maximum < used) {
        throw new ConflictError(
          `maximum_gateways ${maximum} is below the ${used} gateways placed on ha_router ${record.id}`,
          {
            field: 'maximum_gateways',
          },
        );
      }
      changes = { ...changes, available_gateways: maximum - used };
    }
    d.updated(record, changes);
  },
};
