import { SendBatcher } from './send-batcher';

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('SendBatcher', () => {
  it('should send at once when idle and batch what queues up behind a request in flight', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const batcher = new SendBatcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate.promise;
    });
    const first = batcher.add(1);
    const rest = [2, 3, 4].map((n) => batcher.add(n));
    expect(batches).toEqual([[1]]);
    gate.release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await batcher.idle();
  });

  it('should reject every item of a failed request, and keep going', async () => {
    let calls = 0;
    const batcher = new SendBatcher<number>(async () => {
      calls++;
      if (calls === 1) throw new Error('broker down');
    });
    await expect(batcher.add(1)).rejects.toThrow('broker down');
    await expect(batcher.add(2)).resolves.toBeUndefined();
  });

  it('should respect the batch size limit', async () => {
    const sizes: number[] = [];
    const batcher = new SendBatcher<number>(async (items) => void sizes.push(items.length), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)));
    expect(sizes.every((s) => s <= 2)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
  });
});
