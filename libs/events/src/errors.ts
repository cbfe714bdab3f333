// Infrastructure errors of the event plumbing (STYLE.md #5): each says whether retrying can help
// and keeps its cause.
export class EventsError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Another instance now owns the transactional.id: this one must stop writing (zombie fencing). */
export class ProducerFencedError extends EventsError {
  override readonly name: string = 'ProducerFencedError';
  constructor(transactionalId: string, cause: unknown) {
    super(`producer with transactional.id ${transactionalId} was fenced by a newer instance`, false, {
      cause,
    });
  }
}

/** The commit request failed: the transaction may or may not be committed. Re-read the log. */
export class TransactionOutcomeUnknownError extends EventsError {
  override readonly name: string = 'TransactionOutcomeUnknownError';
  constructor(transactionalId: string, cause: unknown) {
    super(
      `commit of a transaction of ${transactionalId} failed; its outcome is unknown until the log is re-read`,
      false,
      { cause },
    );
  }
}

export class SchemaRegistryError extends EventsError {
  override readonly name: string = 'SchemaRegistryError';
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, status === undefined || status >= 500, options);
  }
}

/** The registry refused a schema version that old events could not be read with (HTTP 409). */
export class IncompatibleSchemaError extends SchemaRegistryError {
  override readonly name: string = 'IncompatibleSchemaError';
}

export class EventEncodingError extends EventsError {
  override readonly name: string = 'EventEncodingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

export class EventDecodingError extends EventsError {
  override readonly name: string = 'EventDecodingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

interface KafkaJsErrorShape {
  name?: string;
  type?: string;
  message?: string;
  retriable?: boolean;
  cause?: unknown;
}

const FENCING_TYPES = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);
// Documented retriable transaction errors the kafkajs code does not retry itself (kafkajs #430, #1068).
const RETRIABLE_TYPES = new Set([
  'CONCURRENT_TRANSACTIONS',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'NOT_LEADER_FOR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'UNSTABLE_OFFSET_COMMIT',
]);

function chain(error: unknown): KafkaJsErrorShape[] {
  const out: KafkaJsErrorShape[] = [];
  let current = error as KafkaJsErrorShape | undefined;
  while (current && typeof current === 'object' && out.length < 5) {
    out.push(current);
    current = current.cause as KafkaJsErrorShape | undefined;
  }
  return out;
}

/** Fenced: a newer producer took the transactional.id (kafkajs 2.2.4 knows no code 90, PRODUCER_FENCED). */
export function isFencingError(error: unknown): boolean {
  return chain(error).some(
    (e) =>
      e instanceof ProducerFencedError ||
      (e.type !== undefined && FENCING_TYPES.has(e.type)) ||
      (e.type === 'KAFKAJS_UNKNOWN_ERROR_CODE' && /\b90\b/.test(e.message ?? '')),
  );
}

export function isRetriableKafkaError(error: unknown): boolean {
  if (isFencingError(error)) return false;
  return chain(error).some(
    (e) =>
      (e.type !== undefined && RETRIABLE_TYPES.has(e.type)) ||
      e.name === 'KafkaJSConnectionError' ||
      e.name === 'KafkaJSConnectionClosedError' ||
      e.name === 'KafkaJSRequestTimeoutError' ||
      (e.name !== 'KafkaJSNonRetriableError' &&
        e.name !== 'KafkaJSNumberOfRetriesExceeded' &&
        e.retriable === true),
  );
}
