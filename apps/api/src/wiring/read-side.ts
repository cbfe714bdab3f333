// The API's ReadSide over @gohan-es/readmodel: gohan list/show from Postgres with the caller's
// tenant scope, the config version for ETag, and read-your-writes through the consistency token.
import type { Knex } from 'knex';
import type { ResourceSchema } from '@gohan-es/domain';
import { parseConsistencyToken } from '@gohan-es/decider';
import type { ReadScope, ReadSide } from '@gohan-es/http-api';
import {
  DEFAULT_SCHEMA,
  ProjectionTimeoutError,
  asAdmin,
  buildShowQuery,
  listResources,
  parseShowQuery,
  showResource,
  toResource,
  waitForOffset,
} from '@gohan-es/readmodel';
import type { ReadScope as ModelScope } from '@gohan-es/readmodel';

export interface ReadSideOptions {
  /** Postgres schema of the read models (default `readmodel`). */
  dbSchema?: string;
  /** Only this projector's stored offsets count for read-your-writes (default: any consumer). */
  consumer?: string;
}

/** Tenancy by types: an admin read says asAdmin(); a member read names its tenants. */
export function modelScope(scope: ReadScope): ModelScope {
  if (scope.kind === 'all') return asAdmin();
  const [tenantId, ...also] = scope.tenantIds;
  if (tenantId === undefined) throw new Error('read scope without tenants');
  return { tenantId, alsoTenantIds: also };
}

function embedsRelations(schema: ResourceSchema): boolean {
  return Object.values(schema.schema.properties).some((p) => p.relation_property !== undefined);
}

export function readModelSide(db: Knex, options: ReadSideOptions = {}): ReadSide {
  const dbSchema = options.dbSchema ?? DEFAULT_SCHEMA;
  return {
    async list(schema, query, scope) {
      const { resources, total } = await listResources(db, schema, query, modelScope(scope), { dbSchema });
      return { items: resources, total };
    },

    async show(schema, id, query, scope) {
      if (embedsRelations(schema)) {
        const resource = await showResource(db, schema, id, modelScope(scope), query, { dbSchema });
        return resource && { resource };
      }
      // One query for the row and its config version (the ETag).
      const { fields } = parseShowQuery(schema, query);
      const row = (await buildShowQuery(db, dbSchema, schema, id, modelScope(scope), fields, [
        'config_version',
      ])) as Record<string, unknown> | undefined;
      if (!row) return undefined;
      const version = Number(row.config_version);
      return {
        resource: toResource(schema, row, fields),
        ...(Number.isSafeInteger(version) ? { version } : {}),
      };
    },

    async waitFor(token, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      try {
        for (const p of parseConsistencyToken(token)) {
          await waitForOffset(db, p.topic, p.partition, p.offset, Math.max(0, deadline - Date.now()), {
            dbSchema,
            ...(options.consumer ? { consumer: options.consumer } : {}),
          });
        }
        return true;
      } catch (error) {
        if (error instanceof ProjectionTimeoutError) return false;
        throw error;
      }
    },
  };
}
