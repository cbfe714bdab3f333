// Smoke test of the real local Kafka broker (scripts/stack/kafka.sh) with kafkajs 2.2.4: every Kafka
// feature the system relies on — admin, idempotent produce, consumer groups, transactions with
// read_committed consumers, and sendOffsets — answered by the broker version the stack runs.
// Topics and groups get unique names per run, so the test can run again and again on one broker.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim());
const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
const name = (what: string) => `gohan-smoke.${what}.${runId}`;

const kafka = new Kafka({ clientId: `gohan-smoke-${runId}`, brokers, logLevel: logLevel.NOTHING });

/** Everything a consumer received, with a way to wait for a condition on it (with a deadline). */
class Received {
  readonly messages: { partition: number; message: KafkaMessage }[] = [];
  private waiters: (() => void)[] = [];

  push(partition: number, message: KafkaMessage): void {
    this.messages.push({ partition, message });
    for (const wake of this.waiters.splice(0)) wake();
  }

  values(): string[] {
    return this.messages.map(({ message }) => message.value?.toString() ?? '');
  }

  until(what: string, condition: (values: string[]) => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; received ${JSON.stringify(this.values())}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (condition(this.values())) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }
}

/** Retries `probe` until it returns true or the deadline passes (for state with no event to wait on). */
async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('local Kafka broker with kafkajs', () => {
  const producers: Producer[] = [];
  const consumers: Consumer[] = [];
  const topics = { plain: name('plain'), tx: name('tx'), txOut: name('tx-out') };
  const groups: string[] = [];
  let admin: Admin;

  function producer(config: Parameters<Kafka['producer']>[0]): Producer {
    const p = kafka.producer(config);
    producers.push(p);
    return p;
  }

  async function startConsumer(topic: string, groupId: string, readUncommitted: boolean): Promise<Received> {
    const consumer = kafka.consumer({ groupId, readUncommitted, maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    groups.push(groupId);
    const received = new Received();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push(partition, message);
      },
    });
    return received;
  }

  async function committedOffset(groupId: string, topic: string, partition = 0): Promise<string | undefined> {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return result?.partitions.find((p) => p.partition === partition)?.offset;
  }

  // Every test can run alone (jest -t): the topics are made here and checked by the first test.
  let created: boolean;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: topics.plain, numPartitions: 2, replicationFactor: 1 },
        { topic: topics.tx, numPartitions: 1, replicationFactor: 1 },
        { topic: topics.txOut, numPartitions: 1, replicationFactor: 1 },
      ],
    });
  });

  afterAll(async () => {
    // Disconnect everything (consumers first: they leave their groups), then remove what this run made.
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await Promise.allSettled(producers.map((p) => p.disconnect()));
    if (admin) {
      try {
        const existing = new Set(await admin.listTopics());
        const ours = Object.values(topics).filter((t) => existing.has(t));
        if (ours.length > 0) await admin.deleteTopics({ topics: ours });
        if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined); // best effort
      } finally {
        await admin.disconnect();
      }
    }
  });

  it('creates topics with the admin client', async () => {
    expect(created).toBe(true);

    const metadata = await admin.fetchTopicMetadata({ topics: [topics.plain] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(Object.values(topics)));
  });

  it('produces idempotently and consumes with a consumer group', async () => {
    const p = producer({ idempotent: true, maxInFlightRequests: 1 });
    await p.connect();
    const keys = ['gw-1', 'gw-2', 'gw-3'];
    const messages = Array.from({ length: 12 }, (_, i) => ({
      key: keys[i % keys.length]!,
      value: `event-${i}`,
    }));
    const acks = await p.send({ topic: topics.plain, acks: -1, messages });
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);

    const groupId = name('group');
    const received = await startConsumer(topics.plain, groupId, false);
    await received.until('all 12 events', (values) => values.length >= 12);
    expect(received.values().sort()).toEqual(messages.map((m) => m.value).sort());

    // Same key, same partition, in produce order.
    for (const key of keys) {
      const ofKey = received.messages.filter(({ message }) => message.key?.toString() === key);
      expect(new Set(ofKey.map(({ partition }) => partition)).size).toBe(1);
      expect(ofKey.map(({ message }) => message.value?.toString())).toEqual(
        messages.filter((m) => m.key === key).map((m) => m.value),
      );
    }

    // The group committed its position: the next offset of each partition that holds events (the keys
    // may all hash to one partition; an empty partition has no commit, offset -1).
    const ends = (await admin.fetchTopicOffsets(topics.plain)).filter((end) => end.high !== '0');
    expect(ends.reduce((sum, end) => sum + Number(end.high), 0)).toBe(12);
    await eventually('the group to commit its offsets', async () => {
      const offsets = await Promise.all(
        ends.map((end) => committedOffset(groupId, topics.plain, end.partition)),
      );
      return ends.every((end, i) => offsets[i] === end.high);
    });
    const [group] = (await admin.describeGroups([groupId])).groups;
    expect(group?.state).toBe('Stable');
    expect(group?.members).toHaveLength(1);
  });

  it('shows read_committed consumers only committed transactions', async () => {
    const tx = producer({ transactionalId: name('txid'), idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();

    const first = await tx.transaction();
    await first.send({ topic: topics.tx, messages: [{ value: 'committed-1' }, { value: 'committed-2' }] });
    await first.commit();

    const second = await tx.transaction();
    await second.send({ topic: topics.tx, messages: [{ value: 'aborted-1' }, { value: 'aborted-2' }] });
    await second.abort();

    const third = await tx.transaction();
    await third.send({ topic: topics.tx, messages: [{ value: 'committed-3' }] });
    await third.commit();

    const committed = await startConsumer(topics.tx, name('read-committed'), false);
    const uncommitted = await startConsumer(topics.tx, name('read-uncommitted'), true);
    await committed.until('committed-3', (values) => values.includes('committed-3'));
    await uncommitted.until('committed-3', (values) => values.includes('committed-3'));

    expect(committed.values()).toEqual(['committed-1', 'committed-2', 'committed-3']);
    // The aborted records are in the log (a read_uncommitted consumer sees them) ...
    expect(uncommitted.values()).toEqual([
      'committed-1',
      'committed-2',
      'aborted-1',
      'aborted-2',
      'committed-3',
    ]);
    // ... and each transaction marker takes an offset: 5 records + 3 markers.
    const [end] = await admin.fetchTopicOffsets(topics.tx);
    expect(end?.high).toBe('8');
  });

  it('commits consumer offsets inside a transaction with sendOffsets', async () => {
    const groupId = name('eos');
    groups.push(groupId);
    const tx = producer({ transactionalId: name('txid-eos'), idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();

    // Consume-transform-produce: the output and the input position commit together ...
    const committed = await tx.transaction();
    await committed.send({ topic: topics.txOut, messages: [{ value: 'derived-1' }] });
    await committed.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: topics.tx, partitions: [{ partition: 0, offset: '3' }] }],
    });
    await committed.commit();
    await eventually(
      'offset 3 to be committed',
      async () => (await committedOffset(groupId, topics.tx)) === '3',
    );

    // ... or not at all.
    const aborted = await tx.transaction();
    await aborted.send({ topic: topics.txOut, messages: [{ value: 'derived-2' }] });
    await aborted.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: topics.tx, partitions: [{ partition: 0, offset: '7' }] }],
    });
    await aborted.abort();
    expect(await committedOffset(groupId, topics.tx)).toBe('3');

    const next = await tx.transaction();
    await next.send({ topic: topics.txOut, messages: [{ value: 'derived-3' }] });
    await next.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: topics.tx, partitions: [{ partition: 0, offset: '5' }] }],
    });
    await next.commit();

    const output = await startConsumer(topics.txOut, name('eos-reader'), false);
    await output.until('derived-3', (values) => values.includes('derived-3'));
    expect(output.values()).toEqual(['derived-1', 'derived-3']);
    await eventually(
      'offset 5 to be committed',
      async () => (await committedOffset(groupId, topics.tx)) === '5',
    );
  });
});
