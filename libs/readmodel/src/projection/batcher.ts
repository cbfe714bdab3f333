// Accumulates fetched batches into larger ones and applies them one at a time in the background,
// so that the caller (a log reader) decodes the next batches while the previous one is written.
// Used by the rebuild: one Postgres transaction per ~maxEvents events instead of per fetched batch
// (fewer commits, and a row touched by several batches is written once per transaction).
// At most one apply is in flight and at most one accumulation is pending, so memory stays bounded;
// an apply's failure is thrown by the next add() or by flush(). With minEvents < maxEvents an
// accumulation of at least minEvents is started as soon as nothing is in flight: the database is
// kept busy when it is faster than the reader, and little is left to apply once reading ends.
import type { PositionedEvent } from './types';

export interface BatchPosition {
  topic: string;
  partition: number;
  offset: string;
}

export type ApplyFn = (events: PositionedEvent[], positions: BatchPosition[]) => Promise<void>;

export interface Batcher {
  /** Takes a fetched batch; resolves at once unless a full accumulation has to wait for the apply in flight. */
  add(events: readonly PositionedEvent[], positions?: readonly BatchPosition[]): Promise<void>;
  /** Applies what is pending and waits until every apply has finished (rejects with the first failure). */
  flush(): Promise<void>;
  /** Waits for the apply in flight, if any, ignoring its outcome (before cleaning up after a failure). */
  settle(): Promise<void>;
}

export function createBatcher(apply: ApplyFn, maxEvents: number, minEvents = maxEvents): Batcher {
  let events: PositionedEvent[] = [];
  let positions: BatchPosition[] = [];
  let inFlight: Promise<void> | undefined;
  /** The apply in flight has finished (its outcome is collected by the next wait()). */
  let idle = true;

  const start = () => {
    const [e, p] = [events, positions];
    events = [];
    positions = [];
    const running = apply(e, p);
    idle = false;
    running.then(
      () => (idle = inFlight === running || idle),
      () => (idle = inFlight === running || idle), // surfaced by the next add/flush, not as an unhandled rejection
    );
    inFlight = running;
  };
  const wait = async () => {
    const running = inFlight;
    inFlight = undefined;
    await running;
  };

  return {
    async add(batch, more) {
      for (const e of batch) events.push(e);
      if (more) for (const p of more) positions.push(p);
      if (events.length < Math.max(1, maxEvents) && !(idle && events.length >= Math.max(1, minEvents)))
        return;
      await wait();
      start();
    },
    async flush() {
      await wait();
      if (events.length === 0 && positions.length === 0) return;
      start();
      await wait();
    },
    async settle() {
      await inFlight?.catch(() => undefined);
      inFlight = undefined;
    },
  };
}
