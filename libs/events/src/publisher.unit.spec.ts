// EventPublisher's transaction discipline, against a scripted stand-in for the kafkajs client (the
// real broker is exercised in kafka.int.spec.ts): one transaction at a time, retriable failures
// aborted and retried whole, an unknown commit outcome reported, fencing fatal.
import type { Kafka } from 'kafkajs';
import { envelope } from '../test/samples';
import { ProducerFencedError, TransactionOutcomeUnknownError } from './errors';
import { EventPublisher } from './publisher';

type Step = 'send' | 'sendOffsets' | 'commit';
const protocolError = (type: string, retriable: boolean) =>
  Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable });

function fakeKafka(failures: Partial<Record<Step, unknown[]>> = {}) {
  const log: string[] = [];
  let producers = 0;
  let nextOffset = 10;
  const fail = async (step: Step) => {
    log.push(step);
    await new Promise((resolve) => setImmediate(resolve)); // let concurrent callers interleave if they could
    const error = failures[step]?.shift();
    if (error) throw error;
  };
  const producer = () => {
    const id = ++producers;
    return {
      connect: async () => void log.push(`connect#${id}`),
      disconnect: async () => void log.push(`disconnect#${id}`),
      transaction: async () => {
        log.push('begin');
        return {
          send: async ({ topic, messages }: { topic: string; messages: unknown[] }) => {
            await fail('send');
            const baseOffset = String(nextOffset);
            nextOffset += messages.length + 1;
            return [{ topicName: topic, partition: 0, errorCode: 0, baseOffset }];
          },
          sendOffsets: async () => fail('sendOffsets'),
          commit: async () => fail('commit'),
          abort: async () => void log.push('abort'),
        };
      },
    };
  };
  const admin = () => ({
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicMetadata: async () => ({ topics: [{ name: 'events', partitions: [{ partitionId: 0 }] }] }),
  });
  return { kafka: { producer, admin } as unknown as Kafka, log, producers: () => producers };
}

const encoder = { encode: async (_topic: string, e: { event_id: string }) => Buffer.from(e.event_id) };
const events = [1, 2, 3].map((i) =>
  envelope({
    event_id: `e${i}`,
    event_type: 'PortCreated',
    aggregate_type: 'port',
    aggregate_id: `p${i}`,
    data: {},
  }),
);
const offsets = {
  consumerGroupId: 'decider',
  topics: [{ topic: 'commands', partitions: [{ partition: 0, offset: '5' }] }],
};

async function connected(fake: ReturnType<typeof fakeKafka>): Promise<EventPublisher> {
  const publisher = new EventPublisher({
    kafka: fake.kafka,
    transactionalId: 'tx',
    encoder,
    topic: 'events',
    retry: { initialMs: 1, maxMs: 2 },
  });
  await publisher.connect();
  fake.log.length = 0;
  return publisher;
}

describe('EventPublisher', () => {
  it('should give each event its offset (consecutive within the batch)', async () => {
    const publisher = await connected(fakeKafka());
    const published = await publisher.publish(events);
    expect(published.map((p) => [p.event_id, p.partition, p.offset])).toEqual([
      ['e1', 0, '10'],
      ['e2', 0, '11'],
      ['e3', 0, '12'],
    ]);
  });

  it('should run one transaction at a time', async () => {
    const fake = fakeKafka();
    const publisher = await connected(fake);
    await Promise.all([publisher.publish(events, { offsets }), publisher.publish(events, { offsets })]);
    expect(fake.log).toEqual([
      'begin',
      'send',
      'sendOffsets',
      'commit',
      'begin',
      'send',
      'sendOffsets',
      'commit',
    ]);
  });

  it('should abort and retry the whole transaction on a retriable error (CONCURRENT_TRANSACTIONS)', async () => {
    const fake = fakeKafka({ sendOffsets: [protocolError('CONCURRENT_TRANSACTIONS', true)] });
    const publisher = await connected(fake);
    await publisher.publish(events, { offsets });
    expect(fake.log).toEqual([
      'begin',
      'send',
      'sendOffsets',
      'abort',
      'begin',
      'send',
      'sendOffsets',
      'commit',
    ]);
  });

  it('should not retry a non-retriable error', async () => {
    const fake = fakeKafka({ send: [protocolError('INVALID_TXN_STATE', false)] });
    const publisher = await connected(fake);
    await expect(publisher.publish(events)).rejects.toThrow('INVALID_TXN_STATE');
    expect(fake.log).toEqual(['begin', 'send', 'abort']);
  });

  it('should report fencing as ProducerFencedError, without retrying', async () => {
    const fake = fakeKafka({ send: [protocolError('INVALID_PRODUCER_EPOCH', false)] });
    const publisher = await connected(fake);
    await expect(publisher.publish(events)).rejects.toBeInstanceOf(ProducerFencedError);
    expect(fake.log.filter((s) => s === 'begin')).toHaveLength(1);
  });

  it('should report a failed commit as an unknown outcome and continue on a fresh producer', async () => {
    const fake = fakeKafka({ commit: [protocolError('REQUEST_TIMED_OUT', true)] });
    const publisher = await connected(fake);
    await expect(publisher.publish(events)).rejects.toBeInstanceOf(TransactionOutcomeUnknownError);
    expect(fake.producers()).toBe(2);
    await expect(publisher.publish(events)).resolves.toHaveLength(3);
    expect(fake.log).toEqual([
      'begin',
      'send',
      'commit',
      'disconnect#1',
      'connect#2',
      'begin',
      'send',
      'commit',
    ]);
  });

  it('should refuse to publish before connect', async () => {
    const publisher = new EventPublisher({
      kafka: fakeKafka().kafka,
      transactionalId: 'tx',
      encoder,
      topic: 'events',
    });
    await expect(publisher.publish(events)).rejects.toThrow('not connected');
  });
});
