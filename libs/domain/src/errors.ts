// One error hierarchy for the whole domain and one table from kind to HTTP status (STYLE.md #5).
// The API's error middleware calls httpStatusOf(error) and answers {"error": error.message}.

export type DomainErrorKind =
  'validation' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'version-conflict';

export interface DomainErrorOptions {
  cause?: unknown;
  /** The request field the error is about (top-level name or dotted path), when there is one. */
  field?: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly field?: string;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.field !== undefined) this.field = options.field;
  }
}

/** 400: bad input, a missing related resource, a rule of DOMAIN.md §10.8 broken. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly kind = 'validation' as const;
}

/** 401: kept for the API (policies); the domain itself never throws it. */
export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly kind = 'unauthorized' as const;
}

/** 403: the caller may read the resource but not do this to it. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly kind = 'forbidden' as const;
}

/** 404: missing, deleted, or invisible to the caller's tenant. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly kind = 'not-found' as const;
  constructor(message = 'Resource not found', options: DomainErrorOptions = {}) {
    super(message, options);
  }
}

/** 409: a unique value taken, a resource still depended on, capacity exhausted, IP in use. */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly kind = 'conflict' as const;
}

/** 412: If-Match names another config version than the current one. */
export class VersionConflictError extends DomainError {
  override readonly name = 'VersionConflictError';
  readonly kind = 'version-conflict' as const;
}

const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'version-conflict': 412,
};

/** The single status table: a DomainError's kind → status; anything else → 500. */
export function httpStatusOf(error: unknown): number {
  return error instanceof DomainError ? STATUS_BY_KIND[error.kind] : 500;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
