// The decider's in-memory write model (ARCHITECTURE.md §2): every live resource by type and id
// with its body, config version, tenant and two-step-delete flag, plus two indexes the rules need:
// unique values per (type, field) and, per resource, who references it. Built only by evolve()
// from config events; deterministic, so replaying the log rebuilds the same model.
import { schemaById } from '../resources';
import type { ResourceSchema } from '../schema/types';
import { catalogEntry } from './event-catalog';
import type { DomainEvent, Json, ResourceBody } from './events';
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
  /** Number of events applied (for diagnostics and snapshots). */
  eventCount: number;
}

export function createWriteModel(): WriteModel {
  return { resources: new Map(), uniques: new Map(), referrers: new Map(), eventCount: 0 };
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

/** Records referencing the given resource (by any relation). */
export function referrersOf(model: WriteModel, type: string, id: string): ResourceRecord[] {
  const keys = model.referrers.get(resourceKey(type, id)) ?? new Set<string>();
  return [...keys].map((k) => getByKey(model, k)).filter((r): r is ResourceRecord => r !== undefined);
}

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
      return model;
    }
    case 'updated':
    case 'attached': {
      const record = requireRecord(model, event);
      const changes = event.data['changes'] as ResourceBody;
      const names = Object.keys(changes);
      index(model, schema, record, false, names);
      record.body = { ...record.body, ...changes };
      index(model, schema, record, true, names);
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
