// The world of the provisioning benchmark: the local stack (Kafka, registry, Postgres, the two
// simulated routers; loopback only) with topics, groups and a read-model schema of its own; the API
// (with its decider), a projector loop and the provisioner, all in this process, as the tests run
// them. The routers are reset (plus their physical interfaces) before and after the run, under the
// same machine-wide lock the provisioning test suites take.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GohanConfig } from '@gohan-es/config';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import { EventConsumer } from '@gohan-es/events';
import { loadProvisionerSettings } from '@gohan-es/provisioning';
import { applyBatch, createDb, dropSchema, migrate } from '@gohan-es/readmodel';
import { resetRouter, withCandidateLock, withSimSession } from '@gohan-es/router-sim';
import { createLogger } from '@gohan-es/runtime';
import { startApiApp } from '@gohan-es/api/dist/app';
import type { RunningApi } from '@gohan-es/api/dist/app';
import { startProvisionerApp } from '@gohan-es/provisioner/dist/app';
import type { RunningProvisioner } from '@gohan-es/provisioner/dist/app';
import { assertLoopback, runId } from './lib/common';

// The same lock as test/provisioning/router-lock.ts: one per router pair.
const LOCK = path.join(
  os.tmpdir(),
  `gohan-es-routers-${process.env.MX1_ADDRESS ?? '127.0.0.11'}-${process.env.MX2_ADDRESS ?? '127.0.0.12'}.lock`,
);
const BASE =
  '<configuration xmlns="http://yang.juniper.net/junos/conf/root"><interfaces>' +
  '<interface><name>ge-0/0/0</name></interface><interface><name>ae0</name></interface></interfaces></configuration>';

async function lockRouters(): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(LOCK, 'utf8').trim());
      try {
        process.kill(owner, 0);
      } catch {
        unlinkSync(LOCK);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`bench: routers locked by pid ${owner}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function resetRouters(withBase: boolean): Promise<void> {
  for (const router of ['mx1', 'mx2'] as const) {
    await resetRouter(router, { timeoutMs: 30_000 });
    if (withBase)
      await withSimSession(router, (s) =>
        withCandidateLock(s, async () => {
          await s.rpc(`<edit-config><target><candidate/></target><config>${BASE}</config></edit-config>`);
          await s.rpc('<commit/>');
        }),
      );
  }
}

export class ProvisionWorld {
  readonly run = runId();
  readonly config: GohanConfig;
  readonly dbSchema = `bench_prov_${this.run}`;
  private readonly db;
  api: RunningApi | undefined;
  provisioner: RunningProvisioner | undefined;
  private projector: EventConsumer | undefined;

  constructor() {
    const prefix = `bench-prov.${this.run}`;
    this.config = loadConfig({
      ...process.env,
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test',
      ...runScopedEnv(prefix),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'fatal',
    });
    for (const b of this.config.kafka.brokers) assertLoopback('Kafka broker', b);
    assertLoopback('Postgres', this.config.database.url);
    this.db = createDb(this.config.database.url, 8);
  }

  async start(): Promise<void> {
    await lockRouters();
    await resetRouters(true);
    await migrate(this.db, { schema: this.dbSchema });
    const log = createLogger('bench-provision', this.config.logLevel);
    this.api = await startApiApp({
      config: this.config,
      log,
      listen: { host: '127.0.0.1', port: 0 },
      dbSchema: this.dbSchema,
      limits: { commandTimeoutMs: 60_000, consistencyWaitMs: 60_000 },
    });
    await this.api.decider!.waitFor('active', 60_000);
    const { topics, groups } = this.config.kafka;
    this.projector = new EventConsumer({
      kafka: this.api.kafka,
      groupId: groups.projector,
      topics: [topics.events, topics.provisioning, topics.status],
      decoder: this.api.codec,
      commitToKafka: false,
      maxWaitTimeInMs: 10,
    });
    await this.projector.start(async (batch) => {
      await applyBatch(this.db, groups.projector, batch.events, {
        dbSchema: this.dbSchema,
        positions: [{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }],
      });
    });
  }

  /** (Re)starts the provisioner with coalescing on or off. */
  async startProvisioner(coalesce: boolean): Promise<RunningProvisioner> {
    await this.provisioner?.stop();
    const settings = loadProvisionerSettings(
      { ...process.env, PROVISIONER_COALESCE: String(coalesce), PROVISIONER_DRIFT_INTERVAL_MS: '0' },
      this.config.kafka.topics.provisioning,
    );
    this.provisioner = await startProvisionerApp({
      config: this.config,
      log: createLogger('bench-provisioner', this.config.logLevel),
      settings,
      listen: { host: '127.0.0.1', port: 0 },
    });
    await this.provisioner.provisioner.reconciled;
    return this.provisioner;
  }

  async close(): Promise<void> {
    await this.provisioner?.stop().catch(() => undefined);
    await this.projector?.stop().catch(() => undefined);
    const kafka = this.api?.kafka;
    await this.api?.stop().catch(() => undefined);
    await dropSchema(this.db, this.dbSchema).catch(() => undefined);
    await this.db.destroy();
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const mine = [
        ...Object.values(this.config.kafka.topics),
        `${this.config.kafka.topics.provisioning}.drift`,
      ];
      await admin.deleteTopics({ topics: mine.filter((t) => existing.has(t)) }).catch(() => undefined);
      await admin.disconnect();
    }
    await resetRouters(false).catch(() => undefined);
    try {
      if (Number(readFileSync(LOCK, 'utf8').trim()) === process.pid) unlinkSync(LOCK);
    } catch {
      // released
    }
  }
}
