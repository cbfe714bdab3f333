// Errors of the write-side runtime. Infrastructure errors say whether a retry may help (STYLE.md #5).
import { isFencingError as eventsIsFencingError, isRetriableKafkaError } from '@gohan-es/events';

/** No outcome arrived in time. The API answers 504 with the command_id; a retry with the same id is safe. */
export class CommandTimeoutError extends Error {
  override readonly name = 'CommandTimeoutError';
  readonly retriable = true;
  constructor(
    readonly commandId: string,
    readonly timeoutMs: number,
  ) {
    super(`no outcome for command ${commandId} within ${timeoutMs} ms; retry with the same command_id`);
  }
}

/** The command bus is not started, or is stopping. */
export class CommandBusClosedError extends Error {
  override readonly name = 'CommandBusClosedError';
  readonly retriable = true;
}

/**
 * Another decider initialised the same transactional.id: this one is a zombie. Its open transaction
 * was aborted by the broker; it must stop deciding (the app exits or rejoins as a standby).
 */
export class DeciderFencedError extends Error {
  override readonly name = 'DeciderFencedError';
  readonly retriable = false;
}

/** An event of this command could not be encoded for the log (a domain/schema bug): rejected with 500. */
export class EventEncodingError extends Error {
  override readonly name = 'EventEncodingError';
  readonly retriable = false;
  constructor(
    readonly commandId: string,
    options: { cause: unknown },
  ) {
    super(
      `the events of command ${commandId} cannot be encoded: ${(options.cause as Error)?.message ?? String(options.cause)}`,
      options,
    );
  }
}

/** The commit request failed: the transaction may or may not have committed. Re-read the log. */
export class TransactionOutcomeUnknownError extends Error {
  override readonly name = 'TransactionOutcomeUnknownError';
  readonly retriable = false;
}

/**
 * True when the broker says a newer producer owns our transactional.id (KIP-98 epoch fencing):
 * INVALID_PRODUCER_EPOCH, PRODUCER_FENCED (code 90, unknown to kafkajs 2.2.4), anywhere in the
 * cause chain. The classification lives in @gohan-es/events, next to the publisher that shares it.
 */
export function isFencingError(error: unknown): boolean {
  return (
    eventsIsFencingError(error) || (error as { name?: string } | undefined)?.name === 'DeciderFencedError'
  );
}

/** Transaction errors a fresh attempt may fix (kafkajs #430, #1068: CONCURRENT_TRANSACTIONS and friends). */
export function isRetriableTransactionError(error: unknown): boolean {
  if (isFencingError(error) || error instanceof TransactionOutcomeUnknownError) return false;
  return isRetriableKafkaError(error);
}

/**
 * What the decider does after a failed transaction (it was aborted, or its commit is unknown):
 *   replan   an event could not be encoded: reject that command (500) and decide the batch again
 *   retry    a retriable broker error: run the same plan again on the same producer
 *   rebuild  anything else: new producer (new epoch), model rebuilt from the log, batch re-fetched
 *   fenced   another instance owns the transactional.id: stop for good
 * A model that evolve mutates in place already holds the failed batch, so it always rebuilds.
 */
export type FailureAction = 'replan' | 'retry' | 'rebuild' | 'fenced';

export function failureAction(
  error: unknown,
  attempt: number,
  retries: number,
  mutatesModel: boolean,
): FailureAction {
  if (isFencingError(error)) return 'fenced';
  if (mutatesModel) return 'rebuild';
  if (error instanceof EventEncodingError) return 'replan';
  return isRetriableTransactionError(error) && attempt < retries ? 'retry' : 'rebuild';
}
