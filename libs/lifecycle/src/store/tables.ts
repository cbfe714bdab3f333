// The tables every fact consumer keeps in its own Postgres schema: its facts (keyed by event id) and
// its consumed offsets (the read model's `projection_offsets` shape, so @gohan-es/readmodel's
// offsetMap / waitForOffset work on it with `dbSchema`). Idempotent: safe at every start.
import type { Knex } from 'knex';
import { OFFSETS_TABLE } from '@gohan-es/readmodel';

export const FACTS_TABLE = 'lifecycle_facts';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Postgres schema names are interpolated as identifiers: accept only plain lowercase names. */
export function assertSchemaName(name: string): string {
  if (!IDENTIFIER.test(name) || name.startsWith('pg_'))
    throw new Error(
      `invalid Postgres schema name ${JSON.stringify(name)} (lowercase letters, digits, _; max 63)`,
    );
  return name;
}
export { OFFSETS_TABLE };

export async function tableExists(
  trx: Knex | Knex.Transaction,
  schema: string,
  table: string,
): Promise<boolean> {
  const { rows } = await trx.raw(
    'select 1 from information_schema.tables where table_schema = ? and table_name = ?',
    [schema, table],
  );
  return rows.length > 0;
}

/** Creates the schema, the facts and the offsets tables when missing (call inside a migration transaction). */
export async function createFactTables(trx: Knex.Transaction, dbSchema: string): Promise<string[]> {
  const schema = assertSchemaName(dbSchema);
  const created: string[] = [];
  await trx.raw('create schema if not exists ??', [schema]);
  if (!(await tableExists(trx, schema, OFFSETS_TABLE))) {
    await trx.raw(
      `create table ??.?? (
         consumer text not null, topic text not null, partition integer not null,
         next_offset bigint not null, updated_at timestamptz not null default now(),
         primary key (consumer, topic, partition))`,
      [schema, OFFSETS_TABLE],
    );
    created.push(OFFSETS_TABLE);
  }
  if (!(await tableExists(trx, schema, FACTS_TABLE))) {
    await trx.raw(
      `create table ??.?? (
         event_id text primary key, event_type text not null,
         resource_type text not null, resource_id text not null, tenant_id text not null,
         version integer not null, occurred_at text not null,
         topic text not null, partition integer not null, "offset" bigint not null,
         ref_id text, data jsonb not null)`,
      [schema, FACTS_TABLE],
    );
    await trx.raw('create index ?? on ??.?? (resource_type, resource_id)', [
      `${FACTS_TABLE}_resource_idx`,
      schema,
      FACTS_TABLE,
    ]);
    await trx.raw('create index ?? on ??.?? (ref_id) where ref_id is not null', [
      `${FACTS_TABLE}_ref_idx`,
      schema,
      FACTS_TABLE,
    ]);
    created.push(FACTS_TABLE);
  }
  return created;
}

/** Runs a migration under a transaction-level advisory lock (several processes may start at once). */
export async function migrateWithLock(
  db: Knex,
  lockName: string,
  work: (trx: Knex.Transaction) => Promise<string[]>,
): Promise<string[]> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [lockName]);
    return work(trx);
  });
}
