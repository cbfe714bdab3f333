// The e2e world of the API: the real Kafka, schema registry and Postgres of the local stack, with
// topics, consumer groups and a read-model schema of its own per run, the API process started
// in-process (decider + command bus + HTTP on a free port) and a projector loop next to it.
import { randomUUID } from 'node:crypto';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import type { GohanConfig } from '@gohan-es/config';
import { EventConsumer } from '@gohan-es/events';
import { applyBatch, createDb, dropSchema, migrate } from '@gohan-es/readmodel';
import type { Knex } from 'knex';
import { createLogger } from '@gohan-es/runtime';
import { startApiApp } from '../src/app';
import type { RunningApi } from '../src/app';
import type { ApiResponse } from '../../../libs/http-api/test/contract';

/** The one way tests wait: poll a condition until a deadline (no fixed sleeps). */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; message: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let counter = 0;
/** A fresh IPv4 address for unique fields (edge_router.ip, management addresses). */
export function uniqueIp(): string {
  counter += 1;
  return `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
}

/** Read-your-writes: the header that makes a read wait for this write's events. */
export function consistency(res: ApiResponse): Record<string, string> {
  return { 'X-Consistency-Token': res.headers.get('x-consistency-token') ?? '' };
}

export class ApiWorld {
  readonly run = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  readonly dbSchema = `api_e2e_${this.run.replace(/-/g, '_')}`;
  readonly config: GohanConfig;
  private readonly db: Knex;
  private api: RunningApi | undefined;
  private projector: EventConsumer | undefined;

  constructor() {
    const prefix = `api-e2e.${this.run}`;
    this.config = loadConfig({
      ...process.env,
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test',
      ...runScopedEnv(prefix),
      LOG_LEVEL: process.env.DEBUG_API_E2E ? 'debug' : 'error',
    });
    this.db = createDb(this.config.database.url, 4);
  }

  get url(): string {
    if (!this.api) throw new Error('ApiWorld not started');
    return this.api.url;
  }

  async start(): Promise<void> {
    await migrate(this.db, { schema: this.dbSchema });
    const log = createLogger('api-e2e', this.config.logLevel);
    this.api = await startApiApp({
      config: this.config,
      log,
      listen: { host: '127.0.0.1', port: 0 },
      dbSchema: this.dbSchema,
      limits: { commandTimeoutMs: 20_000, consistencyWaitMs: 15_000 },
    });
    await this.api.decider!.waitFor('active', 60_000);
    await this.startProjector();
  }

  /** A projector loop like apps/projector's: each batch and its offsets in one Postgres transaction. */
  private async startProjector(): Promise<void> {
    const { topics, groups } = this.config.kafka;
    const consumer = groups.projector;
    this.projector = new EventConsumer({
      kafka: this.api!.kafka,
      groupId: consumer,
      topics: [topics.events, topics.provisioning, topics.status],
      decoder: this.api!.codec,
      commitToKafka: false,
      fromBeginning: true,
      maxWaitTimeInMs: 20,
    });
    await this.projector.start(async (batch) => {
      await applyBatch(this.db, consumer, batch.events, {
        dbSchema: this.dbSchema,
        positions: [{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }],
      });
    });
  }

  async close(): Promise<void> {
    await this.projector?.stop().catch(() => undefined);
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
      await admin.deleteTopics({ topics: Object.values(this.config.kafka.topics) });
    } finally {
      await admin.disconnect();
    }
  }
}
