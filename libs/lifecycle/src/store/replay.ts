// Replay and audit for fact consumers: read the topics from offset 0 (read_committed, readAll of
// @gohan-es/events) into a fresh Postgres schema, up to given positions, and compare checksums of
// the derived tables with the live ones taken at the same positions.
import { createHash } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import { readAll } from '@gohan-es/events';
import type { EventDecoder } from '@gohan-es/events';
import { offsetMap } from '@gohan-es/readmodel';
import type { OffsetMap } from '@gohan-es/readmodel';
import type { PositionedEnvelope } from '../facts';
import { assertSchemaName } from './tables';

export interface Position {
  topic: string;
  partition: number;
  offset: string;
}

export type ApplyReplayed = (
  events: readonly PositionedEnvelope[],
  positions: readonly Position[],
) => Promise<void>;

export interface ReplayOptions {
  kafka: Kafka;
  decoder: EventDecoder;
  topics: readonly string[];
  /** Stop at these positions (next offset to read) per topic/partition; default each partition's end. */
  upTo?: OffsetMap;
  timeoutMs?: number;
}

/** Reads every topic from its start and hands the events over in log order per partition. */
export async function replayTopics(options: ReplayOptions, apply: ApplyReplayed): Promise<number> {
  let count = 0;
  for (const topic of options.topics) {
    const limit = options.upTo?.[topic];
    if (options.upTo && !limit) continue; // nothing of this topic below the requested positions
    const result = await readAll({
      kafka: options.kafka,
      topic,
      decoder: options.decoder,
      timeoutMs: options.timeoutMs ?? 120_000,
      groupIdPrefix: 'gohan-fact-replay',
      onEvents: async (events) => {
        const wanted = limit
          ? events.filter((e) => BigInt(e.offset) < BigInt(limit[e.partition] ?? '0'))
          : events;
        count += wanted.length;
        if (wanted.length > 0) await apply(wanted as PositionedEnvelope[], []);
      },
    });
    // Record where the read stopped (past a trailing transaction marker), or the requested positions.
    const ends: Position[] = limit
      ? Object.entries(limit).map(([partition, offset]) => ({ topic, partition: Number(partition), offset }))
      : result.endOffsets.map((e) => ({ topic, partition: e.partition, offset: e.offset }));
    await apply([], ends);
  }
  return count;
}

export interface TableDigest {
  rows: number;
  md5: string;
}

/**
 * md5 of a table's rows as jsonb (column order irrelevant) in the given order, without the
 * excluded (volatile) columns. Run it in the same transaction as the offsets for a snapshot.
 */
export async function tableDigest(
  db: Knex | Knex.Transaction,
  dbSchema: string,
  table: string,
  orderBy: readonly string[],
  exclude: readonly string[] = [],
): Promise<TableDigest> {
  const schema = assertSchemaName(dbSchema);
  const drop = exclude.map((c) => ` - '${c.replace(/'/g, "''")}'`).join('');
  const order = orderBy.map((c) => `t."${c.replace(/"/g, '""')}"`).join(', ');
  const { rows } = await db.raw(
    `select count(*)::int as n,
            coalesce(md5(string_agg((to_jsonb(t)${drop})::text, E'\\n' order by ${order})), '') as h
       from ??.?? as t`,
    [schema, table],
  );
  return { rows: rows[0].n as number, md5: rows[0].h as string };
}

export function combineDigests(digests: Record<string, TableDigest>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(digests).sort())
    hash.update(`${name} ${digests[name]!.rows} ${digests[name]!.md5}\n`);
  return hash.digest('hex');
}

export interface Snapshot {
  offsets: OffsetMap;
  digests: Record<string, TableDigest>;
  checksum: string;
}

/** The consumer's offsets and table digests in one REPEATABLE READ transaction (a consistent snapshot). */
export async function snapshot(
  db: Knex,
  dbSchema: string,
  consumer: string,
  tables: Readonly<Record<string, { orderBy: readonly string[]; exclude?: readonly string[] }>>,
): Promise<Snapshot> {
  return db.transaction(
    async (trx) => {
      const offsets = await offsetMap(trx as unknown as Knex, consumer, { dbSchema });
      const digests: Record<string, TableDigest> = {};
      for (const [table, spec] of Object.entries(tables))
        digests[table] = await tableDigest(trx, dbSchema, table, spec.orderBy, spec.exclude ?? []);
      return { offsets, digests, checksum: combineDigests(digests) };
    },
    { isolationLevel: 'repeatable read' },
  );
}

export interface AuditOptions {
  db: Knex;
  kafka: Kafka;
  decoder: EventDecoder;
  topics: readonly string[];
  /** The live consumer (its offsets name the positions to replay up to). */
  consumer: string;
  liveSchema: string;
  tables: Readonly<Record<string, { orderBy: readonly string[]; exclude?: readonly string[] }>>;
  migrate(dbSchema: string): Promise<unknown>;
  apply(
    dbSchema: string,
    events: readonly PositionedEnvelope[],
    positions: readonly Position[],
  ): Promise<unknown>;
  /** Default `<live>_audit_<epoch ms>`. */
  targetSchema?: string;
  /** Keep the replayed schema for inspection (default: dropped). */
  keep?: boolean;
}

export interface AuditReport {
  identical: boolean;
  events: number;
  targetSchema: string;
  live: Snapshot;
  replayed: Snapshot;
}

/**
 * The replay audit of a fact consumer: a consistent snapshot of the live tables and offsets, then
 * the log replayed from offset 0 up to exactly those offsets into a fresh schema; identical when
 * every table digest matches.
 */
export async function auditReplay(options: AuditOptions): Promise<AuditReport> {
  const live = await snapshot(options.db, options.liveSchema, options.consumer, options.tables);
  const targetSchema = assertSchemaName(
    options.targetSchema ?? `${options.liveSchema}_audit_${Date.now()}`.slice(0, 63),
  );
  try {
    await options.migrate(targetSchema);
    const events = await replayTopics(
      { kafka: options.kafka, decoder: options.decoder, topics: options.topics, upTo: live.offsets },
      (batch, positions) => options.apply(targetSchema, batch, positions).then(() => undefined),
    );
    const replayed = await snapshot(options.db, targetSchema, options.consumer, options.tables);
    const sameOffsets =
      JSON.stringify(sortedOffsets(replayed.offsets)) === JSON.stringify(sortedOffsets(live.offsets));
    return {
      identical: sameOffsets && replayed.checksum === live.checksum,
      events,
      targetSchema,
      live,
      replayed,
    };
  } finally {
    if (!options.keep) await options.db.raw('drop schema if exists ?? cascade', [targetSchema]);
  }
}

function sortedOffsets(map: OffsetMap): [string, string, string][] {
  return Object.entries(map)
    .flatMap(([topic, parts]) =>
      Object.entries(parts).map(([p, o]): [string, string, string] => [topic, p, String(o)]),
    )
    .sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
}
