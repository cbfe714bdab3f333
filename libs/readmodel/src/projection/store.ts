// Row I/O of a projection batch: load the rows, parked events and tombstones a batch touches (one
// query per table and chunk) plus the ports / ese_logical_ports related to them, and write back
// the reduced result with multi-row statements.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { stateFromCreated } from '@gohan-es/domain';
import type { ResourceBody, ResourceSchema, ResourceState } from '@gohan-es/domain';
import { BOOKKEEPING_COLUMNS, tableSpec } from '../schema/columns';
import type { BookkeepingColumn } from '../schema/columns';
import { PARKED_TABLE, TOMBSTONES_TABLE } from '../schema/names';
import { encodeValue, rowValues } from '../query/rows';
import type { DbRow } from '../query/rows';
import type { ProjectionModel } from './model';
import type { OwnedKeys } from './owned';
import { changesOf, rowKey } from './reduce';
import type { ParkedEvent, PositionedEvent, RowState } from './types';

const CHUNK = 500;
type Keys = Map<ResourceSchema, Set<string>>;

/** Keys per lookup statement (one array bind parameter per key column). */
const LOAD_CHUNK = 10_000;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** (type, id) pairs as two parallel array bindings, for `in (select * from unnest(...))`. */
const pairArrays = (pairs: readonly (readonly string[])[]): Knex.RawBinding[] => [
  pairs.map((p) => p[0]!) as unknown as Knex.RawBinding,
  pairs.map((p) => p[1]!) as unknown as Knex.RawBinding,
];

const splitKey = (key: string): [string, string] => [
  key.slice(0, key.indexOf('/')),
  key.slice(key.indexOf('/') + 1),
];

function add(keys: Keys, schema: ResourceSchema | undefined, id: unknown): void {
  if (!schema || typeof id !== 'string' || id === '') return;
  let ids = keys.get(schema);
  if (!ids) keys.set(schema, (ids = new Set()));
  ids.add(id);
}

/** Resource type → ids the batch is about (only types with a schema). */
export function touchedResources(model: ProjectionModel, events: readonly PositionedEvent[]): Keys {
  const out: Keys = new Map();
  for (const { envelope } of events)
    add(out, model.schemaFor(envelope.aggregate_type), envelope.aggregate_id);
  return out;
}

/** The ELP of each touched port and the ports of each touched ELP (a port's status follows its ELP). */
function relatedResources(
  model: ProjectionModel,
  events: readonly PositionedEvent[],
  rows: Map<string, RowState>,
): Keys {
  const out: Keys = new Map();
  const note = (type: string, body: ResourceBody) => {
    if (type === 'port') add(out, model.schemaFor('ese_logical_port'), body.ese_logical_port_id);
    if (type === 'ese_logical_port' && Array.isArray(body.port_ids))
      for (const id of body.port_ids) add(out, model.schemaFor('port'), id);
  };
  for (const [key, row] of rows) note(splitKey(key)[0], row.values);
  for (const { envelope } of events) {
    const data = (envelope.data ?? {}) as ResourceBody;
    note(envelope.aggregate_type, (data.resource as ResourceBody | undefined) ?? changesOf(data));
  }
  return out;
}

/** The rows of the touched resources, then those of their related ports / ELPs not loaded yet. */
export async function loadRows(
  trx: Knex.Transaction,
  dbSchema: string,
  model: ProjectionModel,
  events: readonly PositionedEvent[],
  touched: Keys,
  owned?: OwnedKeys,
) {
  const rows = new Map<string, RowState>();
  const load = async (keys: Keys) => {
    for (const [schema, ids] of keys) {
      const wanted = [...ids].filter((id) => {
        const key = rowKey(schema.id, id);
        return !rows.has(key) && (owned?.mayHave(key) ?? true);
      });
      for (const part of chunks(wanted, LOAD_CHUNK)) {
        const found: DbRow[] = (
          await trx.raw(`select * from ??.?? where "id" = any(?::text[])`, [
            dbSchema,
            tableSpec(schema).table,
            part as unknown as Knex.RawBinding,
          ])
        ).rows;
        for (const r of found) rows.set(rowKey(schema.id, String(r.id)), toRowState(schema, r));
      }
    }
  };
  await load(touched);
  await load(relatedResources(model, events, rows));
  return rows;
}

function toRowState(schema: ResourceSchema, r: DbRow): RowState {
  const time = (v: unknown) =>
    v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);
  const values = rowValues(schema, r);
  const config_version = Number(r.config_version);
  const state_version = Number(r.state_version);
  const state_error = (r.state_error as string | null) ?? null;
  // A row without a stored domain state (written before it was kept) gets one derived from its values.
  const state = (r.domain_state as ResourceState | null) ?? {
    ...stateFromCreated({
      event_type: '',
      aggregate_type: schema.id,
      aggregate_id: String(r.id),
      aggregate_version: config_version,
      tenant_id: '',
      data: { resource: values },
    }),
    state_version,
    state_error,
  };
  return {
    values,
    state,
    config_version,
    state_version,
    state_error,
    marked_for_deletion: Boolean(r.marked_for_deletion),
    status_detail: (r.status_detail as RowState['status_detail']) ?? null,
    created_at: time(r.created_at),
    updated_at: time(r.updated_at),
  };
}

export async function loadParked(trx: Knex.Transaction, dbSchema: string, touched: Keys, owned?: OwnedKeys) {
  const pairs = [...touched].flatMap(([schema, ids]) =>
    [...ids].filter((id) => owned?.mayHave(rowKey(schema.id, id)) ?? true).map((id) => [schema.id, id]),
  );
  const parked = new Map<string, ParkedEvent[]>();
  for (const part of chunks(pairs, LOAD_CHUNK)) {
    const found: ParkedEvent[] = (
      await trx.raw(
        `select p.* from ??.?? as p
          where (p.resource_type, p.resource_id) in (select * from unnest(?::text[], ?::text[]))
          order by p.topic, p.partition, p."offset"`,
        [dbSchema, PARKED_TABLE, ...pairArrays(part)],
      )
    ).rows;
    for (const p of found) {
      const key = rowKey(p.resource_type, p.resource_id);
      parked.set(key, [...(parked.get(key) ?? []), { ...p, offset: String(p.offset) }]);
    }
  }
  return parked;
}

/** Keys without a row that have a tombstone (deleted earlier). */
export async function loadTombstones(
  trx: Knex.Transaction,
  dbSchema: string,
  touched: Keys,
  rows: Map<string, RowState>,
  owned?: OwnedKeys,
): Promise<Set<string>> {
  const missing = [...touched].flatMap(([schema, ids]) =>
    [...ids]
      .filter((id) => {
        const key = rowKey(schema.id, id);
        return !rows.has(key) && (owned?.mayHave(key) ?? true);
      })
      .map((id) => [schema.id, id]),
  );
  const deleted = new Set<string>();
  for (const part of chunks(missing, LOAD_CHUNK)) {
    const found: { resource_type: string; resource_id: string }[] = (
      await trx.raw(
        `select t.resource_type, t.resource_id from ??.?? as t
          where (t.resource_type, t.resource_id) in (select * from unnest(?::text[], ?::text[]))`,
        [dbSchema, TOMBSTONES_TABLE, ...pairArrays(part)],
      )
    ).rows;
    for (const t of found) deleted.add(rowKey(t.resource_type, t.resource_id));
  }
  return deleted;
}

export async function writeTombstones(
  trx: Knex.Transaction,
  dbSchema: string,
  before: Set<string>,
  changed: Map<string, RowState | null>,
) {
  const added = [...changed].filter(([, row]) => row === null).map(([key]) => splitKey(key));
  const removed = [...changed]
    .filter(([key, row]) => row !== null && before.has(key))
    .map(([key]) => splitKey(key));
  for (const part of chunks(added)) {
    const rows = part.map(([resource_type, resource_id]) => ({ resource_type, resource_id }));
    await trx
      .withSchema(dbSchema)
      .table(TOMBSTONES_TABLE)
      .insert(rows)
      .onConflict(['resource_type', 'resource_id'])
      .ignore();
  }
  for (const part of chunks(removed)) {
    await trx
      .withSchema(dbSchema)
      .table(TOMBSTONES_TABLE)
      .whereIn(['resource_type', 'resource_id'], part)
      .delete();
  }
}

interface UpsertColumn {
  name: string;
  /** The column's Postgres type (the UNNEST text arrays are cast to it). */
  type: string;
  value: (id: string, row: RowState) => string | null;
}

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : String(v);

const upsertColumnsCache = new WeakMap<ResourceSchema, UpsertColumn[]>();

/** Every column of a resource table with how to get its value from a row, as text (or null). */
export function upsertColumns(schema: ResourceSchema): UpsertColumn[] {
  const cached = upsertColumnsCache.get(schema);
  if (cached) return cached;
  const columns: UpsertColumn[] = tableSpec(schema).columns.map((column) => ({
    name: column.name,
    type: column.pgType,
    value:
      column.name === 'id'
        ? (id: string) => id
        : (_id: string, row: RowState) => text(encodeValue(column, row.values[column.name])),
  }));
  const book: Record<BookkeepingColumn, (row: RowState) => unknown> = {
    config_version: (r) => r.config_version,
    state_version: (r) => r.state_version,
    state_error: (r) => r.state_error,
    marked_for_deletion: (r) => r.marked_for_deletion,
    status_detail: (r) => (r.status_detail === null ? null : JSON.stringify(r.status_detail)),
    domain_state: (r) => JSON.stringify(r.state),
    created_at: (r) => r.created_at,
    updated_at: (r) => r.updated_at,
  };
  for (const [name, get] of Object.entries(book) as [BookkeepingColumn, (row: RowState) => unknown][])
    columns.push({
      name,
      type: BOOKKEEPING_COLUMNS[name].split(' ')[0]!,
      value: (_id, row) => text(get(row)),
    });
  upsertColumnsCache.set(schema, columns);
  return columns;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One statement per table and chunk: INSERT ... SELECT FROM UNNEST(one text[] per column) ON
 * CONFLICT (id) DO UPDATE — a bind parameter per column instead of per value.
 */
async function upsertRows(
  trx: Knex.Transaction,
  dbSchema: string,
  schema: ResourceSchema,
  rows: readonly [string, RowState][],
): Promise<void> {
  const columns = upsertColumns(schema);
  const names = columns.map((c) => quoteIdent(c.name));
  const sql =
    `insert into ${quoteIdent(dbSchema)}.${quoteIdent(tableSpec(schema).table)} (${names.join(', ')}) ` +
    `select ${columns.map((c, i) => `u.c${i}::${c.type}`).join(', ')} ` +
    `from unnest(${columns.map(() => '?::text[]').join(', ')}) as u(${columns.map((_, i) => `c${i}`).join(', ')}) ` +
    `on conflict ("id") do update set ${names
      .filter((n) => n !== '"id"')
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    const part = rows.slice(i, i + UPSERT_CHUNK);
    await trx.raw(
      sql,
      columns.map((c) => part.map(([id, row]) => c.value(id, row))) as unknown as Knex.RawBinding[],
    );
  }
}

const UPSERT_CHUNK = 5000;

/** A value in COPY's text format: \N for null; backslash, newline, carriage return and tab escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\n\r\t]/.test(value)
    ? value.replace(/[\\\n\r\t]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
      )
    : value;
}

/** Rows per string handed to the COPY stream. */
const COPY_CHUNK = 500;

/**
 * Rebuild only: rows known to be absent, with one COPY … FROM STDIN per table (text format, the
 * same text per column as the upsert's arrays, parsed by the same input functions). A row that
 * exists after all fails the COPY, and with it the transaction — never a silent overwrite.
 */
async function copyRows(
  trx: Knex.Transaction,
  dbSchema: string,
  schema: ResourceSchema,
  rows: readonly [string, RowState][],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = upsertColumns(schema);
  const sql =
    `copy ${quoteIdent(dbSchema)}.${quoteIdent(tableSpec(schema).table)} ` +
    `(${columns.map((c) => quoteIdent(c.name)).join(', ')}) from stdin`;
  function* lines(): Generator<string> {
    for (let i = 0; i < rows.length; i += COPY_CHUNK) {
      let text = '';
      for (const [id, row] of rows.slice(i, i + COPY_CHUNK))
        text += `${columns.map((c) => copyText(c.value(id, row))).join('\t')}\n`;
      yield text;
    }
  }
  // The transaction's own connection (knex hands out the same one for every query of a trx).
  const client = (await trx.client.acquireConnection()) as ClientBase;
  try {
    await pipeline(Readable.from(lines()), client.query(copyFrom(sql)));
  } finally {
    await trx.client.releaseConnection(client);
  }
}

/**
 * Upserts the changed rows (INSERT ... ON CONFLICT (id) DO UPDATE) and deletes the removed ones,
 * per table. With `loaded` (rebuild only, see OwnedKeys): every changed row not among the loaded
 * ones is known to be absent, so it is inserted with COPY, and deleting it is a no-op.
 */
export async function writeRows(
  trx: Knex.Transaction,
  dbSchema: string,
  model: ProjectionModel,
  changed: Map<string, RowState | null>,
  loaded?: ReadonlyMap<string, RowState>,
) {
  const byType = new Map<
    string,
    { upserts: [string, RowState][]; inserts: [string, RowState][]; deletes: string[] }
  >();
  for (const [key, row] of changed) {
    const [type, id] = splitKey(key);
    if (!model.schemaFor(type)) continue;
    let entry = byType.get(type);
    if (!entry) byType.set(type, (entry = { upserts: [], inserts: [], deletes: [] }));
    const absent = loaded !== undefined && !loaded.has(key);
    if (row === null) {
      if (!absent) entry.deletes.push(id);
    } else (absent ? entry.inserts : entry.upserts).push([id, row]);
  }
  for (const [type, { upserts, inserts, deletes }] of byType) {
    const schema = model.schemaFor(type)!;
    const table = tableSpec(schema).table;
    for (const part of chunks(deletes))
      await trx.withSchema(dbSchema).table(table).whereIn('id', part).delete();
    await upsertRows(trx, dbSchema, schema, upserts);
    await copyRows(trx, dbSchema, schema, inserts);
  }
}

export async function writeParked(
  trx: Knex.Transaction,
  dbSchema: string,
  parked: Map<string, ParkedEvent[]>,
  owned?: OwnedKeys,
): Promise<void> {
  if (parked.size === 0) return;
  const stored = [...parked.keys()].filter((key) => owned?.mayHave(key) ?? true);
  for (const part of chunks(stored.map(splitKey))) {
    await trx
      .withSchema(dbSchema)
      .table(PARKED_TABLE)
      .whereIn(['resource_type', 'resource_id'], part)
      .delete();
  }
  const rows = [...parked.values()].flat().map((p) => ({ ...p, event: JSON.stringify(p.event) }));
  for (const part of chunks(rows)) await trx.withSchema(dbSchema).table(PARKED_TABLE).insert(part);
}
