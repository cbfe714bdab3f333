// Row I/O of a projection batch: load the rows, parked events and tombstones a batch touches (one
// query per table and chunk) plus the ports / ese_logical_ports related to them, and write back
// the reduced result with multi-row statements.
import type { Knex } from 'knex';
import { stateFromCreated } from '@gohan-es/domain';
import type { ResourceBody, ResourceSchema, ResourceState } from '@gohan-es/domain';
import { tableSpec } from '../schema/columns';
import { PARKED_TABLE, TOMBSTONES_TABLE } from '../schema/names';
import { encodeValue, rowValues } from '../query/rows';
import type { DbRow } from '../query/rows';
import type { ProjectionModel } from './model';
import { changesOf, rowKey } from './reduce';
import type { ParkedEvent, PositionedEvent, RowState } from './types';

const CHUNK = 500;
type Keys = Map<ResourceSchema, Set<string>>;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

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
) {
  const rows = new Map<string, RowState>();
  const load = async (keys: Keys) => {
    for (const [schema, ids] of keys) {
      const wanted = [...ids].filter((id) => !rows.has(rowKey(schema.id, id)));
      for (const part of chunks(wanted)) {
        const found: DbRow[] = await trx
          .withSchema(dbSchema)
          .from(tableSpec(schema).table)
          .whereIn('id', part)
          .select('*');
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

export async function loadParked(trx: Knex.Transaction, dbSchema: string, touched: Keys) {
  const pairs = [...touched].flatMap(([schema, ids]) => [...ids].map((id) => [schema.id, id]));
  const parked = new Map<string, ParkedEvent[]>();
  for (const part of chunks(pairs)) {
    const found: ParkedEvent[] = await trx
      .withSchema(dbSchema)
      .from(PARKED_TABLE)
      .whereIn(['resource_type', 'resource_id'], part)
      .orderBy(['topic', 'partition', 'offset'])
      .select('*');
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
): Promise<Set<string>> {
  const missing = [...touched].flatMap(([schema, ids]) =>
    [...ids].filter((id) => !rows.has(rowKey(schema.id, id))).map((id) => [schema.id, id]),
  );
  const deleted = new Set<string>();
  for (const part of chunks(missing)) {
    const found: { resource_type: string; resource_id: string }[] = await trx
      .withSchema(dbSchema)
      .from(TOMBSTONES_TABLE)
      .whereIn(['resource_type', 'resource_id'], part)
      .select('resource_type', 'resource_id');
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

function toDbRow(schema: ResourceSchema, id: string, row: RowState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of tableSpec(schema).columns)
    out[column.name] = encodeValue(column, row.values[column.name]);
  out.id = id;
  out.config_version = row.config_version;
  out.state_version = row.state_version;
  out.state_error = row.state_error;
  out.marked_for_deletion = row.marked_for_deletion;
  out.status_detail = row.status_detail === null ? null : JSON.stringify(row.status_detail);
  out.domain_state = JSON.stringify(row.state);
  out.created_at = row.created_at;
  out.updated_at = row.updated_at;
  return out;
}

/** Upserts the changed rows (INSERT ... ON CONFLICT (id) DO UPDATE) and deletes the removed ones, per table. */
export async function writeRows(
  trx: Knex.Transaction,
  dbSchema: string,
  model: ProjectionModel,
  changed: Map<string, RowState | null>,
) {
  const byType = new Map<string, { upserts: Record<string, unknown>[]; deletes: string[] }>();
  for (const [key, row] of changed) {
    const [type, id] = splitKey(key);
    const schema = model.schemaFor(type);
    if (!schema) continue;
    let entry = byType.get(type);
    if (!entry) byType.set(type, (entry = { upserts: [], deletes: [] }));
    if (row === null) entry.deletes.push(id);
    else entry.upserts.push(toDbRow(schema, id, row));
  }
  for (const [type, { upserts, deletes }] of byType) {
    const table = tableSpec(model.schemaFor(type)!).table;
    for (const part of chunks(deletes))
      await trx.withSchema(dbSchema).table(table).whereIn('id', part).delete();
    for (const part of chunks(upserts))
      await trx.withSchema(dbSchema).table(table).insert(part).onConflict('id').merge();
  }
}

export async function writeParked(
  trx: Knex.Transaction,
  dbSchema: string,
  parked: Map<string, ParkedEvent[]>,
): Promise<void> {
  if (parked.size === 0) return;
  for (const part of chunks([...parked.keys()].map(splitKey))) {
    await trx
      .withSchema(dbSchema)
      .table(PARKED_TABLE)
      .whereIn(['resource_type', 'resource_id'], part)
      .delete();
  }
  const rows = [...parked.values()].flat().map((p) => ({ ...p, event: JSON.stringify(p.event) }));
  for (const part of chunks(rows)) await trx.withSchema(dbSchema).table(PARKED_TABLE).insert(part);
}
