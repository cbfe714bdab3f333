// Rebuild = project the log from offset 0 into a fresh Postgres schema (rm_<timestamp>) while the
// live schema keeps serving, then swap the two by renaming them in one transaction. The swap holds
// the projection's advisory lock, so the live projector is between batches; it happens only when
// the rebuilt schema has reached every live offset, so the projector simply continues in the new
// schema (events it already holds below the new offsets are skipped). When both are at the same
// offsets their checksums are compared: that is the audit that a replay reproduces the read model.
import type { Knex } from 'knex';
import { resourceSchemas } from '@gohan-es/domain';
import type { ResourceSchema } from '@gohan-es/domain';
import { checksum, inParallel } from './checksum';
import type { Checksum } from './checksum';
import { RebuildError } from './errors';
import { applyBatch, projectionLockKey } from './projection/apply';
import { createBatcher } from './projection/batcher';
import { offsetMap, offsetsReach } from './projection/offsets';
import type { OffsetMap } from './projection/offsets';
import type { ProjectionModel } from './projection/model';
import { ownedKeys } from './projection/owned';
import type { PositionedEvent } from './projection/types';
import { tableSpec } from './schema/columns';
import { migrateSchemas } from './schema/migrate';
import { DEFAULT_SCHEMA, assertSchemaName } from './schema/names';

export interface Position {
  topic: string;
  partition: number;
  /** The next offset to read. */
  offset: string;
}

export interface RebuildOptions {
  /** The live projector's consumer name (its offsets are compared and carried over). */
  consumer: string;
  /**
   * Reads the log from these positions up to its current end, handing over batches in log order
   * per partition, and resolves when done (e.g. readAll of @gohan-es/events for each topic).
   * `positions` (e.g. readAll's endOffsets) record where the read stopped when that is past the
   * last event (a trailing transaction marker), so the rebuilt offsets can equal the live ones.
   */
  read: (
    from: OffsetMap,
    apply: (batch: readonly PositionedEvent[], positions?: readonly Position[]) => Promise<void>,
  ) => Promise<void>;
  liveSchema?: string;
  /** Default `rm_<epoch ms>`. */
  targetSchema?: string;
  schemas?: readonly ResourceSchema[];
  model?: ProjectionModel;
  /** false = audit only: build, compare, keep the live schema (default true). */
  swap?: boolean;
  /** Refuse to swap when, at equal offsets, the rebuilt checksum differs from the live one. */
  requireIdentical?: boolean;
  /** Keep the replaced live schema (renamed `<live>_old_<epoch ms>`) instead of dropping it. */
  keepOld?: boolean;
  /** Drop the rebuilt schema after an audit (swap=false); default true. */
  dropAfterAudit?: boolean;
  /** Keep the rebuilt schema when the rebuild fails, for inspection (default false: dropped). */
  keepOnFailure?: boolean;
  maxRounds?: number;
  /** How long to wait for the live projector to reach the rebuilt offsets before comparing. */
  catchUpTimeoutMs?: number;
  /**
   * Events per Postgres transaction: fetched batches are accumulated up to this many and applied
   * while the next ones are read (default 20,000; 1 = one transaction per fetched batch).
   */
  batchEvents?: number;
  /**
   * An accumulation of at least this many events is applied as soon as no transaction is in flight
   * (default batchEvents: off). Measured with batchEvents / 10: more, smaller transactions cost
   * more than the idle database and the shorter last transaction saved (bench:projector).
   */
  minBatchEvents?: number;
  /**
   * Create the resource tables' secondary indexes after the first replay round instead of before
   * it (default true: faster inserts); they always exist before the checksum and the swap.
   */
  deferIndexes?: boolean;
}

export interface RebuildReport {
  target: string;
  offsets: OffsetMap;
  checksum: Checksum;
  liveChecksum?: Checksum;
  /** Set when the live and rebuilt schemas were compared at equal offsets. */
  identical?: boolean;
  swapped: boolean;
  oldSchema?: string;
  rounds: number;
  /**
   * Where the time went, seconds: reading and projecting; then the deferred indexes and the
   * target's checksum (at once: `indexes` and `checksum` overlap within `indexesAndChecksum`);
   * the swap transaction (with the live checksum).
   */
  timings: { project: number; indexesAndChecksum: number; indexes: number; checksum: number; swap: number };
}

async function schemaExists(db: Knex, name: string): Promise<boolean> {
  return (
    (await db.raw('select 1 from information_schema.schemata where schema_name = ?', [name])).rows.length > 0
  );
}

export async function dropSchema(db: Knex, name: string): Promise<void> {
  await db.raw('drop schema if exists ?? cascade', [assertSchemaName(name)]);
}

/** Resolves when the live offsets reach `want` (or the live schema is absent), false on timeout. */
async function liveReaches(
  db: Knex,
  live: string,
  consumer: string,
  want: OffsetMap,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let interval = 10;
  for (;;) {
    if (!(await schemaExists(db, live))) return true;
    if (offsetsReach(await offsetMap(db, consumer, { dbSchema: live }), want)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, 200);
  }
}

/** The connection pool's size (how many queries can run at once). */
function poolSize(db: Knex): number {
  const max = (db.client as { config?: { pool?: { max?: number } } }).config?.pool?.max;
  return typeof max === 'number' && max > 0 ? max : 1;
}

/** The schema's tables by size, largest first (the longest jobs start first). */
async function tablesBySize(db: Knex, dbSchema: string): Promise<string[]> {
  const { rows } = await db.raw(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ? and c.relkind = 'r' order by pg_relation_size(c.oid) desc, c.relname`,
    [dbSchema],
  );
  return (rows as { name: string }[]).map((r) => r.name);
}

/**
 * The resource tables' secondary indexes, built on up to `concurrency` connections at once
 * (largest tables first), each exactly as migrateSchemas names and defines it — which then finds
 * them all and only verifies.
 */
async function buildIndexes(
  db: Knex,
  dbSchema: string,
  schemas: readonly ResourceSchema[],
  concurrency: number,
): Promise<void> {
  const order = await tablesBySize(db, dbSchema);
  const rank = (table: string) => (order.includes(table) ? order.indexOf(table) : order.length);
  const indexes = [...new Map(schemas.map((s) => [tableSpec(s).table, tableSpec(s)])).values()]
    .flatMap((spec) => spec.indexes.map((index) => ({ table: spec.table, index })))
    .sort((a, b) => rank(a.table) - rank(b.table));
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await inParallel(
    indexes.map(
      ({ table, index }) =>
        () =>
          db.transaction(async (trx) => {
            await trx.raw(`set local maintenance_work_mem = '128MB'`);
            await trx.raw(`create index if not exists ?? on ??.?? (${index.columns.map(quote).join(', ')})`, [
              index.name,
              dbSchema,
              table,
            ]);
          }),
    ),
    concurrency,
  );
}

export async function rebuild(db: Knex, options: RebuildOptions): Promise<RebuildReport> {
  const target = assertSchemaName(options.targetSchema ?? `rm_${Date.now()}`);
  if (await schemaExists(db, target))
    throw new RebuildError(`rebuild target schema ${target} already exists`);
  try {
    return await rebuildInto(db, target, options);
  } catch (error) {
    if (!options.keepOnFailure) await dropSchema(db, target).catch(() => undefined);
    throw error;
  }
}

async function rebuildInto(db: Knex, target: string, options: RebuildOptions): Promise<RebuildReport> {
  const live = assertSchemaName(options.liveSchema ?? DEFAULT_SCHEMA);
  const stamp = Date.now();
  const schemas = options.schemas ?? resourceSchemas;
  const swap = options.swap ?? true;
  const compare = options.requireIdentical === true || !swap;
  let indexesPending = options.deferIndexes ?? true;
  await migrateSchemas(db, { schema: target, schemas, indexes: !indexesPending });
  // Only this rebuild writes the target until it is swapped in: keys it never stored need no lookup.
  const owned = ownedKeys();
  const connections = poolSize(db);

  const maxRounds = options.maxRounds ?? 20;
  const batchEvents = options.batchEvents ?? 20_000;
  const timings = { project: 0, indexesAndChecksum: 0, indexes: 0, checksum: 0, swap: 0 };
  const timed = async <T>(phase: 'indexes' | 'checksum', work: Promise<T>): Promise<T> => {
    const t = Date.now();
    const out = await work;
    timings[phase] += (Date.now() - t) / 1000;
    return out;
  };
  let mark = Date.now();
  const lap = (phase: 'project' | 'indexesAndChecksum' | 'swap') => {
    const t = Date.now();
    timings[phase] += (t - mark) / 1000;
    mark = t;
  };
  for (let round = 1; round <= maxRounds; round++) {
    const from = await offsetMap(db, options.consumer, { dbSchema: target });
    // Rows and offsets still commit together; synchronous_commit is off because the schema is
    // verified before the swap and a crashed rebuild is simply redone.
    const batcher = createBatcher(
      async (events, positions) => {
        await applyBatch(db, options.consumer, events, {
          dbSchema: target,
          synchronousCommit: false,
          owned,
          ...(options.model ? { model: options.model } : {}),
          ...(positions.length > 0 ? { positions } : {}),
        });
      },
      batchEvents,
      options.minBatchEvents ?? batchEvents,
    );
    try {
      await options.read(from, (batch, positions) => batcher.add(batch, positions));
      await batcher.flush();
    } finally {
      await batcher.settle();
    }
    lap('project');
    // The tail, on several connections at once: the deferred indexes, and the target's checksum
    // (nothing else writes the target, so it holds at the offsets it reached).
    const half = Math.max(1, Math.floor(connections / 2));
    const [, targetChecksum] = await Promise.all([
      indexesPending
        ? timed('indexes', buildIndexes(db, target, schemas, Math.max(1, connections - half)))
        : undefined,
      timed('checksum', checksum(db, target, schemas, { concurrency: indexesPending ? half : connections })),
    ]);
    if (indexesPending) {
      await migrateSchemas(db, { schema: target, schemas }); // verifies: every index exists by now
      indexesPending = false;
    }
    lap('indexesAndChecksum');
    const reached = await offsetMap(db, options.consumer, { dbSchema: target });
    if (compare) await liveReaches(db, live, options.consumer, reached, options.catchUpTimeoutMs ?? 30_000);
    const report = await db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [projectionLockKey(options.consumer)]);
      const liveExists = await schemaExists(trx, live);
      const liveOffsets = liveExists ? await offsetMap(trx, options.consumer, { dbSchema: live }) : {};
      const offsets = await offsetMap(trx, options.consumer, { dbSchema: target });
      if (!offsetsReach(offsets, liveOffsets)) return undefined; // the live projector is ahead: read more
      const equal = offsetsReach(liveOffsets, offsets);
      if (compare && liveExists && !equal) return undefined; // cannot compare yet
      const out: RebuildReport = {
        target,
        offsets,
        checksum: targetChecksum,
        swapped: false,
        rounds: round,
        timings,
      };
      if (liveExists && equal) {
        // The live schema as this transaction sees it (the lock holds the live projector back), its
        // tables read in parallel on other connections in this transaction's exported snapshot
        // (one connection left for a live projector of the same pool waiting for the lock).
        out.liveChecksum =
          connections > 3
            ? await checksum(db, live, schemas, {
                concurrency: connections - 2,
                snapshot: (await trx.raw('select pg_export_snapshot() as s')).rows[0].s as string,
              })
            : await checksum(trx, live, schemas);
        out.identical = out.liveChecksum.checksum === out.checksum.checksum;
      }
      if (options.requireIdentical && out.identical === false) {
        throw new RebuildError(`rebuilt read model ${target} differs from ${live} at the same offsets`);
      }
      if (!swap) return out;
      if (liveExists) {
        out.oldSchema = `${live}_old_${stamp}`.slice(0, 63);
        await trx.raw('alter schema ?? rename to ??', [live, out.oldSchema]);
      }
      await trx.raw('alter schema ?? rename to ??', [target, live]);
      out.swapped = true;
      return out;
    });
    lap('swap');
    if (!report) continue;
    if (report.swapped && report.oldSchema && !options.keepOld) {
      await dropSchema(db, report.oldSchema);
      delete report.oldSchema;
    }
    if (!swap && options.dropAfterAudit !== false) await dropSchema(db, target);
    return report;
  }
  throw new RebuildError(`rebuild into ${target} did not catch up with ${live} in ${maxRounds} rounds`);
}
