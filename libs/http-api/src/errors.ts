// The API's one error table (STYLE.md #5, GOHAN_API.md §1.4): every failure leaves the server as
// `{"error": "<message>"}` with a status from this file. Errors raised by the HTTP layer are
// `HttpError`s with a kind; errors from the domain, the read model or the decider are classified by
// the injected `statusOfForeign` (the domain's httpStatusOf plus the read model's QueryError);
// anything unclassified is 500, whose message is blanked and only logged.

export type HttpErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal'
  | 'service-unavailable'
  | 'gateway-timeout';

export const STATUS_BY_KIND: Readonly<Record<HttpErrorKind, number>> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  internal: 500,
  'service-unavailable': 503,
  'gateway-timeout': 504,
};

const KIND_BY_STATUS: ReadonlyMap<number, HttpErrorKind> = new Map(
  Object.entries(STATUS_BY_KIND).map(([kind, status]) => [status, kind as HttpErrorKind]),
);

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    options: { cause?: unknown; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.headers) this.headers = options.headers;
  }

  get status(): number {
    return STATUS_BY_KIND[this.kind];
  }

  /** An error for a status another component decided (a rejected outcome's http_status). */
  static ofStatus(status: number, message: string): HttpError {
    return new HttpError(KIND_BY_STATUS.get(status) ?? 'internal', message);
  }
}

export const badRequest = (message: string, cause?: unknown) =>
  new HttpError('bad-request', message, { cause });
export const unauthorized = (message: string) => new HttpError('unauthorized', message);
export const forbidden = (message = '') => new HttpError('forbidden', message);
export const notFound = (message = 'Resource not found') => new HttpError('not-found', message);

/** Gohan's messages, kept verbatim because clients and tests match on them. */
export const MESSAGES = {
  noToken: 'No X-Auth-Token',
  badToken: 'Authentication failed: invalid token',
  notFound: 'Resource not found',
  unrouted: '404 page not found',
  otherTenant: 'Operating on resources from other tenant is prohibited',
  notDictionary: 'Failed to parse data: request body is not a data dictionary',
  noMatchingPolicy: (action: string, path: string) => `No matching policy: ${action} ${path}`,
  prohibited: (property: string) => `${property} is prohibited for this user`,
  parse: (detail: string) => `Failed to parse data: ${detail}`,
} as const;

/** Classifies errors the HTTP layer did not raise; returns 500 for anything it does not know. */
export type StatusOfForeign = (error: unknown) => number;

export interface ErrorResponse {
  status: number;
  body: { error: string };
  headers: Readonly<Record<string, string>>;
  /** True when the error must be logged (500s: their message is not sent). */
  log: boolean;
}

export function errorResponse(error: unknown, statusOfForeign: StatusOfForeign): ErrorResponse {
  const status = error instanceof HttpError ? error.status : statusOf(error, statusOfForeign);
  const message = error instanceof Error ? error.message : String(error);
  const headers = error instanceof HttpError && error.headers ? error.headers : {};
  if (status >= 500 && status !== 503 && status !== 504)
    return { status: 500, body: { error: '' }, headers, log: true };
  return { status, body: { error: message }, headers, log: status >= 500 };
}

function statusOf(error: unknown, statusOfForeign: StatusOfForeign): number {
  const status = statusOfForeign(error);
  return KIND_BY_STATUS.has(status) ? status : 500;
}
