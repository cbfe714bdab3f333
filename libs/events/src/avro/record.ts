// Envelope ⇄ Avro record. Every event record is flat: the envelope fields, then the payload fields,
// which are the keys of the domain event's `data`:
//   Created          resource         the full resource (a record)
//   Updated          changed_fields   names of the changed properties (a changed value may be null)
//                    changes          every property nullable; only `changed_fields` count
//   Deleted, DeleteRequested          no payload
//   state events                     their own fields
import type { ResourceBody } from '@gohan-es/domain';
import type { EventEnvelope } from '../envelope';
import { ENVELOPE_FIELDS } from '../envelope';
import { EventDecodingError, EventEncodingError } from '../errors';

export const CHANGED_FIELDS = 'changed_fields';
const envelopeFields = new Set<string>(ENVELOPE_FIELDS);

export type AvroRecord = Record<string, unknown>;

interface RawField {
  name: string;
  type: unknown;
  gohan_name?: string;
}

/** The payload fields of an event schema (its fields minus the envelope), by property name. */
export function payloadFieldsOf(schema: { fields: readonly RawField[] }): string[] {
  return schema.fields.map((f) => f.gohan_name ?? f.name).filter((name) => !envelopeFields.has(name));
}

/** True when some record field of the schema is renamed (a property name that is not an Avro name). */
export function hasRenamedFields(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasRenamedFields);
  if (!node || typeof node !== 'object') return false;
  const n = node as { type?: unknown; fields?: RawField[]; items?: unknown; values?: unknown };
  if (n.fields) return n.fields.some((f) => f.gohan_name !== undefined || hasRenamedFields(f.type));
  return (
    hasRenamedFields(n.items) ||
    hasRenamedFields(n.values) ||
    (typeof n.type === 'object' && hasRenamedFields(n.type))
  );
}

/**
 * Renames record keys between property names and Avro field names, following the schema
 * (records, arrays, maps, and the one complex branch of a nullable union).
 */
export function renameFields(value: unknown, node: unknown, direction: 'toAvro' | 'fromAvro'): unknown {
  if (value === null || value === undefined || typeof node === 'string' || !node) return value;
  if (Array.isArray(node)) {
    const complex = node.filter((branch) => branch && typeof branch === 'object');
    return complex.length === 1 ? renameFields(value, complex[0], direction) : value;
  }
  const n = node as { type?: unknown; fields?: RawField[]; items?: unknown; values?: unknown };
  if (n.type === 'record' && n.fields && typeof value === 'object') {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const field of n.fields) {
      const from = direction === 'toAvro' ? (field.gohan_name ?? field.name) : field.name;
      const to = direction === 'toAvro' ? field.name : (field.gohan_name ?? field.name);
      if (!(from in out)) continue;
      const converted = renameFields(out[from], field.type, direction);
      delete out[from];
      out[to] = converted;
    }
    return out;
  }
  if (n.type === 'array' && Array.isArray(value))
    return value.map((item) => renameFields(item, n.items, direction));
  if (n.type === 'map' && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as object).map(([k, v]) => [k, renameFields(v, n.values, direction)]),
    );
  }
  if (typeof n.type === 'object') return renameFields(value, n.type, direction);
  return value;
}

export function envelopeToRecord(envelope: EventEnvelope, payloadFields: readonly string[]): AvroRecord {
  const record: AvroRecord = {
    event_id: envelope.event_id,
    event_type: envelope.event_type,
    aggregate_type: envelope.aggregate_type,
    aggregate_id: envelope.aggregate_id,
    aggregate_version: envelope.aggregate_version,
    tenant_id: envelope.tenant_id,
    command_id: envelope.command_id,
    causation_id: envelope.causation_id ?? null,
    request_id: envelope.request_id ?? null,
    actor: envelope.actor,
    occurred_at: envelope.occurred_at,
    parent: envelope.parent ?? null,
  };
  const data = envelope.data ?? {};
  const allowed = new Set(payloadFields);
  const extra = Object.keys(data).filter((key) => !allowed.has(key) || key === CHANGED_FIELDS);
  if (extra.length > 0) {
    throw new EventEncodingError(
      `${envelope.event_type}: data has fields the event schema does not carry: ${extra.join(', ')}`,
    );
  }
  for (const field of payloadFields) {
    if (field === CHANGED_FIELDS) continue;
    record[field] = data[field] ?? null;
  }
  if (allowed.has(CHANGED_FIELDS)) {
    const changes = data.changes;
    if (!changes || typeof changes !== 'object' || Array.isArray(changes)) {
      throw new EventEncodingError(`${envelope.event_type}: data.changes must be an object`);
    }
    const present = Object.entries(changes).filter(([, value]) => value !== undefined);
    record[CHANGED_FIELDS] = present.map(([key]) => key);
    record.changes = Object.fromEntries(present);
  }
  return record;
}

/** Avro values → plain JSON-like objects (avsc decodes records into class instances). */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

export function recordToEnvelope(record: AvroRecord, payloadFields: readonly string[]): EventEnvelope {
  const actor = plain(record.actor) as EventEnvelope['actor'];
  const envelope: EventEnvelope = {
    event_id: record.event_id as string,
    event_type: record.event_type as string,
    aggregate_type: record.aggregate_type as string,
    aggregate_id: record.aggregate_id as string,
    aggregate_version: record.aggregate_version as number,
    tenant_id: record.tenant_id as string,
    command_id: record.command_id as string,
    causation_id: (record.causation_id as string | null) ?? null,
    request_id: (record.request_id as string | null) ?? null,
    actor,
    occurred_at: record.occurred_at as string,
    data: {},
  };
  if (record.parent) envelope.parent = plain(record.parent) as NonNullable<EventEnvelope['parent']>;
  const data: ResourceBody = {};
  for (const field of payloadFields) {
    if (field === CHANGED_FIELDS) continue;
    data[field] = plain(record[field]) as ResourceBody[string];
  }
  if (payloadFields.includes(CHANGED_FIELDS)) {
    const names = record[CHANGED_FIELDS];
    const all = (data.changes ?? {}) as ResourceBody;
    if (!Array.isArray(names)) throw new EventDecodingError(`${envelope.event_type}: changed_fields missing`);
    // A name the reader's schema no longer has (a removed property) is dropped.
    data.changes = Object.fromEntries(
      (names as string[]).filter((name) => name in all).map((name) => [name, all[name]!]),
    );
  }
  envelope.data = data;
  return envelope;
}
