import {
  isFencingError,
  isRetriableKafkaError,
  ProducerFencedError,
  TransactionOutcomeUnknownError,
} from './errors';
import { retry } from './retry';

const protocolError = (type: string, retriable: boolean) =>
  Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable });

describe('retry', () => {
  it('should retry retriable failures until success', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('flaky');
        return 'ok';
      },
      { retries: 5, initialMs: 1, isRetriable: () => true },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('should throw a non-retriable error at once', async () => {
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new Error('fatal');
      },
      { retries: 5, initialMs: 1, isRetriable: () => false },
    );
    await expect(failing).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });

  it('should give up after the retry budget and report each retry', async () => {
    const seen: number[] = [];
    const failing = retry(
      async () => {
        throw new Error('always');
      },
      { retries: 2, initialMs: 1, isRetriable: () => true, onRetry: (_e, attempt) => seen.push(attempt) },
    );
    await expect(failing).rejects.toThrow('always');
    expect(seen).toEqual([1, 2]);
  });

  it('should stop when the deadline would pass', async () => {
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new Error('slow');
      },
      { retries: 10, initialMs: 50, jitter: false, deadlineMs: 10, isRetriable: () => true },
    );
    await expect(failing).rejects.toThrow('slow');
    expect(calls).toBe(1);
  });
});

describe('Kafka error classification', () => {
  it('should retry the transaction errors kafkajs does not retry itself', () => {
    expect(isRetriableKafkaError(protocolError('CONCURRENT_TRANSACTIONS', true))).toBe(true);
    expect(isRetriableKafkaError(protocolError('COORDINATOR_LOAD_IN_PROGRESS', false))).toBe(true);
    expect(
      isRetriableKafkaError(
        Object.assign(new Error('x'), {
          name: 'KafkaJSNumberOfRetriesExceeded',
          retriable: false,
          cause: protocolError('NOT_COORDINATOR', true),
        }),
      ),
    ).toBe(true);
  });

  it('should treat fencing as fatal, also as the unknown code 90 (PRODUCER_FENCED)', () => {
    expect(isFencingError(protocolError('INVALID_PRODUCER_EPOCH', false))).toBe(true);
    expect(
      isFencingError(
        Object.assign(new Error('Unknown error code 90'), { type: 'KAFKAJS_UNKNOWN_ERROR_CODE' }),
      ),
    ).toBe(true);
    expect(isRetriableKafkaError(protocolError('INVALID_PRODUCER_EPOCH', true))).toBe(false);
    expect(isFencingError(new ProducerFencedError('tx', undefined))).toBe(true);
  });

  it('should not retry non-retriable or unknown-outcome errors', () => {
    expect(isRetriableKafkaError(protocolError('INVALID_TXN_STATE', false))).toBe(false);
    expect(
      isRetriableKafkaError(
        Object.assign(new Error('x'), { name: 'KafkaJSNonRetriableError', retriable: false }),
      ),
    ).toBe(false);
    expect(new TransactionOutcomeUnknownError('tx', undefined).retriable).toBe(false);
  });
});
