// One configured retry (STYLE.md #6): exponential backoff with jitter, a retry budget and a deadline.
// Only errors that `isRetriable` accepts are retried; anything else is thrown at once.

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  initialMs: number;
  factor?: number;
  maxMs?: number;
  /** Full jitter in [delay/2, delay]. */
  jitter?: boolean;
  /** Give up (throw the last error) when the next attempt would start after this many ms. */
  deadlineMs?: number;
  isRetriable: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const {
    retries,
    initialMs,
    factor = 2,
    maxMs = 30_000,
    jitter = true,
    deadlineMs,
    isRetriable,
    onRetry,
  } = options;
  const deadline = deadlineMs === undefined ? Infinity : Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= retries || !isRetriable(error)) throw error;
      const base = Math.min(maxMs, initialMs * factor ** attempt);
      const delayMs = jitter ? base / 2 + Math.random() * (base / 2) : base;
      if (Date.now() + delayMs > deadline) throw error;
      onRetry?.(error, attempt + 1, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
