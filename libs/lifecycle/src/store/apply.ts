// applyFactBatch: the exactly-once effect of a fact consumer (billing, monitoring), the same pattern
// as the read model's applyBatch: ONE Postgres transaction per consumed batch that
//   1. skips events below the consumer's stored offsets (a replayed batch is harmless),
//   2. stores the new facts, keyed by event id (ON CONFLICT DO NOTHING: idempotent),
//   3. loads every fact of the resources the new facts touch (and of those referring to them),
//   4. lets the consumer derive its rows for those resources from their whole fact set (`derive`),
//   5. stores the new offsets.
// Rows are a pure function of each resource's fact set, so the result does not depend on batch
// boundaries or on how the topics interleave: a replay from offset 0 reproduces the same rows.
import type { Knex } from 'knex';
import { freshEvents, loadNextOffsets, offsetEnds, storeOffsets } from '@gohan-es/readmodel';
import { resourceKey } from '../facts';
import type { LifecycleFact, PositionedEnvelope } from '../facts';
import { withoutRepeats } from './repeats';
import { FACTS_TABLE, assertSchemaName } from './tables';

export interface ResourceRef {
  resource_type: string;
  resource_id: string;
}

export interface DeriveInput {
  /** Resources whose facts changed (or a fact they refer to did). */
  touched: ResourceRef[];
  /** Every stored fact of the touched resources, by resourceKey. */
  facts: Map<string, LifecycleFact[]>;
  /** The facts this batch added (not seen before). */
  added: LifecycleFact[];
}

export interface FactConsumerSpec<R = void> {
  /** The fact this consumer keeps for an event, or undefined to skip the event. */
  factOf(event: PositionedEnvelope): LifecycleFact | undefined;
  /** The id of a resource this fact refers to (its facts then touch this resource too). */
  refOf?(fact: LifecycleFact): string | null;
  /** Writes the consumer's rows of the touched resources, inside the batch's transaction. */
  derive(trx: Knex.Transaction, dbSchema: string, input: DeriveInput): Promise<R>;
}

export interface FactBatchOptions {
  dbSchema: string;
  /** Resume positions past the last event + 1 (a trailing transaction marker; EventBatch.nextOffset). */
  positions?: readonly { topic: string; partition: number; offset: string }[];
}

export interface FactBatchResult<R> {
  fresh: number;
  skipped: number;
  added: LifecycleFact[];
  touched: number;
  derived: R | undefined;
}

const CHUNK = 500;

export function factLockKey(dbSchema: string, consumer: string): string {
  return `gohan-lifecycle:${dbSchema}:${consumer}`;
}

export async function applyFactBatch<R>(
  db: Knex,
  consumer: string,
  spec: FactConsumerSpec<R>,
  events: readonly PositionedEnvelope[],
  options: FactBatchOptions,
): Promise<FactBatchResult<R>> {
  const schema = assertSchemaName(options.dbSchema);
  const positions = options.positions ?? [];
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [factLockKey(schema, consumer)]);
    const stored = await loadNextOffsets(trx, schema, consumer, [...events, ...positions]);
    const fresh = freshEvents(events, stored);
    const result: FactBatchResult<R> = {
      fresh: fresh.length,
      skipped: events.length - fresh.length,
      added: [],
      touched: 0,
      derived: undefined,
    };
    const facts = fresh.map((e) => spec.factOf(e)).filter((f): f is LifecycleFact => f !== undefined);
    result.added = await insertFacts(trx, schema, spec, await withoutRepeats(trx, schema, facts));
    if (result.added.length > 0) {
      const touched = await touchedBy(trx, schema, result.added);
      const all = await loadFacts(trx, schema, touched);
      result.touched = touched.length;
      result.derived = await spec.derive(trx, schema, { touched, facts: all, added: result.added });
    }
    await storeOffsets(trx, schema, consumer, stored, offsetEnds(fresh, positions));
    return result;
  });
}

async function insertFacts<R>(
  trx: Knex.Transaction,
  schema: string,
  spec: FactConsumerSpec<R>,
  facts: readonly LifecycleFact[],
): Promise<LifecycleFact[]> {
  const added: LifecycleFact[] = [];
  const byId = new Map(facts.map((f) => [f.event_id, f]));
  const unique = [...byId.values()];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = unique.slice(i, i + CHUNK).map((f) => ({
      event_id: f.event_id,
      event_type: f.event_type,
      resource_type: f.resource_type,
      resource_id: f.resource_id,
      tenant_id: f.tenant_id,
      version: f.version,
      occurred_at: f.occurred_at,
      topic: f.topic,
      partition: f.partition,
      offset: f.offset,
      ref_id: spec.refOf?.(f) ?? null,
      data: JSON.stringify(f.data),
    }));
    const inserted: { event_id: string }[] = await trx
      .withSchema(schema)
      .table(FACTS_TABLE)
      .insert(rows)
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    for (const { event_id } of inserted) added.push(byId.get(event_id)!);
  }
  return added;
}

/** The resources of the added facts, plus those whose facts refer to one of them. */
async function touchedBy(
  trx: Knex.Transaction,
  schema: string,
  added: readonly LifecycleFact[],
): Promise<ResourceRef[]> {
  const refs = new Map<string, ResourceRef>();
  for (const f of added)
    refs.set(resourceKey(f.resource_type, f.resource_id), {
      resource_type: f.resource_type,
      resource_id: f.resource_id,
    });
  const ids = [...new Set(added.map((f) => f.resource_id))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const referring: ResourceRef[] = await trx
      .withSchema(schema)
      .from(FACTS_TABLE)
      .distinct('resource_type', 'resource_id')
      .whereIn('ref_id', ids.slice(i, i + CHUNK));
    for (const r of referring) refs.set(resourceKey(r.resource_type, r.resource_id), r);
  }
  return [...refs.values()].sort((a, b) =>
    resourceKey(a.resource_type, a.resource_id).localeCompare(resourceKey(b.resource_type, b.resource_id)),
  );
}

/** A stored fact as pg returns it (offset is a bigint column). */
type FactRow = Omit<LifecycleFact, 'offset'> & { offset: string | number };

export function factFromRow(r: FactRow): LifecycleFact {
  // Field by field: the table has bookkeeping columns the fact does not carry.
  return {
    event_id: r.event_id,
    event_type: r.event_type,
    resource_type: r.resource_type,
    resource_id: r.resource_id,
    tenant_id: r.tenant_id,
    version: r.version,
    occurred_at: r.occurred_at,
    topic: r.topic,
    partition: r.partition,
    offset: String(r.offset),
    data: r.data,
  };
}

/** Every stored fact of the given resources, by resourceKey. */
export async function loadFacts(
  trx: Knex | Knex.Transaction,
  schema: string,
  resources: readonly ResourceRef[],
): Promise<Map<string, LifecycleFact[]>> {
  const out = new Map<string, LifecycleFact[]>();
  const byType = new Map<string, string[]>();
  for (const r of resources)
    byType.set(r.resource_type, [...(byType.get(r.resource_type) ?? []), r.resource_id]);
  for (const [type, ids] of byType) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: FactRow[] = await trx
        .withSchema(schema)
        .from(FACTS_TABLE)
        .where('resource_type', type)
        .whereIn('resource_id', ids.slice(i, i + CHUNK))
        .select('*');
      for (const row of rows) {
        const key = resourceKey(row.resource_type, row.resource_id);
        out.set(key, [...(out.get(key) ?? []), factFromRow(row)]);
      }
    }
  }
  return out;
}
