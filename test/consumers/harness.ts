// The stream consumers' integration world: unique topics, consumer groups and Postgres schemas per
// run on the real Kafka, registry and Postgres; a publisher that sends each scripted event to its
// topic with the real codec; the projector's startStreamConsumers; the API's alerts/usage routes on
// loopback; and a local webhook receiver that fails its first requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { logLevel } from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import type { GohanConfig } from '@gohan-es/config';
import { resourceSchemas } from '@gohan-es/domain';
import { EventCodec, EventPublisher, createKafka, ensureTopics } from '@gohan-es/events';
import type { EventEnvelope } from '@gohan-es/events';
import { createApiServer, loadPolicies, loadTokenStore } from '@gohan-es/http-api';
import { topicKindOf } from '@gohan-es/lifecycle';
import { createDb, offsetMap } from '@gohan-es/readmodel';
import { createLogger } from '@gohan-es/runtime';
import { operationsSource } from '../../apps/api/src/wiring/operations';
import { startStreamConsumers } from '../../apps/projector/src/stream-consumers';
import type { StreamConsumers } from '../../apps/projector/src/stream-consumers';
import { waitFor } from '../../libs/events/test/wait';

export const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const prefix = `gohan-consumers-it.${run}`;
const schemaOf = (label: string) => `t_${label}_${run}`.replace(/[^a-z0-9_]/g, '_');

export interface WebhookReceiver {
  url: string;
  /** Bodies of the accepted requests, in arrival order. */
  accepted: { notification_id: string; transition: string; alert: Record<string, unknown> }[];
  /** Every request, accepted or not. */
  requests: number;
  close(): Promise<void>;
}

/** A webhook on 127.0.0.1 that answers 503 to its first `failFirst` requests, then 204. */
export async function webhookReceiver(failFirst: number): Promise<WebhookReceiver> {
  const receiver = { accepted: [] as WebhookReceiver['accepted'], requests: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      receiver.requests += 1;
      if (receiver.requests <= failFirst) {
        res.writeHead(503).end();
        return;
      }
      receiver.accepted.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export class ConsumersWorld {
  readonly log = createLogger('consumers-it', (process.env.IT_LOG_LEVEL as 'silent' | undefined) ?? 'silent');
  readonly db: Knex = createDb(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test',
    6,
  );
  readonly readModelSchema = schemaOf('rm');
  config!: GohanConfig;
  kafka!: Kafka;
  admin!: Admin;
  codec!: EventCodec;
  publisher!: EventPublisher;
  consumers: StreamConsumers | undefined;
  apiUrl = '';
  private server: http.Server | undefined;
  private readonly subjects = new Set<string>();
  /** topic/partition → offset of the last published event. */
  private readonly lastOffsets = new Map<string, string>();

  async start(webhookUrl: string): Promise<void> {
    this.config = loadConfig({
      ...process.env,
      ...runScopedEnv(prefix),
      BILLING_DB_SCHEMA: schemaOf('billing'),
      MONITORING_DB_SCHEMA: schemaOf('monitoring'),
      MONITORING_WEBHOOK_URL: webhookUrl,
    });
    this.kafka = createKafka(this.config.kafka, `consumers-it-${run}`, { level: logLevel.NOTHING });
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await ensureTopics(this.admin, this.config.kafka);
    const t = this.config.kafka.topics;
    // Schemas register on first use (per topic and event type): only those the script publishes.
    this.codec = new EventCodec({ registryUrl: this.config.schemaRegistry.url });
    this.publisher = new EventPublisher({
      kafka: this.kafka,
      transactionalId: `${prefix}.tx`,
      encoder: this.codec,
      topic: t.events,
    });
    await this.publisher.connect();
    const app = createApiServer({
      schemas: resourceSchemas,
      commands: { send: () => Promise.reject(new Error('no writes here')) },
      reads: {
        list: async () => ({ items: [], total: 0 }),
        show: async () => undefined,
        waitFor: async () => true,
      },
      validator: { validateCreate: () => undefined, validateUpdate: () => undefined },
      tokens: loadTokenStore(undefined),
      policies: loadPolicies(undefined),
      statusOf: () => 500,
      log: this.log,
      operations: operationsSource(this.db, {
        billingSchema: this.config.billing.dbSchema,
        monitoringSchema: this.config.monitoring.dbSchema,
      }),
    });
    this.server = http.createServer(app.callback());
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.apiUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get topics(): string[] {
    const t = this.config.kafka.topics;
    return [t.events, t.provisioning, t.status];
  }

  async startConsumers(): Promise<void> {
    this.consumers = await startStreamConsumers({
      config: this.config,
      kafka: this.kafka,
      admin: this.admin,
      db: this.db,
      decoder: this.codec,
      log: this.log,
      readModelSchema: this.readModelSchema,
    });
  }

  async stopConsumers(): Promise<void> {
    await this.consumers?.stop();
    this.consumers = undefined;
  }

  /** Publishes each event to its topic (config, provisioning, status), runs of one topic per transaction. */
  async publish(events: readonly EventEnvelope[]): Promise<void> {
    const t = this.config.kafka.topics;
    const topicOf = (e: EventEnvelope) => t[topicKindOf(e.event_type)];
    for (const e of events) this.subjects.add(this.codec.subject(topicOf(e), e.event_type));
    for (let i = 0; i < events.length;) {
      let j = i + 1;
      while (j < events.length && topicOf(events[j]!) === topicOf(events[i]!)) j += 1;
      for (const p of await this.publisher.publish(events.slice(i, j), { topic: topicOf(events[i]!) })) {
        const key = `${p.topic}\u0000${p.partition}`;
        if (BigInt(p.offset) > BigInt(this.lastOffsets.get(key) ?? '-1')) this.lastOffsets.set(key, p.offset);
      }
      i = j;
    }
  }

  /**
   * Waits until the group has stored a position past every published event. (Not the high
   * watermark: a trailing transaction marker may come in a batch of its own, which the consumer
   * only passes with the next event.)
   */
  async caughtUp(group: string, dbSchema: string): Promise<void> {
    await waitFor(
      async () => {
        const stored = await offsetMap(this.db, group, { dbSchema });
        return [...this.lastOffsets].every(([key, offset]) => {
          const [topic, partition] = key.split('\u0000') as [string, string];
          return BigInt(stored[topic]?.[Number(partition)] ?? '0') > BigInt(offset);
        });
      },
      { timeoutMs: 30_000, message: `${group} to catch up`, intervalMs: 50 },
    );
  }

  async get(path: string, token: string): Promise<{ status: number; json: unknown; total: string | null }> {
    const response = await fetch(`${this.apiUrl}${path}`, { headers: { 'X-Auth-Token': token } });
    return {
      status: response.status,
      json: await response.json(),
      total: response.headers.get('x-total-count'),
    };
  }

  async stop(): Promise<void> {
    await this.stopConsumers().catch(() => undefined);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.publisher?.disconnect().catch(() => undefined);
    if (this.admin) {
      const g = this.config.kafka.groups;
      await this.admin
        .deleteTopics({ topics: Object.values(this.config.kafka.topics) })
        .catch(() => undefined);
      await this.admin.deleteGroups([g.billing, g.monitoring]).catch(() => undefined);
      await this.admin.disconnect();
    }
    if (this.codec) {
      const base = this.config.schemaRegistry.url.replace(/\/$/, '');
      for (const subject of this.subjects) {
        const url = `${base}/subjects/${encodeURIComponent(subject)}`;
        await fetch(url, { method: 'DELETE' }).catch(() => undefined);
        await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
      }
    }
    for (const schema of [
      this.config.billing.dbSchema,
      this.config.monitoring.dbSchema,
      this.readModelSchema,
    ])
      await this.db.raw('drop schema if exists ?? cascade', [schema]);
    await this.db.destroy();
  }
}
