import { Partitioners } from 'kafkajs';
import { offsetsOf, partitionOf } from './append';
import {
  EventEncodingError,
  failureAction,
  isFencingError,
  isRetriableTransactionError,
  TransactionOutcomeUnknownError,
} from './errors';

describe('placing facts', () => {
  it('should choose the partition exactly as the kafkajs default (Java-compatible) partitioner', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 6 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    for (const key of ['a', 'gw-1', '3f2c9a6e-0000-4000-8000-000000000001']) {
      expect(partitionOf('t', key, 6)).toBe(
        partitioner({ topic: 't', partitionMetadata, message: { key, value: null } }),
      );
    }
    expect(partitionOf('t', 'anything', 1)).toBe(0);
  });

  it('should number the messages of one request from the base offset of their partition', () => {
    const metadata = [
      { topicName: 'ev', partition: 0, errorCode: 0, baseOffset: '100' },
      { topicName: 'ev', partition: 1, errorCode: 0, baseOffset: '7' },
    ];
    expect(offsetsOf('ev', [0, 1, 0, 0, 1], metadata).map((p) => `${p.partition}:${p.offset}`)).toEqual([
      '0:100',
      '1:7',
      '0:101',
      '0:102',
      '1:8',
    ]);
    expect(() => offsetsOf('ev', [2], metadata)).toThrow(/no base offset/);
  });
});

describe('classifying transaction errors', () => {
  it('should recognise fencing, including the code 90 kafkajs 2.2.4 does not know', () => {
    expect(isFencingError({ type: 'INVALID_PRODUCER_EPOCH' })).toBe(true);
    expect(isFencingError({ type: 'KAFKAJS_UNKNOWN_ERROR_CODE', message: 'Unknown error code 90' })).toBe(
      true,
    );
    expect(isFencingError(new Error('wrapper', { cause: { type: 'PRODUCER_FENCED' } }))).toBe(true);
    expect(isFencingError({ type: 'CONCURRENT_TRANSACTIONS' })).toBe(false);
  });

  it('should retry concurrent-transaction errors but never a fenced producer or an unknown commit', () => {
    expect(isRetriableTransactionError({ type: 'CONCURRENT_TRANSACTIONS', retriable: false })).toBe(true);
    expect(isRetriableTransactionError({ type: 'INVALID_PRODUCER_EPOCH', retriable: true })).toBe(false);
    expect(isRetriableTransactionError(new TransactionOutcomeUnknownError('commit failed'))).toBe(false);
    expect(isRetriableTransactionError({ name: 'KafkaJSNonRetriableError', retriable: true })).toBe(false);
  });
});

describe('failureAction', () => {
  const concurrent = { type: 'CONCURRENT_TRANSACTIONS' };
  const encoding = new EventEncodingError('c1', { cause: new Error('no Avro schema') });

  it('should stop a fenced decider whatever else is true', () => {
    expect(failureAction({ type: 'INVALID_PRODUCER_EPOCH' }, 0, 5, false)).toBe('fenced');
    expect(failureAction({ type: 'INVALID_PRODUCER_EPOCH' }, 0, 5, true)).toBe('fenced');
  });

  it('should replan without the unencodable command, retry retriable errors within the budget, else rebuild', () => {
    expect(failureAction(encoding, 0, 5, false)).toBe('replan');
    expect(failureAction(concurrent, 0, 5, false)).toBe('retry');
    expect(failureAction(concurrent, 5, 5, false)).toBe('rebuild');
    expect(failureAction(new TransactionOutcomeUnknownError('commit failed'), 0, 5, false)).toBe('rebuild');
  });

  it('should always rebuild a model that evolve mutated in place', () => {
    expect(failureAction(concurrent, 0, 5, true)).toBe('rebuild');
    expect(failureAction(encoding, 0, 5, true)).toBe('rebuild');
  });
});
