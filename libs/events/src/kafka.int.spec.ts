// Against the real Kafka broker and registry: topics with explicit settings, a transactional batch
// of GwInterfaceCreated + PortCreated read back decoded and equal, aborted transactions invisible,
// readAll stopping at the end despite transaction markers, offsets committed with the events, and
// zombie fencing. Topics, groups and transactional ids are unique per run.
import { ConfigResourceTypes, logLevel } from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import type { KafkaConfig } from '@gohan-es/config';
import { envelope, sampleResource } from '../test/samples';
import { deleteSubjects } from '../test/registry-cleanup';
import { runId, waitFor } from '../test/wait';
import type { ConsumedEvent } from './consumer';
import { EventConsumer } from './consumer';
import type { EventEnvelope } from './envelope';
import { ProducerFencedError } from './errors';
import { newTraceContext } from './headers';
import { createKafka } from './kafka';
import { EventPublisher } from './publisher';
import { EventCodec, subjectName } from './registry';
import { EventSchemaSet } from './avro/schema-set';
import { readAll, streamAll } from './replay';
import { ensureTopics } from './topics';

const run = runId();
const prefix = `gohan-it.${run}`;
const config = loadConfig({
  ...process.env,
  ...runScopedEnv(prefix),
});
const kafkaConfig: KafkaConfig = config.kafka;
const topics = kafkaConfig.topics;

let kafka: Kafka;
let admin: Admin;
let codec: EventCodec;
const closers: (() => Promise<void>)[] = [];

function gwInterfaceBatch(n: number): EventEnvelope[] {
  const gw = `gw-${run}-${n}`;
  const base = { command_id: `cmd-${n}`, causation_id: `cmd-${n}` };
  const port = (side: 'a' | 'b', i: number) =>
    envelope({
      ...base,
      event_id: `evt-${n}-${i}`,
      event_type: 'PortCreated',
      aggregate_type: 'port',
      aggregate_id: `port-${side}-${n}`,
      parent: { aggregate_type: 'gw_interface', aggregate_id: gw },
      data: {
        resource: sampleResource('port', {
          id: `port-${side}-${n}`,
          network_id: 'net-1',
          device_id: gw,
          device_owner: 'network:gw_interface',
          fixed_ips: [{ subnet_id: 'sub-1', ip_address: `10.0.${n}.${i}` }],
          tags: { side },
        }),
      },
    });
  return [
    envelope({
      ...base,
      event_id: `evt-${n}-0`,
      event_type: 'GwInterfaceCreated',
      aggregate_type: 'gw_interface',
      aggregate_id: gw,
      data: {
        resource: sampleResource('gw_interface', {
          id: gw,
          network_id: 'net-1',
          vrid: 10 + n,
          gw_vipv4: '10.0.0.1',
          primary_ipv4: '10.0.0.2',
          secondary_ipv4: '10.0.0.3',
          netmask: 24,
          service_type: 'vpn',
          vpn_gw_id: `vpn-${n}`,
        }),
      },
    }),
    port('a', 1),
    port('b', 2),
  ];
}

function publisher(transactionalId = `${prefix}.tx`): EventPublisher {
  const p = new EventPublisher({ kafka, transactionalId, encoder: codec, topic: topics.events });
  closers.push(() => p.disconnect());
  return p;
}

const envelopesOf = (events: readonly ConsumedEvent[]) => events.map((e) => e.envelope);

beforeAll(async () => {
  kafka = createKafka(kafkaConfig, `it-${run}`, { level: logLevel.NOTHING }); // fencing errors are expected here
  admin = kafka.admin();
  await admin.connect();
  codec = await EventCodec.connect({ registryUrl: config.schemaRegistry.url, topics: [topics.events] });
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  if (admin) {
    const existing = new Set(await admin.listTopics());
    const ours = Object.values(topics).filter((t) => existing.has(t));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  }
  const schemas = EventSchemaSet.load();
  await deleteSubjects(
    config.schemaRegistry.url,
    schemas.eventTypes.map((t) => subjectName(topics.events, schemas.get(t).fullName)),
  );
});

describe('Kafka adapters', () => {
  it('should create the topics with explicit settings, idempotently', async () => {
    const first = await ensureTopics(admin, kafkaConfig);
    expect(first.created.sort()).toEqual(Object.values(topics).sort());
    const second = await ensureTopics(admin, kafkaConfig);
    expect(second).toEqual({ created: [], existing: Object.values(topics), mismatched: [] });

    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topics.events }],
    });
    const entries = Object.fromEntries(
      described.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]),
    );
    expect(entries).toMatchObject({ 'retention.ms': '-1', 'cleanup.policy': 'delete' });
  });

  it('should append a batch in one transaction and hand it to a consumer decoded and equal', async () => {
    const p = publisher();
    await p.connect();
    const batch = gwInterfaceBatch(1);
    const trace = newTraceContext();
    const published = await p.publish(batch, { trace });
    expect(published.map((e) => e.event_id)).toEqual(batch.map((e) => e.event_id));
    expect(new Set(published.map((e) => e.offset)).size).toBe(3);

    const received: ConsumedEvent[] = [];
    let nextOffset = '';
    const consumer = new EventConsumer({
      kafka,
      groupId: `${prefix}.reader`,
      topics: [topics.events],
      decoder: codec,
    });
    closers.push(() => consumer.stop());
    await consumer.start(async (b) => {
      received.push(...b.events);
      nextOffset = b.nextOffset;
    });
    await waitFor(() => received.length >= 3, { timeoutMs: 20_000, message: 'the three events' });

    expect(envelopesOf(received)).toEqual(batch);
    expect(received.map((e) => e.offset)).toEqual(published.map((e) => e.offset));
    expect(received.map((e) => e.key)).toEqual(batch.map((e) => e.aggregate_id));
    expect(received.every((e) => e.trace?.traceparent === trace.traceparent)).toBe(true);
    expect(received.map((e) => e.headers.event_type?.toString())).toEqual([
      'GwInterfaceCreated',
      'PortCreated',
      'PortCreated',
    ]);
    // The consumer committed past the transaction marker.
    expect(BigInt(nextOffset)).toBe(BigInt(published[2]!.offset) + 2n);
    await waitFor(
      async () =>
        (await admin.fetchOffsets({ groupId: `${prefix}.reader`, topics: [topics.events] }))[0]!
          .partitions[0]!.offset === nextOffset,
      {
        timeoutMs: 10_000,
        message: 'the reader group to commit',
      },
    );
  });

  it('should never show an aborted transaction, and readAll should stop at the end', async () => {
    const raw = kafka.producer({
      transactionalId: `${prefix}.raw`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await raw.connect();
    closers.push(() => raw.disconnect());
    const aborted = gwInterfaceBatch(2);
    const txn = await raw.transaction();
    await txn.send({
      topic: topics.events,
      messages: await Promise.all(
        aborted.map(async (e) => ({ key: e.aggregate_id, value: await codec.encode(topics.events, e) })),
      ),
    });
    await txn.abort();

    const later = gwInterfaceBatch(3);
    const p = publisher(`${prefix}.tx2`);
    await p.connect();
    await p.publish(later);
    // commit() returns before the coordinator has written the markers; wait for all 12 offsets
    // (9 records + 3 markers) so that the last stable offset covers the second transaction.
    await waitFor(async () => (await admin.fetchTopicOffsets(topics.events))[0]!.high === '12', {
      timeoutMs: 10_000,
      message: 'the transaction markers',
    });

    const all = await readAll({ kafka, topic: topics.events, decoder: codec, timeoutMs: 30_000 });
    expect(envelopesOf(all.events)).toEqual([...gwInterfaceBatch(1), ...later]);
    const [end] = await admin.fetchTopicOffsets(topics.events);
    expect(all.endOffsets).toEqual([{ partition: 0, offset: end!.high }]);
    // 9 records + 3 markers (commit, abort, commit): offsets are not contiguous.
    expect(end!.high).toBe('12');

    const empty = await readAll({ kafka, topic: topics.status, decoder: codec, timeoutMs: 10_000 });
    expect(empty).toEqual({ events: [], endOffsets: [{ partition: 0, offset: '0' }], count: 0 });

    const tail: EventEnvelope[] = [];
    for await (const events of streamAll({
      kafka,
      topic: topics.events,
      decoder: codec,
      from: [{ partition: 0, offset: all.events[3]!.offset }],
    })) {
      tail.push(...envelopesOf(events));
    }
    expect(tail).toEqual(later);
  });

  it('should commit the consumed input offset in the same transaction (sendOffsets)', async () => {
    const p = publisher(`${prefix}.tx-offsets`);
    await p.connect();
    const groupId = `${prefix}.decider`;
    await p.publish(gwInterfaceBatch(4), {
      offsets: {
        consumerGroupId: groupId,
        topics: [{ topic: topics.commands, partitions: [{ partition: 0, offset: '7' }] }],
      },
    });
    // The offsets become visible once the transaction's markers are written (after commit returns).
    await waitFor(
      async () =>
        (await admin.fetchOffsets({ groupId, topics: [topics.commands] }))[0]!.partitions[0]!.offset === '7',
      { timeoutMs: 10_000, message: 'the transactional offset commit' },
    );
  });

  it('should serialize concurrent publishes with sendOffsets on one producer', async () => {
    const p = publisher(`${prefix}.tx-burst`);
    await p.connect();
    const groupId = `${prefix}.burst`;
    const input = { topic: topics.commands, partition: 0 };
    const results = await Promise.all(
      [10, 11, 12, 13, 14, 15].map((n) =>
        p.publish(gwInterfaceBatch(n), {
          offsets: {
            consumerGroupId: groupId,
            topics: [{ topic: input.topic, partitions: [{ partition: 0, offset: String(n) }] }],
          },
        }),
      ),
    );
    const firstOffsets = results.map((r) => BigInt(r[0]!.offset));
    expect([...firstOffsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(firstOffsets); // in call order
    const [committed] = await admin.fetchOffsets({ groupId, topics: [input.topic] });
    expect(committed!.partitions[0]!.offset).toBe('15');
  });

  it('should resume a consumer from stored positions without committing to Kafka', async () => {
    const all = await readAll({ kafka, topic: topics.events, decoder: codec, timeoutMs: 30_000 });
    const from = all.events[all.events.length - 3]!; // the last batch
    const received: ConsumedEvent[] = [];
    const groupId = `${prefix}.projector`;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      topics: [topics.events],
      decoder: codec,
      commitToKafka: false,
      startAt: [{ topic: topics.events, partition: 0, offset: from.offset }],
    });
    closers.push(() => consumer.stop());
    await consumer.start(async (batch) => void received.push(...batch.events));
    await waitFor(() => received.length >= 3, { timeoutMs: 20_000, message: 'the last batch' });
    expect(envelopesOf(received)).toEqual(envelopesOf(all.events.slice(-3)));
    const [offsetsOfGroup] = await admin.fetchOffsets({ groupId, topics: [topics.events] });
    expect(offsetsOfGroup!.partitions[0]!.offset).toBe('-1');
  });

  it('should fence a zombie publisher with the same transactional.id', async () => {
    const zombie = publisher(`${prefix}.tx-fence`);
    await zombie.connect();
    const successor = publisher(`${prefix}.tx-fence`);
    await successor.connect();
    await expect(zombie.publish(gwInterfaceBatch(5))).rejects.toBeInstanceOf(ProducerFencedError);
    await expect(successor.publish(gwInterfaceBatch(6))).resolves.toHaveLength(3);
  });
});
