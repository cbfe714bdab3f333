// The provisioning world: the real Kafka, schema registry, Postgres and the two simulated routers;
// topics, consumer groups and a read-model schema of its own per run; the API (decider + command
// bus) in-process with the provisioning routes wired to the provisioner's control server, a
// projector loop, and the provisioner itself — in-process, or as a child process a test can SIGKILL.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import type { GohanConfig } from '@gohan-es/config';
import { EventConsumer, readAll } from '@gohan-es/events';
import type { ConsumedEvent } from '@gohan-es/events';
import { createApiServer } from '@gohan-es/http-api';
import { loadProvisionerSettings, provisionerControl } from '@gohan-es/provisioning';
import type { ProvisionerSettings } from '@gohan-es/provisioning';
import { applyBatch, createDb, dropSchema, migrate } from '@gohan-es/readmodel';
import { createLogger } from '@gohan-es/runtime';
import { startApiApp } from '../../apps/api/src/app';
import type { RunningApi } from '../../apps/api/src/app';
import { startProvisionerApp } from '../../apps/provisioner/src/app';
import type { RunningProvisioner } from '../../apps/provisioner/src/app';
import { httpClient } from '../../libs/http-api/test/contract';
import type { ApiClient } from '../../libs/http-api/test/contract';
import { freePort, startApp } from '../e2e/processes';
import type { AppProcess } from '../e2e/processes';

const ROOT = path.resolve(__dirname, '../..');

/** The one way tests wait: poll a condition until a deadline (no fixed sleeps). */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs: number; message: string | (() => string) },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const message = typeof options.message === 'string' ? options.message : options.message();
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface WorldOptions {
  /** Provisioner settings overrides (env names as in libs/provisioning settings.ts). */
  provisionerEnv?: Record<string, string>;
}

export class ProvisioningWorld {
  readonly run = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  readonly dbSchema = `prov_${this.run.replace(/-/g, '_')}`;
  readonly config: GohanConfig;
  readonly env: Record<string, string>;
  private readonly db: Knex;
  private api: RunningApi | undefined;
  private projector: EventConsumer | undefined;
  private server: http.Server | undefined;
  private controlUrl = '';
  provisioner: RunningProvisioner | undefined;
  child: AppProcess | undefined;
  client: ApiClient;

  constructor(options: WorldOptions = {}) {
    const prefix = `prov-test.${this.run}`;
    this.env = {
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test',
      ...runScopedEnv(prefix),
      LOG_LEVEL: process.env.DEBUG_PROVISIONING ? 'debug' : 'error',
      PROVISIONER_DRIFT_INTERVAL_MS: '0',
      ...options.provisionerEnv,
    };
    this.config = loadConfig({ ...process.env, ...this.env });
    this.db = createDb(this.config.database.url, 4);
    this.client = httpClient(() => this.url);
  }

  get url(): string {
    if (!this.server) throw new Error('world not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get kafka(): Kafka {
    if (!this.api) throw new Error('world not started');
    return this.api.kafka;
  }

  get topics(): GohanConfig['kafka']['topics'] {
    return this.config.kafka.topics;
  }

  settings(env: Record<string, string> = {}): ProvisionerSettings {
    return loadProvisionerSettings({ ...process.env, ...this.env, ...env }, this.topics.provisioning);
  }

  async start(): Promise<void> {
    await migrate(this.db, { schema: this.dbSchema });
    const log = createLogger('prov-test-api', this.config.logLevel);
    this.api = await startApiApp({
      config: this.config,
      log,
      listen: { host: '127.0.0.1', port: 0 },
      dbSchema: this.dbSchema,
      limits: { commandTimeoutMs: 30_000, consistencyWaitMs: 30_000 },
    });
    await this.api.decider!.waitFor('active', 60_000);
    // The same API with the provisioning routes pointed at this world's provisioner.
    const deps = {
      ...this.api.deps,
      provisioning: {
        config: (s: { id: string }, id: string) => provisionerControl(this.controlUrl).config(s, id),
        drift: (s: { id: string }, id: string) => provisionerControl(this.controlUrl).drift(s, id),
        sync: (s: { id: string }, id: string) => provisionerControl(this.controlUrl).sync(s, id),
      },
    };
    this.server = http.createServer(createApiServer(deps).callback());
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    await this.startProjector();
  }

  private async startProjector(): Promise<void> {
    const { topics, groups } = this.config.kafka;
    this.projector = new EventConsumer({
      kafka: this.api!.kafka,
      groupId: groups.projector,
      topics: [topics.events, topics.provisioning, topics.status],
      decoder: this.api!.codec,
      commitToKafka: false,
      fromBeginning: true,
      maxWaitTimeInMs: 20,
    });
    await this.projector.start(async (batch) => {
      await applyBatch(this.db, groups.projector, batch.events, {
        dbSchema: this.dbSchema,
        positions: [{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }],
      });
    });
  }

  /** The provisioner in this process (port 0). */
  async startProvisioner(
    env: Record<string, string> = {},
    hooks?: Parameters<typeof startProvisionerApp>[0]['hooks'],
    /** Collects every log line at debug level (with NETCONF XML) instead of the world's level. */
    logLines?: string[],
  ): Promise<RunningProvisioner> {
    const log = logLines
      ? createLogger('prov-test', 'debug', { write: (line: string) => void logLines.push(line) })
      : createLogger('prov-test', this.config.logLevel);
    this.provisioner = await startProvisionerApp({
      config: this.config,
      log,
      settings: this.settings(env),
      listen: { host: '127.0.0.1', port: 0 },
      ...(hooks ? { hooks } : {}),
    });
    this.controlUrl = this.provisioner.url;
    return this.provisioner;
  }

  async stopProvisioner(): Promise<void> {
    await this.provisioner?.stop();
    this.provisioner = undefined;
  }

  /** The built provisioner (apps/provisioner/dist) as a child process on a free port. */
  async spawnProvisioner(env: Record<string, string> = {}): Promise<AppProcess> {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'apps/provisioner'],
      { cwd: ROOT },
    );
    const port = await freePort();
    this.child = startApp('provisioner', {
      ...this.env,
      ...env,
      PROVISIONER_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
    });
    this.controlUrl = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (await fetch(`${this.controlUrl}/readyz`).catch(() => undefined))?.ok === true,
      {
        timeoutMs: 60_000,
        message: () => `the provisioner child to be ready:\n${this.child!.output().slice(-3000)}`,
      },
    );
    return this.child;
  }

  /** The read-model row of a resource (bookkeeping columns included: state_error, versions). */
  async row(plural: string, id: string): Promise<Record<string, unknown> | undefined> {
    return (await this.db.withSchema(this.dbSchema).table(plural).where({ id }).first()) as
      Record<string, unknown> | undefined;
  }

  /** Every fact of a topic so far (read_committed). */
  async facts(topic: string): Promise<ConsumedEvent[]> {
    const kafka = this.api!.kafka;
    return (await readAll({ kafka, topic, decoder: this.api!.codec, timeoutMs: 30_000 })).events;
  }

  /** Collects the JSON messages of a topic (e.g. the drift reports) from its beginning. */
  async collect(topic: string): Promise<{ messages: unknown[]; stop(): Promise<void> }> {
    const messages: unknown[] = [];
    const consumer = this.kafka.consumer({
      groupId: `${this.config.kafka.groups.provisioner}.collect.${randomUUID()}`,
      maxWaitTimeInMs: 50,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void messages.push(JSON.parse(message.value!.toString())),
    });
    return { messages, stop: () => consumer.disconnect() };
  }

  /** The control server of the provisioner (in-process or child). */
  async control(method: string, route: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.controlUrl}${route}`, { method });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async close(): Promise<void> {
    await this.child?.kill().catch(() => undefined);
    await this.provisioner?.stop().catch(() => undefined);
    await this.projector?.stop().catch(() => undefined);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.api?.stop().catch(() => undefined);
    await dropSchema(this.db, this.dbSchema).catch(() => undefined);
    await this.deleteTopics().catch(() => undefined);
    await this.db.destroy();
  }

  private async deleteTopics(): Promise<void> {
    if (!this.api) return;
    const admin = this.api.kafka.admin();
    await admin.connect();
    try {
      const drift = this.settings().driftTopic;
      const existing = new Set(await admin.listTopics());
      const topics = [...Object.values(this.topics), drift].filter((t) => existing.has(t));
      await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  }
}
