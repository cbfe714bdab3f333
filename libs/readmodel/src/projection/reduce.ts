// The pure heart of the projection: (rows, parked events) + a batch of events → new rows and
// parked events. No I/O: store.ts loads what a batch touches and writes the result back.
//
// Every event goes through the domain's state machine (applyStateEvent, Gohan's version guards);
// the projector only merges property values and keeps the bookkeeping. Config events (Created,
// Updated/Attached, DeleteRequested, Deleted) come in order per resource (one topic, keyed by
// aggregate). State events come on other topics, which the consumer may read ahead of the config
// they belong to; such an event is *parked* until it can apply, so the result does not depend on
// how the topics interleave:
//   - the resource does not exist yet, or the event's version is newer than its config version;
//   - an observation for the current version whose provisioning result has not been projected.
// Offsets make replays harmless (apply.ts), so config events need no guard of their own.
// A gw_interface port's status depends on its ese_logical_port's: a change of the ELP's status
// re-evaluates its ports (recomputeStatus), whatever order their events came in.
import type {
  DomainEvent,
  Json,
  ResourceBody,
  ResourceSchema,
  ResourceState,
  StateContext,
} from '@gohan-es/domain';
import { tableSpec } from '../schema/columns';
import type { ProjectionModel } from './model';
import type { EventKind, ParkedEvent, PositionedEvent, RowState } from './types';

export const rowKey = (type: string, id: string): string => `${type}/${id}`;
const STATE_FIELDS = ['status', 'orchestration_state', 'operational_state'] as const;

export interface ReduceInput {
  /** Existing rows of the resources the batch touches (and of their related ports / ELPs). */
  rows: ReadonlyMap<string, RowState>;
  /** Parked events of the resources the batch touches. */
  parked: ReadonlyMap<string, readonly ParkedEvent[]>;
  /** Keys of touched resources that were deleted (tombstones): their late state events are dropped. */
  deleted?: ReadonlySet<string>;
}

export interface ReduceOutput {
  /** Changed rows by key; null = delete the row (and keep a tombstone). */
  rows: Map<string, RowState | null>;
  /** New parked list of every resource whose parked events changed. */
  parked: Map<string, ParkedEvent[]>;
  applied: number;
  ignored: number;
}

/**
 * What an update changes: `changes` (only what changed; a nested object carries its merged value),
 * restricted to `changed_fields` when the event lists them (a raw Avro changes record).
 */
export function changesOf(data: ResourceBody): ResourceBody {
  const changes = data.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return {};
  const fields = data.changed_fields;
  if (!Array.isArray(fields)) return changes;
  return Object.fromEntries(
    fields.filter((f): f is string => typeof f === 'string').map((f) => [f, changes[f] ?? null]),
  );
}

function storedValues(schema: ResourceSchema, body: ResourceBody | undefined): ResourceBody {
  const out: ResourceBody = {};
  for (const { name } of tableSpec(schema).columns) {
    const value = body?.[name];
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

/** The row after the state machine: state fields, versions and error copied from the domain state. */
function withState(schema: ResourceSchema, row: RowState, state: ResourceState, at: string): RowState {
  const values = { ...row.values };
  for (const f of STATE_FIELDS) {
    if (!(f in schema.schema.properties)) continue;
    if (state[f] === null) delete values[f];
    else values[f] = state[f];
  }
  const { deleted: _deleted, ...kept } = state;
  return {
    ...row,
    values,
    state: kept,
    config_version: state.config_version,
    state_version: state.state_version,
    state_error: state.state_error,
    updated_at: at,
  };
}

export function reduceEvents(
  model: ProjectionModel,
  input: ReduceInput,
  events: readonly PositionedEvent[],
  now: string,
): ReduceOutput {
  const current = new Map<string, RowState | null>(input.rows);
  for (const key of input.deleted ?? []) if (!current.has(key)) current.set(key, null);
  const parked = new Map<string, ParkedEvent[]>([...input.parked].map(([k, v]) => [k, [...v]]));
  const out: ReduceOutput = { rows: new Map(), parked: new Map(), applied: 0, ignored: 0 };
  const setParked = (key: string, list: ParkedEvent[]) => {
    parked.set(key, list);
    out.parked.set(key, list);
  };

  const contextOf = (schema: ResourceSchema, row: RowState): StateContext => {
    const elpId = row.values.ese_logical_port_id;
    if (schema.id !== 'port' || typeof elpId !== 'string') return {};
    const elp = current.get(rowKey('ese_logical_port', elpId));
    return elp ? { ese_logical_port_status: (elp.values.status as string | undefined) ?? null } : {};
  };

  /** A port's status follows its ELP's: re-evaluate the ports an ELP lists when its status changed. */
  const propagate = (
    schema: ResourceSchema,
    before: RowState | null | undefined,
    after: RowState,
    at: string,
  ) => {
    if (schema.id !== 'ese_logical_port' || before?.values.status === after.values.status) return;
    const portSchema = model.schemaFor('port');
    const ids = Array.isArray(after.values.port_ids) ? after.values.port_ids : [];
    for (const id of ids) {
      const key = rowKey('port', String(id));
      const port = current.get(key);
      if (!portSchema || !port || !port.state.gw_interface_port) continue;
      const status = model.recomputeStatus(port.state, {
        ese_logical_port_status: (after.values.status as string | undefined) ?? null,
      });
      if (status !== port.state.status)
        setRow(portSchema, key, withState(portSchema, port, { ...port.state, status }, at));
    }
  };

  function setRow(schema: ResourceSchema, key: string, row: RowState | null, at = now) {
    const before = current.get(key);
    current.set(key, row);
    out.rows.set(key, row);
    if (row) propagate(schema, before, row, at);
  }

  /** Runs the domain's state machine for an event; false when its guards refuse it. */
  const evolve = (
    schema: ResourceSchema,
    key: string,
    event: DomainEvent,
    at: string,
    base?: RowState,
  ): boolean => {
    const row = base ?? (current.get(key) as RowState);
    const outcome = model.evolve(row.state, event, contextOf(schema, row));
    if (!outcome.applied) return false;
    let next = withState(schema, row, outcome.state, at);
    const detail = (event.data as Record<string, Json>).detail;
    if (model.classify(event) === 'observation' && detail !== undefined)
      next = { ...next, status_detail: detail };
    setRow(schema, key, next, at);
    return true;
  };

  const readiness = (kind: EventKind, key: string, version: number): 'park' | 'drop' | 'apply' => {
    const row = current.get(key);
    if (row === null) return 'drop';
    if (row === undefined || version > row.config_version) return 'park';
    if (kind === 'observation' && version === row.config_version && row.state_version < version)
      return 'park';
    return 'apply';
  };

  const drain = (schema: ResourceSchema, key: string, at: string) => {
    for (let progress = true; progress;) {
      progress = false;
      for (const p of parked.get(key) ?? []) {
        const ready = readiness(model.classify(p.event), key, p.version);
        if (ready === 'park') continue;
        if (ready === 'apply') evolve(schema, key, p.event, at);
        setParked(
          key,
          (parked.get(key) ?? []).filter((x) => x !== p),
        );
        progress = true;
        break;
      }
    }
  };

  const park = (key: string, kind: EventKind, pe: PositionedEvent) => {
    const e = pe.envelope;
    const entry: ParkedEvent = {
      topic: pe.topic,
      partition: pe.partition,
      offset: pe.offset,
      resource_type: e.aggregate_type,
      resource_id: e.aggregate_id,
      event_type: e.event_type,
      version: e.aggregate_version,
      event: stripEnvelope(e),
    };
    // Observations are snapshots: a newer one supersedes a parked older one.
    const list = (parked.get(key) ?? []).filter(
      (p) => !(kind === 'observation' && p.event_type === e.event_type),
    );
    setParked(key, sortParked(model, [...list, entry]));
  };

  for (const pe of events) {
    const e = pe.envelope;
    const schema = model.schemaFor(e.aggregate_type);
    const kind = schema ? model.classify(e) : 'ignored';
    if (!schema || kind === 'ignored') {
      out.ignored++;
      continue;
    }
    const key = rowKey(e.aggregate_type, e.aggregate_id);
    const at = e.occurred_at ?? now;
    const row = current.get(key);
    const data = (e.data ?? {}) as ResourceBody;
    let applied = true;
    if (kind === 'created') {
      const values = storedValues(schema, data.resource as ResourceBody | undefined);
      values.id = e.aggregate_id;
      if (values.tenant_id === undefined && e.tenant_id && 'tenant_id' in schema.schema.properties)
        values.tenant_id = e.tenant_id;
      const outcome = model.evolve(undefined, stripEnvelope(e), {});
      if (!outcome.applied) applied = false;
      else {
        const blank: RowState = {
          values,
          state: outcome.state,
          config_version: 0,
          state_version: 0,
          state_error: null,
          marked_for_deletion: false,
          status_detail: null,
          created_at: at,
          updated_at: at,
        };
        setRow(schema, key, withState(schema, blank, outcome.state, at), at);
        drain(schema, key, at);
      }
    } else if (kind === 'updated' || kind === 'delete_requested') {
      if (!row) applied = false;
      else {
        const values: ResourceBody = { ...row.values };
        const columns = new Set(tableSpec(schema).columns.map((c) => c.name));
        for (const [name, value] of Object.entries(changesOf(data))) {
          if (!columns.has(name) || name === 'id') continue;
          if (value === null) delete values[name];
          else values[name] = value;
        }
        const base: RowState = {
          ...row,
          values,
          marked_for_deletion: row.marked_for_deletion || kind === 'delete_requested',
          updated_at: at,
        };
        if (!evolve(schema, key, stripEnvelope(e), at, base)) {
          // Refused by the guards: keep the new values and version all the same (the log says so).
          setRow(
            schema,
            key,
            { ...base, config_version: Math.max(base.config_version, e.aggregate_version) },
            at,
          );
        }
        drain(schema, key, at);
      }
    } else if (kind === 'deleted') {
      setRow(schema, key, null);
      if ((parked.get(key) ?? []).length > 0) setParked(key, []);
    } else {
      const ready = readiness(kind, key, e.aggregate_version);
      if (ready === 'park') park(key, kind, pe);
      else applied = ready === 'apply' && evolve(schema, key, stripEnvelope(e), at);
      // A provisioning result may release an observation parked for it.
      if (applied && kind === 'state') drain(schema, key, at);
    }
    if (applied) out.applied++;
    else out.ignored++;
  }
  return out;
}

/** Provisioning results before observations; within a kind, in log order. */
function sortParked(model: ProjectionModel, list: ParkedEvent[]): ParkedEvent[] {
  const rank = (p: ParkedEvent) => (model.classify(p.event) === 'observation' ? 1 : 0);
  const cmp = (a: string | number | bigint, b: string | number | bigint) => (a < b ? -1 : a > b ? 1 : 0);
  return list.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.topic, b.topic) ||
      a.partition - b.partition ||
      cmp(BigInt(a.offset), BigInt(b.offset)),
  );
}

function stripEnvelope(e: PositionedEvent['envelope']): DomainEvent {
  const { event_type, aggregate_type, aggregate_id, aggregate_version, tenant_id, parent, data } = e;
  return parent
    ? { event_type, aggregate_type, aggregate_id, aggregate_version, tenant_id, parent, data }
    : { event_type, aggregate_type, aggregate_id, aggregate_version, tenant_id, data };
}
