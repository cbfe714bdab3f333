// The projector's wiring against the real Kafka, registry and Postgres: events published in a
// Kafka transaction are projected (read-your-writes through the event's offset), a restarted
// consumer resumes from the offsets stored in Postgres without applying anything twice, and a
// rebuild replayed from Kafka reproduces the incremental read model exactly. Topics, group and
// Postgres schema are unique per run.
import { logLevel } from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import { schemaById } from '@gohan-es/domain';
import type { ResourceBody } from '@gohan-es/domain';
import { EventCodec, EventConsumer, EventPublisher, createKafka, ensureTopics } from '@gohan-es/events';
import type { EventEnvelope } from '@gohan-es/events';
import {
  asAdmin,
  createDb,
  listResources,
  migrate,
  offsetMap,
  rebuild,
  showResource,
  waitForOffset,
} from '@gohan-es/readmodel';
import { createLogger } from '@gohan-es/runtime';
import { startPositions } from './positions';
import { projectionLoop } from './projection-loop';
import { kafkaReplaySource } from './replay-source';

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const prefix = `gohan-rm-it.${run}`;
const config = loadConfig({
  ...process.env,
  ...runScopedEnv(prefix),
});
const t = config.kafka.topics;
const topics = [t.events, t.provisioning, t.status];
const CONSUMER = `${prefix}.projector`;
const dbSchema = `t_projector_${run}`.replace(/[^a-z0-9_]/g, '_');
const db = createDb(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test', 4);
const log = createLogger('projector-it', 'silent');
const gw = schemaById('gw_interface')!;
const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';

let kafka: Kafka;
let admin: Admin;
let codec: EventCodec;
let publisher: EventPublisher;
const consumers: EventConsumer[] = [];

function seed(id: string): ResourceBody {
  return {
    id,
    name: 'sample-gw-interface',
    description: 'Sample Gw-interface',
    tenant_id: TENANT,
    network_id: 'afa0d9d6-84dc-4755-9c6e-db2f23f9dde2',
    service_type: 'vpn',
    vrid: 20,
    gw_vipv4: '172.16.101.151',
    primary_ipv4: '172.16.101.152',
    secondary_ipv4: '172.16.101.153',
    netmask: 24,
    gw_vipv6: null,
    primary_ipv6: null,
    secondary_ipv6: null,
    vpn_gw_id: 'b1da850c-3344-4de2-aa18-d96a30b54f69',
    internet_gw_id: null,
    aws_gw_id: null,
    azure_gw_id: null,
    gcp_gw_id: null,
    interdc_gw_id: null,
    public_ip_id: null,
    status: 'PENDING_CREATE',
    orchestration_state: 'CREATE_IN_PROGRESS',
    operational_state: 'NO_STATE',
  };
}

function envelope(
  n: number,
  event_type: string,
  aggregate_id: string,
  aggregate_version: number,
  data: ResourceBody,
): EventEnvelope {
  return {
    event_id: `${run}-${n}`,
    event_type,
    aggregate_type: 'gw_interface',
    aggregate_id,
    aggregate_version,
    tenant_id: TENANT,
    command_id: `cmd-${n}`,
    causation_id: `cmd-${n}`,
    request_id: null,
    actor: { user_name: 'admin', tenant_id: TENANT, roles: ['admin'], is_admin: true },
    occurred_at: '2018-04-16T00:12:29.333Z',
    data,
  };
}

async function startConsumer(): Promise<EventConsumer> {
  const consumer = new EventConsumer({
    kafka,
    groupId: CONSUMER,
    topics,
    decoder: codec,
    commitToKafka: false,
    startAt: await startPositions(admin, db, CONSUMER, topics, dbSchema),
    maxWaitTimeInMs: 100,
  });
  consumers.push(consumer);
  await consumer.start(projectionLoop(db, CONSUMER, log, dbSchema).handler);
  return consumer;
}

beforeAll(async () => {
  kafka = createKafka(config.kafka, `rm-it-${run}`, { level: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, config.kafka);
  await migrate(db, { schema: dbSchema });
  codec = await EventCodec.connect({ registryUrl: config.schemaRegistry.url, topics: [t.events] });
  publisher = new EventPublisher({ kafka, transactionalId: `${prefix}.tx`, encoder: codec, topic: t.events });
  await publisher.connect();
});

afterAll(async () => {
  for (const c of consumers) await c.stop().catch(() => undefined);
  await publisher?.disconnect().catch(() => undefined);
  if (admin) {
    await admin.deleteTopics({ topics: Object.values(t) }).catch(() => undefined);
    await admin.deleteGroups([CONSUMER]).catch(() => undefined);
    await admin.disconnect();
  }
  if (codec) {
    const base = config.schemaRegistry.url.replace(/\/$/, '');
    for (const type of codec.schemas.eventTypes) {
      const url = `${base}/subjects/${encodeURIComponent(codec.subject(t.events, type))}`;
      await fetch(url, { method: 'DELETE' }).catch(() => undefined);
      await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
    }
  }
  await db.raw('drop schema if exists ?? cascade', [dbSchema]);
  await db.destroy();
});

describe('projector (real Kafka, registry and Postgres)', () => {
  it('should project a published event and let a reader wait for its offset', async () => {
    await startConsumer();
    const [published] = await publisher.publish([
      envelope(1, 'GwInterfaceCreated', 'gw-1', 1, { resource: seed('gw-1') }),
    ]);
    await waitForOffset(db, published!.topic, published!.partition, published!.offset, 20_000, {
      dbSchema,
      consumer: CONSUMER,
    });
    expect(await showResource(db, gw, 'gw-1', { tenantId: TENANT }, {}, { dbSchema })).toEqual({
      ...seed('gw-1'),
    });
  });

  it('should apply an update to the changed properties only', async () => {
    const [published] = await publisher.publish([
      envelope(2, 'GwInterfaceUpdated', 'gw-1', 2, { changes: { name: 'renamed' } }),
    ]);
    await waitForOffset(db, published!.topic, published!.partition, published!.offset, 20_000, { dbSchema });
    expect(
      await showResource(
        db,
        gw,
        'gw-1',
        asAdmin(),
        { _fields: ['name', 'vrid', 'description'] },
        { dbSchema },
      ),
    ).toEqual({
      name: 'renamed',
      vrid: 20,
      description: 'Sample Gw-interface',
    });
  });

  it('should resume from the stored offsets after a restart, applying nothing twice', async () => {
    await consumers.pop()!.stop();
    const stopped = await offsetMap(db, CONSUMER, { dbSchema });
    const published = await publisher.publish([
      envelope(3, 'GwInterfaceCreated', 'gw-2', 1, { resource: seed('gw-2') }),
    ]);
    await startConsumer();
    await waitForOffset(db, t.events, 0, published[0]!.offset, 20_000, { dbSchema });
    const { resources, total } = await listResources(db, gw, {}, asAdmin(), { dbSchema });
    expect(resources.map((r) => [r.id, r.name])).toEqual([
      ['gw-1', 'renamed'],
      ['gw-2', 'sample-gw-interface'],
    ]);
    expect(total).toBe(2);
    expect(BigInt((await offsetMap(db, CONSUMER, { dbSchema }))[t.events]![0]!)).toBeGreaterThan(
      BigInt(stopped[t.events]![0]!),
    );
  });

  it('should rebuild from Kafka into a fresh schema identical to the incremental projection, then swap', async () => {
    const report = await rebuild(db, {
      consumer: CONSUMER,
      read: kafkaReplaySource(kafka, codec, topics),
      liveSchema: dbSchema,
      catchUpTimeoutMs: 20_000,
      requireIdentical: true,
    });
    expect(report).toMatchObject({ swapped: true, identical: true });
    expect(report.checksum.tables.gw_interfaces!.rows).toBe(2);
  });
});
