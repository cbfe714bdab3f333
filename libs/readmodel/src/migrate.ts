// migrate(): the read-model tables of every domain resource schema (see schema/migrate.ts).
import type { Knex } from 'knex';
import type { ResourceSchema } from '@gohan-es/domain';
import { resourceSchemas } from '@gohan-es/domain';
import { migrateSchemas } from './schema/migrate';
import type { MigrateReport } from './schema/migrate';

export type { MigrateReport } from './schema/migrate';

export async function migrate(
  db: Knex,
  options: { schema?: string; schemas?: readonly ResourceSchema[] } = {},
): Promise<MigrateReport> {
  return migrateSchemas(db, {
    ...(options.schema ? { schema: options.schema } : {}),
    schemas: options.schemas ?? resourceSchemas,
  });
}
