// applyBatch: one Postgres transaction per batch that (1) skips events below the stored offsets
// (a replayed batch is harmless), (2) loads the rows the batch touches with one query per table,
// (3) reduces the events in memory (reduce.ts), (4) writes the changed rows with multi-row
// INSERT ... ON CONFLICT / DELETE ... IN, and (5) stores the new offsets — all or nothing.
// A transaction-level advisory lock per consumer serializes batches with a rebuild's swap.
import type { Knex } from 'knex';
import { DEFAULT_SCHEMA, assertSchemaName } from '../schema/names';
import { defaultProjectionModel } from './model';
import { freshEvents, loadNextOffsets, offsetEnds, storeOffsets } from './offsets';
import { reduceEvents } from './reduce';
import {
  loadParked,
  loadRows,
  loadTombstones,
  touchedResources,
  writeParked,
  writeRows,
  writeTombstones,
} from './store';
import type { ProjectionModel } from './model';
import type { OwnedKeys } from './owned';
import type { PositionedEvent } from './types';

export interface ApplyOptions {
  dbSchema?: string;
  model?: ProjectionModel;
  /** Clock for bookkeeping times when an event has no occurred_at (never part of checksums). */
  now?: () => Date;
  /**
   * Where the consumer resumes after this batch when that is past the last event + 1 (a trailing
   * transaction marker; EventBatch.nextOffset of @gohan-es/events). Stored positions never go back.
   */
  positions?: readonly { topic: string; partition: number; offset: string }[];
  /**
   * false = `SET LOCAL synchronous_commit = off` for this transaction: a crash may lose the last
   * commits, rows and offsets together (still exactly-once: they are projected again). Used by
   * the rebuild, whose schema is verified before it is swapped in and can be rebuilt.
   */
  synchronousCommit?: boolean;
  /**
   * Rebuild only, for a schema nobody else writes: the keys stored there so far (kept up to date
   * here). Keys it never stored are not looked up, and their new rows are inserted with COPY.
   */
  owned?: OwnedKeys;
}

export interface ApplyResult {
  /** Events at or past the stored offsets. */
  fresh: number;
  /** Events below the stored offsets (already projected). */
  skipped: number;
  /** Fresh events that changed nothing (unknown type, ignored by version guards). */
  ignored: number;
}

/** The lock key shared by applyBatch and the rebuild swap of the same consumer. */
export function projectionLockKey(consumer: string): string {
  return `gohan-readmodel:project:${consumer}`;
}

export async function applyBatch(
  db: Knex,
  consumer: string,
  events: readonly PositionedEvent[],
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const dbSchema = assertSchemaName(options.dbSchema ?? DEFAULT_SCHEMA);
  const model = options.model ?? defaultProjectionModel();
  if (events.length === 0 && (options.positions ?? []).length === 0)
    return { fresh: 0, skipped: 0, ignored: 0 };
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [projectionLockKey(consumer)]);
    if (options.synchronousCommit === false) await trx.raw('set local synchronous_commit = off');
    const stored = await loadNextOffsets(trx, dbSchema, consumer, [...events, ...(options.positions ?? [])]);
    const fresh = freshEvents(events, stored);
    const result: ApplyResult = { fresh: fresh.length, skipped: events.length - fresh.length, ignored: 0 };
    if (fresh.length > 0) {
      const touched = touchedResources(model, fresh);
      const { owned } = options;
      const rows = await loadRows(trx, dbSchema, model, fresh, touched, owned);
      const parked = await loadParked(trx, dbSchema, touched, owned);
      const deleted = await loadTombstones(trx, dbSchema, touched, rows, owned);
      const now = (options.now?.() ?? new Date()).toISOString();
      const out = reduceEvents(model, { rows, parked, deleted }, fresh, now);
      result.ignored = out.ignored;
      await writeRows(trx, dbSchema, model, out.rows, owned ? rows : undefined);
      await writeTombstones(trx, dbSchema, deleted, out.rows);
      await writeParked(trx, dbSchema, out.parked, owned);
      if (owned) {
        for (const key of out.rows.keys()) owned.note(key); // a row, or a tombstone
        for (const [key, list] of out.parked) if (list.length > 0) owned.note(key);
      }
    }
    await storeOffsets(trx, dbSchema, consumer, stored, offsetEnds(fresh, options.positions));
    return result;
  });
}
