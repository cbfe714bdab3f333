// Natural batching for a producer that allows one request in flight (the idempotent producer:
// maxInFlightRequests 1): items that arrive while a request is in flight go out together in the
// next one. No linger timer: an idle batcher sends at once, a busy one sends what queued up.

export type Flush<T> = (items: T[]) => Promise<void>;

interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SendBatcher<T> {
  private queue: Entry<T>[] = [];
  private flushing = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly flush: Flush<T>,
    private readonly maxBatch = 1000,
  ) {}

  /** Resolves when the request that carried `item` succeeded; rejects with its error. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.flush(batch.map((e) => e.item));
          for (const e of batch) e.resolve();
        } catch (error) {
          for (const e of batch) e.reject(error);
        }
      }
    } finally {
      this.flushing = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
