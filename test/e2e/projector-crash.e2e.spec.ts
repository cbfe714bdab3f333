// Crash the projector mid-stream: the API in-process (decider + HTTP) and the built projector
// (apps/projector/dist/main.js) as a child process on topics and a database of their own. While a
// burst of 500 creates (250 networks, each with a subnet: ~1,000 events) is being projected the
// projector gets SIGKILL; it is restarted after the burst, resumes from the offsets stored with the
// rows, and the read models then equal a fresh rebuild from the log (checksums of every table).
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import { EventCodec, createKafka } from '@gohan-es/events';
import { createDb, offsetMap, rebuild } from '@gohan-es/readmodel';
import { createLogger } from '@gohan-es/runtime';
import { httpClient } from '../../libs/http-api/test/contract';
import type { ApiResponse } from '../../libs/http-api/test/contract';
import { startApiApp } from '../../apps/api/src/app';
import type { RunningApi } from '../../apps/api/src/app';
import { kafkaReplaySource } from '../../apps/projector/src/replay-source';
import { waitFor } from '../../apps/api/test/stack';
import { createDatabase, dropDatabase, freePort, startApp } from './processes';
import type { AppProcess } from './processes';

const PAIRS = 250;
const run = `${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
const dbName = `gohan_e2e_crash_${run}`;
const prefix = `e2e-crash.${run}`;
const topicEnv = {
  ...runScopedEnv(prefix),
};
const config = loadConfig({
  ...process.env,
  ...topicEnv,
  LOG_LEVEL: process.env.DEBUG_E2E ? 'debug' : 'fatal',
});
const t = config.kafka.topics;
const topics = [t.events, t.provisioning, t.status];
const consumer = config.kafka.groups.projector;

let db: Knex;
let kafka: Kafka;
let admin: Admin;
let api: RunningApi;
let projectorEnv: Record<string, string>;
let projector: AppProcess | undefined;
const client = httpClient(() => api.url);

/** Events-topic position stored with the read models ('0' before the first batch). */
async function projectedEvents(): Promise<bigint> {
  const stored = await offsetMap(db, consumer).catch(() => ({}) as Record<string, Record<number, string>>);
  return BigInt(stored[t.events]?.[0] ?? '0');
}

/** True once the stored positions reach every partition's high watermark. */
async function caughtUp(): Promise<boolean> {
  const stored = await offsetMap(db, consumer).catch(() => undefined);
  if (!stored) return false;
  for (const topic of topics)
    for (const p of await admin.fetchTopicOffsets(topic))
      if (BigInt(stored[topic]?.[p.partition] ?? p.low) < BigInt(p.high)) return false;
  return true;
}

async function startProjector(): Promise<AppProcess> {
  const app = startApp('projector', projectorEnv);
  const health = `http://127.0.0.1:${projectorEnv.PROJECTOR_PORT}/healthz`;
  await waitFor(async () => (await fetch(health).catch(() => undefined))?.status === 200, {
    timeoutMs: 60_000,
    message: `the projector's /healthz (${health}); output:\n${app.output()}`,
  });
  return app;
}

beforeAll(async () => {
  const url = await createDatabase(dbName);
  db = createDb(url, 4);
  projectorEnv = {
    ...topicEnv,
    DATABASE_URL: url,
    PROJECTOR_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  api = await startApiApp({
    config: { ...config, database: { ...config.database, url } },
    log: createLogger('e2e-crash', config.logLevel),
    listen: { host: '127.0.0.1', port: 0 },
    limits: { commandTimeoutMs: 20_000, consistencyWaitMs: 60_000 },
  });
  await api.decider!.waitFor('active', 60_000);
  kafka = createKafka(config.kafka, 'e2e-crash');
  admin = kafka.admin();
  await admin.connect();
  projector = await startProjector();
}, 120_000);

afterAll(async () => {
  await projector?.stop().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await admin?.deleteTopics({ topics: Object.values(t) }).catch(() => undefined);
  await admin?.disconnect().catch(() => undefined);
  await db?.destroy();
  await dropDatabase(dbName).catch(() => undefined);
}, 60_000);

describe('Projector crash', () => {
  describe('When the projector is killed (SIGKILL) mid-stream during a burst of 500 creates', () => {
    let killedAt = 0n;
    let createdAtKill = 0;
    const created: ApiResponse[] = [];

    beforeAll(async () => {
      let done = 0;
      const burst = Promise.all(
        Array.from({ length: 16 }, async (_, worker) => {
          for (let i = worker; i < PAIRS; i += 16) {
            const net = await client.request('POST', '/v2.0/networks', {
              token: 'demo_token',
              body: { name: `crash-${i}` },
            });
            const subnet = await client.request('POST', '/v2.0/subnets', {
              token: 'demo_token',
              body: { network_id: net.json?.network?.id, cidr: `10.${i >> 8}.${i & 255}.0/24` },
            });
            created.push(net, subnet);
            done += 2;
          }
        }),
      );
      await waitFor(async () => (await projectedEvents()) >= 150n || done === 2 * PAIRS, {
        timeoutMs: 60_000,
        message: 'the projector to have projected 150 events',
      });
      createdAtKill = done;
      await projector!.kill();
      killedAt = await projectedEvents();
      projector = undefined;
      await burst;
    }, 120_000);

    it('should have been killed mid-stream, before the burst ended', () => {
      expect(killedAt).toBeGreaterThanOrEqual(150n);
      expect(createdAtKill).toBeLessThan(2 * PAIRS);
      expect(created.map((r) => r.status)).toEqual(Array(2 * PAIRS).fill(201));
    });

    it('should resume after a restart and catch up with the log', async () => {
      projector = await startProjector();
      await waitFor(caughtUp, { timeoutMs: 90_000, message: 'the restarted projector to catch up' });
      const last = created[created.length - 1]!;
      const list = await client.request('GET', '/v2.0/networks?limit=1', {
        token: 'demo_token',
        headers: { 'X-Consistency-Token': last.headers.get('x-consistency-token') ?? '' },
      });
      expect(list.headers.get('x-total-count')).toBe(String(PAIRS));
      const subnets = await client.request('GET', '/v2.0/subnets?limit=1', { token: 'demo_token' });
      expect(subnets.headers.get('x-total-count')).toBe(String(PAIRS));
    }, 120_000);

    it('should hold read models equal to a fresh rebuild from the log', async () => {
      const codec = new EventCodec({ registryUrl: config.schemaRegistry.url });
      const report = await rebuild(db, {
        consumer,
        read: kafkaReplaySource(kafka, codec, topics),
        swap: false,
        catchUpTimeoutMs: 30_000,
      });
      expect(report.identical).toBe(true);
      expect(report.liveChecksum?.tables['networks']?.rows).toBe(PAIRS);
      expect(report.checksum.tables['ports']?.rows).toBe(PAIRS); // one DHCP port per subnet
      expect(report.offsets[t.events]?.[0]).toBeDefined();
    }, 120_000);
  });
});
