// Consumed positions, stored in the read model's own schema next to the rows they produced
// (exactly-once effect). next_offset is the next offset to consume (Kafka's committed-offset
// meaning); "projected past offset O" is next_offset > O, which stays true across the gaps that
// transaction markers leave in a topic.
import type { Knex } from 'knex';
import { ProjectionTimeoutError } from '../errors';
import { DEFAULT_SCHEMA, OFFSETS_TABLE, assertSchemaName } from '../schema/names';

export interface StoredOffset {
  consumer: string;
  topic: string;
  partition: number;
  /** int64 decimal string. */
  nextOffset: string;
}

/** topic → partition → next offset (what a consumer seeks to on start). */
export type OffsetMap = Record<string, Record<number, string>>;

export interface OffsetOptions {
  consumer?: string;
  dbSchema?: string;
}

export async function projectedOffsets(db: Knex, options: OffsetOptions = {}): Promise<StoredOffset[]> {
  const q = db
    .withSchema(assertSchemaName(options.dbSchema ?? DEFAULT_SCHEMA))
    .from(OFFSETS_TABLE)
    .select('consumer', 'topic', 'partition', 'next_offset')
    .orderBy(['consumer', 'topic', 'partition']);
  if (options.consumer !== undefined) void q.where('consumer', options.consumer);
  const rows: { consumer: string; topic: string; partition: number; next_offset: string }[] = await q;
  return rows.map((r) => ({
    consumer: r.consumer,
    topic: r.topic,
    partition: r.partition,
    nextOffset: String(r.next_offset),
  }));
}

/** The stored offsets of one consumer as a map, for seeking on start. */
export async function offsetMap(
  db: Knex,
  consumer: string,
  options: Omit<OffsetOptions, 'consumer'> = {},
): Promise<OffsetMap> {
  return toOffsetMap(await projectedOffsets(db, { ...options, consumer }));
}

export function toOffsetMap(rows: readonly StoredOffset[]): OffsetMap {
  const map: OffsetMap = {};
  for (const r of rows) (map[r.topic] ??= {})[r.partition] = r.nextOffset;
  return map;
}

/** True when every position in `want` is reached by `have` (absent in `have` = 0). */
export function offsetsReach(have: OffsetMap, want: OffsetMap): boolean {
  for (const [topic, partitions] of Object.entries(want)) {
    for (const [partition, offset] of Object.entries(partitions)) {
      if (BigInt(have[topic]?.[Number(partition)] ?? '0') < BigInt(offset)) return false;
    }
  }
  return true;
}

export interface WaitOptions extends OffsetOptions {
  /** First poll interval; doubles up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
}

/**
 * Read-your-writes: resolves once the projection has passed `offset` of topic/partition (its
 * stored next_offset is greater), or rejects with ProjectionTimeoutError after timeoutMs.
 */
export async function waitForOffset(
  db: Knex,
  topic: string,
  partition: number,
  offset: string | number | bigint,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<void> {
  const target = BigInt(offset);
  const deadline = Date.now() + timeoutMs;
  let interval = options.pollMs ?? 5;
  const maxInterval = options.maxPollMs ?? 50;
  const schema = assertSchemaName(options.dbSchema ?? DEFAULT_SCHEMA);
  for (;;) {
    const q = db.withSchema(schema).from(OFFSETS_TABLE).where({ topic, partition }).max({ n: 'next_offset' });
    if (options.consumer !== undefined) void q.where('consumer', options.consumer);
    const [row] = (await q) as { n: string | null }[];
    if (row?.n !== null && row?.n !== undefined && BigInt(row.n) > target) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new ProjectionTimeoutError(
        `read model has not reached ${topic}[${partition}] offset ${target} within ${timeoutMs} ms (at ${row?.n ?? 'nothing'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    interval = Math.min(interval * 2, maxInterval);
  }
}

// Exactly-once bookkeeping of a batch, inside its transaction: shared by the read model's
// applyBatch and the lifecycle fact consumers (billing, monitoring) of @gohan-es/lifecycle.

/** A position's key in the maps of loadNextOffsets. */
export const topicPartitionKey = (e: { topic: string; partition: number }): string =>
  `${e.topic}\u0000${e.partition}`;

/** Where a batch leaves each topic/partition it saw. */
export interface OffsetEnd {
  topic: string;
  partition: number;
  next: bigint;
}

/** The consumer's stored next offsets of the events' topics, by topicPartitionKey. */
export async function loadNextOffsets(
  trx: Knex.Transaction,
  dbSchema: string,
  consumer: string,
  events: readonly { topic: string }[],
): Promise<Map<string, bigint>> {
  const topics = [...new Set(events.map((e) => e.topic))];
  const rows: { topic: string; partition: number; next_offset: string }[] = await trx
    .withSchema(dbSchema)
    .from(OFFSETS_TABLE)
    .where('consumer', consumer)
    .whereIn('topic', topics)
    .select('topic', 'partition', 'next_offset');
  return new Map(rows.map((r) => [topicPartitionKey(r), BigInt(r.next_offset)]));
}

/** The events at or past the stored offsets (the others were already applied). */
export function freshEvents<E extends { topic: string; partition: number; offset: string }>(
  events: readonly E[],
  stored: Map<string, bigint>,
): E[] {
  return events.filter((e) => BigInt(e.offset) >= (stored.get(topicPartitionKey(e)) ?? 0n));
}

/** Where the batch leaves each partition: past its fresh events, or at the given resume positions. */
export function offsetEnds(
  fresh: readonly { topic: string; partition: number; offset: string }[],
  positions: readonly { topic: string; partition: number; offset: string }[] = [],
): OffsetEnd[] {
  const ends = fresh.map((e) => ({ topic: e.topic, partition: e.partition, next: BigInt(e.offset) + 1n }));
  for (const p of positions) ends.push({ topic: p.topic, partition: p.partition, next: BigInt(p.offset) });
  return ends;
}

/** Stores the furthest end of each partition; stored positions never go back. */
export async function storeOffsets(
  trx: Knex.Transaction,
  dbSchema: string,
  consumer: string,
  stored: Map<string, bigint>,
  ends: readonly OffsetEnd[],
): Promise<void> {
  const next = new Map<string, OffsetEnd>();
  for (const e of ends) {
    const k = topicPartitionKey(e);
    if (e.next > (next.get(k)?.next ?? stored.get(k) ?? 0n)) next.set(k, e);
  }
  if (next.size === 0) return;
  const rows = [...next.values()].map((v) => ({
    consumer,
    topic: v.topic,
    partition: v.partition,
    next_offset: v.next.toString(),
    updated_at: trx.fn.now(),
  }));
  await trx
    .withSchema(dbSchema)
    .table(OFFSETS_TABLE)
    .insert(rows)
    .onConflict(['consumer', 'topic', 'partition'])
    .merge();
}
