// Migrations generated from the resource schemas at run time (the schema stays the single source):
// an idempotent reconcile that creates the Postgres schema, the projection bookkeeping tables, one
// table per resource type, missing columns and missing indexes. It never drops anything; a column
// whose type changed needs a rebuild into a fresh schema (rebuild.ts), and says so.
import type { Knex } from 'knex';
import type { ResourceSchema } from '@gohan-es/domain';
import { BOOKKEEPING_COLUMNS, tableSpec } from './columns';
import type { TableSpec } from './columns';
import {
  DEFAULT_SCHEMA,
  OFFSETS_TABLE,
  PARKED_TABLE,
  TOMBSTONES_TABLE,
  assertSchemaName,
  indexName,
} from './names';

export interface MigrateOptions {
  /** Postgres schema to migrate (default `readmodel`). */
  schema?: string;
  /** Resource schemas (default: every schema of @gohan-es/domain). */
  schemas: readonly ResourceSchema[];
  /**
   * false = leave out the resource tables' secondary indexes (a rebuild fills a fresh schema
   * faster without them, then migrates again to create them before it is verified or swapped in).
   */
  indexes?: boolean;
}

export interface MigrateReport {
  schema: string;
  createdTables: string[];
  addedColumns: string[];
  createdIndexes: string[];
}

const MIGRATE_LOCK = 'gohan-readmodel:migrate';

export async function migrateSchemas(db: Knex, options: MigrateOptions): Promise<MigrateReport> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
  const report: MigrateReport = { schema, createdTables: [], addedColumns: [], createdIndexes: [] };
  await db.transaction(async (trx) => {
    // Several apps migrate at start; DDL is transactional in Postgres, so one runs at a time.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [MIGRATE_LOCK]);
    await trx.raw('create schema if not exists ??', [schema]);
    await createBookkeepingTables(trx, schema, report);
    for (const spec of options.schemas.map(tableSpec))
      await reconcileTable(trx, schema, spec, report, options.indexes ?? true);
  });
  return report;
}

async function existingColumns(
  trx: Knex.Transaction,
  schema: string,
  table: string,
): Promise<Map<string, string>> {
  const rows: { column_name: string; data_type: string }[] = (
    await trx.raw(
      'select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ?',
      [schema, table],
    )
  ).rows;
  return new Map(rows.map((r) => [r.column_name, r.data_type]));
}

async function createBookkeepingTables(
  trx: Knex.Transaction,
  schema: string,
  report: MigrateReport,
): Promise<void> {
  if ((await existingColumns(trx, schema, OFFSETS_TABLE)).size === 0) {
    await trx.raw(
      `create table ??.?? (
         consumer text not null, topic text not null, partition integer not null,
         next_offset bigint not null, updated_at timestamptz not null default now(),
         primary key (consumer, topic, partition))`,
      [schema, OFFSETS_TABLE],
    );
    report.createdTables.push(OFFSETS_TABLE);
  }
  if ((await existingColumns(trx, schema, PARKED_TABLE)).size === 0) {
    // State events that arrived before the config they belong to (another topic may lag behind).
    await trx.raw(
      `create table ??.?? (
         topic text not null, partition integer not null, "offset" bigint not null,
         resource_type text not null, resource_id text not null, event_type text not null,
         version integer not null, event jsonb not null,
         primary key (topic, partition, "offset"))`,
      [schema, PARKED_TABLE],
    );
    await trx.raw('create index ?? on ??.?? (resource_type, resource_id)', [
      indexName(PARKED_TABLE, 'resource'),
      schema,
      PARKED_TABLE,
    ]);
    report.createdTables.push(PARKED_TABLE);
  }
  if ((await existingColumns(trx, schema, TOMBSTONES_TABLE)).size === 0) {
    // Deleted resources, so that their late state events are dropped instead of parked forever.
    await trx.raw(
      `create table ??.?? (resource_type text not null, resource_id text not null, primary key (resource_type, resource_id))`,
      [schema, TOMBSTONES_TABLE],
    );
    report.createdTables.push(TOMBSTONES_TABLE);
  }
}

async function reconcileTable(
  trx: Knex.Transaction,
  schema: string,
  spec: TableSpec,
  report: MigrateReport,
  indexes: boolean,
): Promise<void> {
  const existing = await existingColumns(trx, schema, spec.table);
  if (existing.size === 0) {
    const defs = spec.columns.map((c) =>
      c.name === 'id' ? `"id" text primary key` : `${quote(c.name)} ${c.pgType}`,
    );
    const book = Object.entries(BOOKKEEPING_COLUMNS).map(([name, def]) => `${quote(name)} ${def}`);
    await trx.raw(`create table ??.?? (${[...defs, ...book].join(', ')})`, [schema, spec.table]);
    report.createdTables.push(spec.table);
  } else {
    const mismatches: string[] = [];
    for (const column of spec.columns) {
      const type = existing.get(column.name);
      if (type === undefined) {
        await trx.raw(`alter table ??.?? add column ${quote(column.name)} ${column.pgType}`, [
          schema,
          spec.table,
        ]);
        report.addedColumns.push(`${spec.table}.${column.name}`);
      } else if (type !== column.pgType) {
        mismatches.push(`${spec.table}.${column.name} is ${type}, schema wants ${column.pgType}`);
      }
    }
    for (const [name, def] of Object.entries(BOOKKEEPING_COLUMNS)) {
      if (!existing.has(name)) {
        await trx.raw(`alter table ??.?? add column ${quote(name)} ${def}`, [schema, spec.table]);
        report.addedColumns.push(`${spec.table}.${name}`);
      }
    }
    if (mismatches.length > 0) {
      throw new Error(
        `read model ${schema} needs a rebuild (column types changed): ${mismatches.join('; ')}`,
      );
    }
  }
  for (const index of indexes ? spec.indexes : []) {
    const found = await trx.raw('select 1 from pg_indexes where schemaname = ? and indexname = ?', [
      schema,
      index.name,
    ]);
    if (found.rows.length > 0) continue;
    await trx.raw(`create index ?? on ??.?? (${index.columns.map(quote).join(', ')})`, [
      index.name,
      schema,
      spec.table,
    ]);
    report.createdIndexes.push(index.name);
  }
}

/** Quotes a column name for DDL (property names may hold ':' as in `binding:vif_type`). */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
