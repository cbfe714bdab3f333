// Lifecycle facts: the events of one resource, trimmed to what a stream consumer needs, with their
// log position. A consumer stores them keyed by event id (idempotent) and derives its rows from the
// *set* of a resource's facts (timeline.ts), never from the order it happened to consume them in —
// so a replay of the log reproduces the same rows whatever the interleaving of the topics.
import { resourceEventKind } from '@gohan-es/domain';
import type { DomainEvent, ResourceBody, ResourceEventKind } from '@gohan-es/domain';

export interface LifecycleFact {
  event_id: string;
  event_type: string;
  resource_type: string;
  resource_id: string;
  tenant_id: string;
  /** aggregate_version: the config version after a config event, the one a state event belongs to. */
  version: number;
  /** The envelope's occurred_at (ISO-8601 UTC). Never the consumer's clock. */
  occurred_at: string;
  topic: string;
  partition: number;
  /** int64 decimal string. */
  offset: string;
  /** Created: { resource } (kept keys); Updated/Attached: { changes } (kept keys); state events: their data. */
  data: ResourceBody;
}

/** An event as the consumers receive it (the shape of @gohan-es/events' ConsumedEvent). */
export interface PositionedEnvelope {
  topic: string;
  partition: number;
  offset: string;
  envelope: DomainEvent & { event_id: string; occurred_at: string };
}

export type FactKind = ResourceEventKind;

/** What the domain's state machine reads from a Created resource (state-machines.ts stateFromCreated). */
export const STATE_KEYS = [
  'status',
  'orchestration_state',
  'operational_state',
  'device_owner',
  'gw_interface_id',
  'connected_resource',
] as const;

/** The catalogue's kind of a fact's event (undefined: not a lifecycle event). */
export const factKind: (eventType: string) => FactKind | undefined = resourceEventKind;

function pick(body: unknown, keys: ReadonlySet<string>): ResourceBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: ResourceBody = {};
  for (const [key, value] of Object.entries(body as ResourceBody))
    if (keys.has(key) && value !== undefined) out[key] = value;
  return out;
}

/**
 * The fact of an event, keeping the state keys plus `keep` of a Created resource or an update's
 * changes. undefined for an event type the domain does not know.
 */
export function factOf(event: PositionedEnvelope, keep: readonly string[] = []): LifecycleFact | undefined {
  const e = event.envelope;
  const kind = factKind(e.event_type);
  if (kind === undefined) return undefined;
  const data = (e.data ?? {}) as ResourceBody;
  let trimmed: ResourceBody;
  if (kind === 'created') trimmed = { resource: pick(data.resource, new Set([...STATE_KEYS, ...keep])) };
  else if (kind === 'updated') trimmed = { changes: pick(data.changes, new Set(keep)) };
  else if (kind === 'result' || kind === 'observation') trimmed = data;
  else trimmed = {};
  return {
    event_id: e.event_id,
    event_type: e.event_type,
    resource_type: e.aggregate_type,
    resource_id: e.aggregate_id,
    tenant_id: e.tenant_id,
    version: e.aggregate_version,
    occurred_at: e.occurred_at,
    topic: event.topic,
    partition: event.partition,
    offset: event.offset,
    data: trimmed,
  };
}

const RANK: Readonly<Record<FactKind, number>> = {
  created: 0,
  updated: 1,
  delete_requested: 2,
  result: 3,
  observation: 4,
  deleted: 5,
};

const cmp = (a: string | number | bigint, b: string | number | bigint): number =>
  a < b ? -1 : a > b ? 1 : 0;

/** Epoch milliseconds of an ISO timestamp (NaN sorts last). */
export function timeOf(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * A total order over facts that depends only on the facts themselves: time they happened, then the
 * causal rank of their kind (config before results before observations, deletion last), version,
 * and their position in the log (stable across replays of the same log).
 */
export function compareFacts(a: LifecycleFact, b: LifecycleFact): number {
  return (
    cmp(timeOf(a.occurred_at), timeOf(b.occurred_at)) ||
    RANK[factKind(a.event_type) ?? 'observation'] - RANK[factKind(b.event_type) ?? 'observation'] ||
    a.version - b.version ||
    cmp(a.topic, b.topic) ||
    a.partition - b.partition ||
    cmp(BigInt(a.offset), BigInt(b.offset)) ||
    cmp(a.event_id, b.event_id)
  );
}

export const resourceKey = (type: string, id: string): string => `${type}/${id}`;
