import { createBatcher } from './batcher';
import type { BatchPosition } from './batcher';
import type { PositionedEvent } from './types';

const ev = (offset: number): PositionedEvent => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  envelope: {
    event_type: 'X',
    aggregate_type: 'network',
    aggregate_id: `n-${offset}`,
    aggregate_version: 1,
    tenant_id: 'ten',
    data: {},
  },
});
const evs = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev(from + i));

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createBatcher', () => {
  it('should accumulate fetched batches up to maxEvents and apply the rest on flush, in order', async () => {
    const applied: { offsets: string[]; positions: BatchPosition[] }[] = [];
    const batcher = createBatcher(async (events, positions) => {
      applied.push({ offsets: events.map((e) => e.offset), positions });
    }, 5);
    await batcher.add(evs(0, 3));
    expect(applied).toEqual([]);
    await batcher.add(evs(3, 3)); // 6 ≥ 5: applied in the background
    await batcher.add(evs(6, 2));
    await batcher.add([], [{ topic: 't', partition: 0, offset: '9' }]);
    await batcher.flush();
    expect(applied).toEqual([
      { offsets: ['0', '1', '2', '3', '4', '5'], positions: [] },
      { offsets: ['6', '7'], positions: [{ topic: 't', partition: 0, offset: '9' }] },
    ]);
    await batcher.flush(); // nothing pending: no empty apply
    expect(applied).toHaveLength(2);
  });

  it('should let the reader go on while one apply is in flight, and wait when the next one is full', async () => {
    const gates = [deferred(), deferred()];
    const started: number[] = [];
    const batcher = createBatcher(async (events) => {
      started.push(events.length);
      await gates[started.length - 1]!.promise;
    }, 2);
    await batcher.add(evs(0, 2)); // first apply starts, add returns at once
    expect(started).toEqual([2]);
    await batcher.add(evs(2, 1)); // accumulating while the first is in flight
    let blocked = true;
    const full = batcher.add(evs(3, 1)).then(() => (blocked = false));
    await new Promise((resolve) => setImmediate(resolve));
    expect(blocked).toBe(true); // never two applies at once
    expect(started).toEqual([2]);
    gates[0]!.resolve();
    await full;
    expect(started).toEqual([2, 2]);
    gates[1]!.resolve();
    await batcher.flush();
  });

  it('should start an accumulation of minEvents at once when nothing is in flight, and wait for maxEvents otherwise', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const started: string[][] = [];
    const batcher = createBatcher(
      async (events) => {
        started.push(events.map((e) => e.offset));
        await gates[started.length - 1]!.promise;
      },
      5,
      2,
    );
    await batcher.add(evs(0, 1)); // below minEvents: kept
    expect(started).toEqual([]);
    await batcher.add(evs(1, 1)); // minEvents and idle: applied at once
    expect(started).toEqual([['0', '1']]);
    await batcher.add(evs(2, 3)); // in flight: accumulated up to maxEvents
    expect(started).toHaveLength(1);
    gates[0]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    await batcher.add(evs(5, 1)); // idle again: the 4 pending go now
    expect(started).toEqual([
      ['0', '1'],
      ['2', '3', '4', '5'],
    ]);
    await batcher.add(evs(6, 1));
    gates[1]!.resolve();
    gates[2]!.resolve();
    await batcher.flush();
    expect(started).toEqual([['0', '1'], ['2', '3', '4', '5'], ['6']]);
  });

  it('should surface a failed apply from the next add or flush, without an unhandled rejection', async () => {
    const batcher = createBatcher(async () => {
      throw new Error('db down');
    }, 1);
    await batcher.add(evs(0, 1)); // fails in the background
    await new Promise((resolve) => setImmediate(resolve));
    await expect(batcher.add(evs(1, 1))).rejects.toThrow('db down');
    const again = createBatcher(async () => {
      throw new Error('db down');
    }, 10);
    await again.add(evs(0, 1));
    await expect(again.flush()).rejects.toThrow('db down');
  });

  it('should settle an apply in flight whatever its outcome', async () => {
    const gate = deferred();
    let done = false;
    const batcher = createBatcher(async () => {
      await gate.promise;
      done = true;
    }, 1);
    await batcher.add(evs(0, 1));
    const settled = batcher.settle();
    expect(done).toBe(false);
    gate.resolve();
    await settled;
    expect(done).toBe(true);
  });
});
