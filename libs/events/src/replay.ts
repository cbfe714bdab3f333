// readAll: reads a topic from the beginning up to its end *as of the call* (the high watermark of
// each partition), decoded, with read_committed. Used to rebuild the decider's write model, to
// replay projections and to audit.
//
// Offsets are not contiguous (every transaction commit/abort writes a marker that takes an offset,
// and aborted records are skipped), so "done" is never computed from counting records: a partition
// is done when the consumer's position (last offset fetched + 1, markers included — kafkajs reports
// marker-only batches through END_BATCH_PROCESS) reaches the high watermark taken at the start. A
// transaction still open at that moment is waited for (bounded by the transaction timeout; a new
// decider fences the old one first, which aborts it).
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { decodeMessages } from './consumer';
import type { ConsumedEvent, EventDecoder } from './consumer';

export interface ReadAllOptions {
  kafka: Kafka;
  topic: string;
  decoder: EventDecoder;
  /** Called in log order per partition; when given, events are not collected in the result. */
  onEvents?: (events: ConsumedEvent[]) => Promise<void> | void;
  /** Start positions per partition (next offset to read); default the log start. */
  from?: readonly { partition: number; offset: string }[];
  timeoutMs?: number;
  groupIdPrefix?: string;
}

export interface ReadAllResult {
  events: ConsumedEvent[];
  /** Per partition: the offset the read stopped at (the next offset to read). */
  endOffsets: { partition: number; offset: string }[];
  count: number;
}

export class ReplayTimeoutError extends Error {
  override readonly name: string = 'ReplayTimeoutError';
}

export async function readAll(options: ReadAllOptions): Promise<ReadAllResult> {
  const { kafka, topic, decoder, onEvents, timeoutMs = 120_000 } = options;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${options.groupIdPrefix ?? 'gohan-replay'}.${topic}.${randomUUID()}`;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const target = new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
    const start = new Map((options.from ?? []).map((f) => [f.partition, BigInt(f.offset)]));
    const position = new Map(
      ends.map((e) => [
        e.partition,
        [BigInt(e.low), start.get(e.partition) ?? 0n].reduce((a, b) => (a > b ? a : b)),
      ]),
    );
    const endOffsets = () =>
      ends.map((e) => ({ partition: e.partition, offset: e.high })).sort((a, b) => a.partition - b.partition);
    const done = () => [...target].every(([p, high]) => (position.get(p) ?? 0n) >= high);
    const events: ConsumedEvent[] = [];
    let count = 0;
    if (done()) return { events, endOffsets: endOffsets(), count };

    const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
    let finish!: () => void;
    let fail!: (error: unknown) => void;
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    finished.catch(() => undefined); // rejections are observed by `await finished` below
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic !== topic) return;
      const next = BigInt(payload.lastOffset) + 1n;
      if (next > (position.get(payload.partition) ?? 0n)) position.set(payload.partition, next);
      if (done()) finish();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    const timer = setTimeout(() => {
      const where = [...target]
        .map(([p, high]) => `partition ${p}: at ${position.get(p)} of ${high}`)
        .join(', ');
      fail(
        new ReplayTimeoutError(`readAll(${topic}) did not reach the end within ${timeoutMs} ms (${where})`),
      );
    }, timeoutMs);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const high = target.get(batch.partition) ?? 0n;
          const from = start.get(batch.partition) ?? 0n;
          const wanted = batch.messages.filter((m) => BigInt(m.offset) < high && BigInt(m.offset) >= from);
          if (wanted.length === 0) return;
          try {
            const decoded = await decodeMessages(decoder, topic, batch.partition, wanted);
            count += decoded.length;
            if (onEvents) await onEvents(decoded);
            else events.push(...decoded);
          } catch (error) {
            fail(error); // an undecodable event stops the replay (kafkajs would retry it forever)
            consumer.pause([{ topic }]);
          }
        },
      });
      for (const [partition, offset] of position) {
        if (start.has(partition)) consumer.seek({ topic, partition, offset: offset.toString() });
      }
      await finished;
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
    }
    return { events, endOffsets: endOffsets(), count };
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * readAll as an async iterable of batches (per partition, in log order), with backpressure: the
 * consumer waits while the caller processes a batch. Ends at the end offsets taken at the start.
 */
export async function* streamAll(
  options: Omit<ReadAllOptions, 'onEvents'>,
): AsyncGenerator<ConsumedEvent[], ReadAllResult> {
  const queue: ConsumedEvent[][] = [];
  let wake: (() => void) | undefined;
  let taken: (() => void) | undefined;
  let ended = false;
  let cancelled = false;
  let failure: unknown;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const reading = readAll({
    ...options,
    onEvents: async (events) => {
      queue.push(events);
      notify();
      await new Promise<void>((resolve) => (taken = resolve));
      if (cancelled) throw new Error('streamAll: the reader stopped early');
    },
  }).then(
    (result) => {
      ended = true;
      notify();
      return result;
    },
    (error: unknown) => {
      failure = error ?? new Error('readAll failed');
      ended = true;
      notify();
      return undefined;
    },
  );
  let complete = false;
  try {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        taken?.();
        taken = undefined;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    complete = true;
  } finally {
    if (!complete) {
      cancelled = true; // the caller left the loop: stop the consumer
      taken?.();
      await reading;
    }
  }
  const result = await reading;
  if (failure !== undefined || !result) throw failure;
  return result;
}
