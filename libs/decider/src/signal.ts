// A value that can be awaited: "resolve when the state becomes X, or fail after a deadline".

export class StateSignal<S> {
  private waiters = new Set<() => void>();

  constructor(private current: S) {}

  get value(): S {
    return this.current;
  }

  set(value: S): void {
    if (value === this.current) return;
    this.current = value;
    for (const wake of [...this.waiters]) wake();
  }

  waitFor(target: S | ((value: S) => boolean), timeoutMs: number): Promise<void> {
    const matches =
      typeof target === 'function' ? (target as (value: S) => boolean) : (value: S) => value === target;
    if (matches(this.current)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!matches(this.current)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for state ${String(target)}; state is ${String(this.current)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}
