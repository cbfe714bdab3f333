// The decider's in-memory write model (ARCHITECTURE.md §2): every live resource by type and id
// with its body, config version, tenant and two-step-delete flag, plus the indexes the rules need:
// unique values per (type, field), per resource who references it (also split by referrer type),
// and the secondary lookups of model/indexes.ts. Built only by evolve() from config events;
// deterministic, so replaying the log rebuilds the same model (indexes included).
import { schemaById } from '../resources';
import type { ResourceSchema } from '../schema/types';
import { catalogEntry } from './event-catalog';
import type { DomainEvent, Json, ResourceBody } from './events';
import type { IndexName } from './indexes';
import { SECONDARY_INDEXES, indexesByType } from './indexes';
import { relationRefs } from './relations';

export interface ResourceRecord {
  readonly resource_type: string;
  readonly id: string;
  readonly tenant_id: string;
  body: ResourceBody;
  /** Config version: 1 at create, +1 on every update, attach and delete request. */
  version: number;
  marked_for_deletion: boolean;
  /** The resource whose command created this one (ports / ELPs of a gw_interface, DHCP port). */
  readonly parent?: { aggregate_type: string; aggregate_id: string };
}

export interface WriteModel {
  readonly resources: Map<string, Map<string, ResourceRecord>>;
  /** `type.field` → JSON of the value → id of the resource holding it. */
  readonly uniques: Map<string, Map<string, string>>;
  /** `type/id` of a target → `type/id` of every resource referencing it. */
  readonly referrers: Map<string, Set<string>>;
  /** `type/id` of a target → type of the referencing resources → their ids (same data as referrers). */
  readonly referrersByType: Map<string, Map<string, Set<string>>>;
  /** Secondary index name (model/indexes.ts) → key → ids of the resources listed under it. */
  readonly lookups: Map<string, Map<string, Set<string>>>;
  /** Number of events applied (for diagnostics and snapshots). */
  eventCount: number;
}

export function createWriteModel(): WriteModel {
  return {
    resources: new Map(),
    uniques: new Map(),
    referrers: new Map(),
    referrersByType: new Map(),
    lookups: new Map(),
    eventCount: 0,
  };
}

export const resourceKey = (type: string, id: string): string => `${type}/${id}`;

export function getResource(model: WriteModel, type: string, id: string): ResourceRecord | undefined {
  return model.resources.get(type)?.get(id);
}

export function listResources(model: WriteModel, type: string): ResourceRecord[] {
  return [...(model.resources.get(type)?.values() ?? [])];
}

export function getByKey(model: WriteModel, key: string): ResourceRecord | undefined {
  const slash = key.indexOf('/');
  return getResource(model, key.slice(0, slash), key.slice(slash + 1));
}

/** Records referencing the given resource (by any relation); only those of `referrerType`, if given. */
export function referrersOf(
  model: WriteModel,
  type: string,
  id: string,
  referrerType?: string,
): ResourceRecord[] {
  const target = resourceKey(type, id);
  if (referrerType !== undefined) {
    const ids = model.referrersByType.get(target)?.get(referrerType);
    return ids === undefined ? [] : recordsOf(model, referrerType, ids);
  }
  const keys = model.referrers.get(target) ?? new Set<string>();
  return [...keys].map((k) => getByKey(model, k)).filter((r): r is ResourceRecord => r !== undefined);
}

function recordsOf(model: WriteModel, type: string, ids: Iterable<string>): ResourceRecord[] {
  const byId = model.resources.get(type);
  const out: ResourceRecord[] = [];
  if (byId === undefined) return out;
  for (const id of ids) {
    const record = byId.get(id);
    if (record !== undefined) out.push(record);
  }
  return out;
}

/** Ids listed under `key` in secondary index `name` (keys: lookupKey of model/indexes.ts). */
export function lookupIds(model: WriteModel, name: IndexName, key: string): ReadonlySet<string> {
  return model.lookups.get(name)?.get(key) ?? EMPTY;
}

/** Records listed under `key` in secondary index `name`, in the order they were indexed. */
export function lookupRecords(model: WriteModel, name: IndexName, key: string): ResourceRecord[] {
  const ids = model.lookups.get(name)?.get(key);
  return ids === undefined ? [] : recordsOf(model, SECONDARY_INDEXES[name].type, ids);
}

const EMPTY: ReadonlySet<string> = new Set<string>();

export const uniqueKey = (value: Json | undefined): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : JSON.stringify(value);

/** Id of the resource of `type` holding `value` in unique field `field`, if any. */
export function uniqueHolder(
  model: WriteModel,
  type: string,
  field: string,
  value: Json | undefined,
): string | undefined {
  const key = uniqueKey(value);
  return key === undefined ? undefined : model.uniques.get(`${type}.${field}`)?.get(key);
}

function index(
  model: WriteModel,
  schema: ResourceSchema,
  record: ResourceRecord,
  add: boolean,
  only?: readonly string[],
): void {
  const self = resourceKey(record.resource_type, record.id);
  for (const [name, p] of Object.entries(schema.schema.properties)) {
    if (p.unique !== true || (only !== undefined && !only.includes(name))) continue;
    const key = uniqueKey(record.body[name]);
    if (key === undefined) continue;
    const bucket = model.uniques.get(`${schema.id}.${name}`) ?? new Map<string, string>();
    model.uniques.set(`${schema.id}.${name}`, bucket);
    if (add) bucket.set(key, record.id);
    else if (bucket.get(key) === record.id) bucket.delete(key);
  }
  for (const ref of relationRefs(schema, record.body, only)) {
    const target = resourceKey(ref.target_type, ref.target_id);
    const set = model.referrers.get(target) ?? new Set<string>();
    model.referrers.set(target, set);
    if (add) set.add(self);
    else set.delete(self);
    if (set.size === 0) model.referrers.delete(target);
    const byType = model.referrersByType.get(target) ?? new Map<string, Set<string>>();
    model.referrersByType.set(target, byType);
    const ids = byType.get(record.resource_type) ?? new Set<string>();
    byType.set(record.resource_type, ids);
    if (add) ids.add(record.id);
    else ids.delete(record.id);
    if (ids.size === 0) byType.delete(record.resource_type);
    if (byType.size === 0) model.referrersByType.delete(target);
  }
}

/** Moves the record between the buckets of its type's secondary indexes (old body → new body). */
function reindex(
  model: WriteModel,
  record: ResourceRecord,
  before: ResourceBody | undefined,
  after: ResourceBody | undefined,
  changed?: readonly string[],
): void {
  for (const [name, def] of indexesByType.get(record.resource_type) ?? []) {
    if (changed !== undefined && !def.fields.some((f) => changed.includes(f))) continue;
    const oldKeys = before === undefined ? [] : def.keys(before);
    const newKeys = after === undefined ? [] : def.keys(after);
    const buckets = model.lookups.get(name) ?? new Map<string, Set<string>>();
    model.lookups.set(name, buckets);
    for (const key of oldKeys) {
      if (newKeys.includes(key)) continue;
      const ids = buckets.get(key);
      ids?.delete(record.id);
      if (ids?.size === 0) buckets.delete(key);
    }
    for (const key of newKeys) {
      if (oldKeys.includes(key)) continue;
      const ids = buckets.get(key) ?? new Set<string>();
      buckets.set(key, ids);
      ids.add(record.id);
    }
    if (buckets.size === 0) model.lookups.delete(name);
  }
}

function schemaOf(type: string): ResourceSchema {
  const schema = schemaById(type);
  if (schema === undefined) throw new Error(`evolve: unknown aggregate_type ${type}`);
  return schema;
}

function requireRecord(model: WriteModel, event: DomainEvent): ResourceRecord {
  const record = getResource(model, event.aggregate_type, event.aggregate_id);
  if (record === undefined)
    throw new Error(`evolve: ${event.event_type} for unknown ${event.aggregate_type} ${event.aggregate_id}`);
  return record;
}

/**
 * Applies one event to the model (mutating it) and returns it. Config events only; state events
 * (provisioning results, observations) leave the write model unchanged. Throws on an event type
 * it does not know, so a replay never silently diverges.
 */
export function evolve(model: WriteModel, event: DomainEvent): WriteModel {
  const entry = catalogEntry(event.event_type);
  if (entry === undefined) throw new Error(`evolve: unknown event_type ${event.event_type}`);
  model.eventCount += 1;
  if (entry.kind === 'state') return model;
  const schema = schemaOf(event.aggregate_type);
  switch (entry.kind) {
    case 'created': {
      const record: ResourceRecord = {
        resource_type: schema.id,
        id: event.aggregate_id,
        tenant_id: event.tenant_id,
        body: { ...(event.data['resource'] as ResourceBody) },
        version: event.aggregate_version,
        marked_for_deletion: false,
        ...(event.parent === undefined ? {} : { parent: event.parent }),
      };
      const byId = model.resources.get(schema.id) ?? new Map<string, ResourceRecord>();
      model.resources.set(schema.id, byId);
      byId.set(record.id, record);
      index(model, schema, record, true);
      reindex(model, record, undefined, record.body);
      return model;
    }
    case 'updated':
    case 'attached': {
      const record = requireRecord(model, event);
      const changes = event.data['changes'] as ResourceBody;
      const names = Object.keys(changes);
      const before = record.body;
      index(model, schema, record, false, names);
      record.body = { ...record.body, ...changes };
      index(model, schema, record, true, names);
      reindex(model, record, before, record.body, names);
      record.version = event.aggregate_version;
      return model;
    }
    case 'delete-requested': {
      const record = requireRecord(model, event);
      record.marked_for_deletion = true;
      record.version = event.aggregate_version;
      return model;
    }
    case 'deleted': {
      const record = requireRecord(model, event);
      index(model, schema, record, false);
      reindex(model, record, record.body, undefined);
      model.resources.get(schema.id)?.delete(record.id);
      return model;
    }
  }
}

/** Folds events into a fresh model (replay). */
export function replay(events: Iterable<DomainEvent>, model: WriteModel = createWriteModel()): WriteModel {
  for (const event of events) evolve(model, event);
  return model;
}
