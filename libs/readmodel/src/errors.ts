// Typed errors of the read side. A QueryError is the caller's fault (HTTP 400, body
// {"error": message}); the messages follow Gohan's own wording (GOHAN_API.md §2).

export class ReadModelError extends Error {
  override readonly name: string = 'ReadModelError';
  readonly retriable: boolean;
  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.retriable = options.retriable ?? false;
  }
}

/** A bad list/show query: unknown parameter, bad sort key or order, bad limit/offset, bad filter value. */
export class QueryError extends ReadModelError {
  override readonly name = 'QueryError';
  readonly status = 400;
}

/** waitForOffset ran out of time: the projector has not passed the write's offset yet. */
export class ProjectionTimeoutError extends ReadModelError {
  override readonly name = 'ProjectionTimeoutError';
  constructor(message: string) {
    super(message, { retriable: true });
  }
}

/** A rebuild found a difference it was told not to accept, or could not catch up with the live model. */
export class RebuildError extends ReadModelError {
  override readonly name = 'RebuildError';
}
