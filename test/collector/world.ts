// The collector's integration world: the real Kafka, registry, Postgres and simulated routers, with
// topics, consumer groups, a transactional id and a read-model schema of its own per run. The
// decider and the provisioner are played by publishing the lab's domain events and provisioning
// results (libs/collector's CollectorLab, built with the pure domain); a projector loop (applyBatch,
// as apps/projector) fills the read model; the projector's stream consumers (billing, monitoring:
// apps/projector's startStreamConsumers, each on a Postgres schema of this run's own) derive the
// alerts from the same topics; the collector is apps/collector's own wiring, in-process.
// Router state set through `routerState` is removed again by close().
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logLevel } from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import type { GohanConfig } from '@gohan-es/config';
import { CollectorLab } from '@gohan-es/collector';
import type { CycleReport, FeedEvent, SimStateSpec, Target } from '@gohan-es/collector';
import { schemaById } from '@gohan-es/domain';
import type { DomainEvent, ResourceBody } from '@gohan-es/domain';
import {
  EventCodec,
  EventConsumer,
  EventPublisher,
  buildEnvelope,
  createKafka,
  ensureTopics,
  readAll,
} from '@gohan-es/events';
import { listAlerts } from '@gohan-es/monitoring';
import type { Alert, AlertQuery } from '@gohan-es/monitoring';
import { applyBatch, asAdmin, createDb, dropSchema, migrate, showResource } from '@gohan-es/readmodel';
import type { RouterId } from '@gohan-es/router-sim';
import { createLogger } from '@gohan-es/runtime';
import { startCollectorApp } from '../../apps/collector/src/app';
import type { RunningCollector } from '../../apps/collector/src/app';
import { collectorSettings } from '../../apps/collector/src/settings';
import { startStreamConsumers } from '../../apps/projector/src/stream-consumers';
import type { StreamConsumers } from '../../apps/projector/src/stream-consumers';
import { RouterStateKeeper } from './router-state';
import { ACTOR, STEPS, stackKnownHosts, waitFor } from './support';

export * from './support';

export interface WorldOptions {
  holdPeriodMs?: number;
  pollIntervalMs?: number;
  heartbeatMs?: number;
  /** ROUTER_ADDRESS_MAP (edge_router ip → host:port). */
  aliases?: string;
  /** NETCONF connect and RPC deadline (default 3 s). */
  routerTimeoutMs?: number;
  /** Extra known_hosts lines (e.g. for a proxy in front of a router). */
  knownHosts?: string[];
}

export class CollectorWorld {
  readonly run = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  readonly dbSchema = `collector_it_${this.run.replace(/-/g, '_')}`;
  readonly config: GohanConfig;
  readonly cycles: CycleReport[] = [];
  private readonly db = createDb(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test',
    6,
  );
  private readonly tmp = mkdtempSync(path.join(os.tmpdir(), 'gohan-collector-it-'));
  private readonly routers = new RouterStateKeeper();
  private kafka!: Kafka;
  private admin: Admin | undefined;
  private streamConsumers: StreamConsumers | undefined;
  private codec!: EventCodec;
  private publisher!: EventPublisher;
  private projector: EventConsumer | undefined;
  app: RunningCollector | undefined;

  constructor(private readonly options: WorldOptions = {}) {
    const prefix = `collector-it.${this.run}`;
    const knownHosts = path.join(this.tmp, 'known_hosts');
    writeFileSync(knownHosts, [stackKnownHosts().trimEnd(), ...(options.knownHosts ?? [])].join('\n') + '\n');
    this.config = loadConfig({
      ...process.env,
      ...runScopedEnv(prefix),
      BILLING_DB_SCHEMA: `${this.dbSchema}_billing`,
      MONITORING_DB_SCHEMA: `${this.dbSchema}_monitoring`,
      MONITORING_WEBHOOK_URL: '',
      ROUTER_KNOWN_HOSTS: knownHosts,
      COLLECTOR_POLL_INTERVAL_MS: String(options.pollIntervalMs ?? 200),
      COLLECTOR_HOLD_PERIOD_MS: String(options.holdPeriodMs ?? 0),
      LOG_LEVEL: process.env.DEBUG_COLLECTOR_IT ? 'debug' : 'error',
    });
  }

  newLab(options: Omit<ConstructorParameters<typeof CollectorLab>[0], 'steps'> = {}): CollectorLab {
    return new CollectorLab({ steps: STEPS, secretsKey: this.config.secrets.key, ...options });
  }

  get topics() {
    return this.config.kafka.topics;
  }

  async start(): Promise<void> {
    this.kafka = createKafka(this.config.kafka, `collector-it-${this.run}`, { level: logLevel.NOTHING });
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await ensureTopics(this.admin, this.config.kafka);
    await migrate(this.db, { schema: this.dbSchema });
    const t = this.topics;
    this.codec = await EventCodec.connect({
      registryUrl: this.config.schemaRegistry.url,
      topics: [t.events, t.provisioning, t.status],
    });
    this.publisher = new EventPublisher({
      kafka: this.kafka,
      transactionalId: `${t.events}.tx`,
      encoder: this.codec,
      topic: t.events,
    });
    await this.publisher.connect();
    const consumer = this.config.kafka.groups.projector;
    this.projector = new EventConsumer({
      kafka: this.kafka,
      groupId: consumer,
      topics: [t.events, t.provisioning, t.status],
      decoder: this.codec,
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
    this.streamConsumers = await startStreamConsumers({
      config: this.config,
      kafka: this.kafka,
      admin: this.admin,
      db: this.db,
      decoder: this.codec,
      log: createLogger('collector-it-consumers', this.config.logLevel),
      readModelSchema: this.dbSchema,
    });
  }

  /** apps/collector's wiring, in-process, on this world's topics and known_hosts. */
  async startCollector(): Promise<RunningCollector> {
    const env = {
      ...process.env,
      COLLECTOR_HEARTBEAT_MS: String(this.options.heartbeatMs ?? 0),
      ROUTER_ADDRESS_MAP: this.options.aliases ?? '',
      // Generous for a loaded machine (the routers are shared), short enough for the hang case.
      COLLECTOR_CONNECT_TIMEOUT_MS: String(this.options.routerTimeoutMs ?? 3000),
      COLLECTOR_RPC_TIMEOUT_MS: String(this.options.routerTimeoutMs ?? 3000),
    };
    this.app = await startCollectorApp({
      config: this.config,
      settings: collectorSettings(this.config, env),
      log: createLogger('collector-it', this.config.logLevel),
      onCycle: (report) => this.cycles.push(report),
    });
    return this.app;
  }

  async stopCollector(): Promise<void> {
    await this.app?.stop();
    this.app = undefined;
  }

  /** Waits for `n` more complete poll cycles. */
  async cyclesPass(n: number, timeoutMs = 20_000): Promise<CycleReport[]> {
    const from = this.cycles.length;
    await waitFor(() => this.cycles.length >= from + n, { timeoutMs, message: `${n} poll cycles` });
    return this.cycles.slice(from);
  }

  /** Publishes domain events (the decider's part), one transaction. */
  async publish(events: readonly FeedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.publisher.publish(events.map((e) => this.envelope(e, e.occurred_at)));
  }

  /** Publishes provisioning results (the provisioner's part). */
  async publishProvisioning(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.publisher.publish(
      events.map((e) => this.envelope(e)),
      { topic: this.topics.provisioning },
    );
  }

  private envelope(event: DomainEvent, occurredAt = new Date().toISOString()) {
    const { occurred_at: _dropped, ...domain } = event as FeedEvent;
    return buildEnvelope(
      domain,
      { command_id: randomUUID(), causation_id: null, actor: ACTOR, occurred_at: occurredAt },
      randomUUID(),
    );
  }

  /** Publishes a lab's events, then plays the provisioner to the end (attach included). */
  async publishSettled(lab: CollectorLab, events: readonly FeedEvent[]): Promise<void> {
    const settled = lab.settle();
    await this.publish([...events, ...settled.domain]);
    await this.publishProvisioning(settled.provisioning);
  }

  /** GET as the API answers it (the read side it uses), optionally with _fields. */
  async show(type: string, id: string, fields?: string[]): Promise<ResourceBody | undefined> {
    const query = fields ? { _fields: fields } : {};
    return showResource(this.db, schemaById(type)!, id, asAdmin(), query, { dbSchema: this.dbSchema });
  }

  async waitForShow(
    type: string,
    id: string,
    expected: ResourceBody,
    timeoutMs = 20_000,
  ): Promise<ResourceBody> {
    let last: ResourceBody | undefined;
    await waitFor(
      async () => {
        last = await this.show(type, id, Object.keys(expected));
        return Object.entries(expected).every(([k, v]) => JSON.stringify(last?.[k]) === JSON.stringify(v));
      },
      {
        timeoutMs,
        message: () =>
          `${type} ${id} to show ${JSON.stringify(expected)} (last ${JSON.stringify(last)}; last cycle ${JSON.stringify(this.cycles.at(-1))})`,
      },
    );
    return last!;
  }

  /** The status_detail of a resource (null when never observed). */
  async detail(type: string, id: string): Promise<Record<string, unknown> | null> {
    const found = await this.show(type, id, ['status_detail']);
    return (found?.['status_detail'] as Record<string, unknown> | undefined) ?? null;
  }

  /** Waits until the status_detail of a resource satisfies `predicate`; returns it. */
  async waitForDetail(
    type: string,
    id: string,
    predicate: (d: Record<string, unknown>) => boolean,
    message: string,
  ): Promise<Record<string, unknown>> {
    let last: Record<string, unknown> | null = null;
    await waitFor(
      async () => {
        last = await this.detail(type, id);
        return last !== null && predicate(last);
      },
      { message: () => `${type} ${id}: ${message} (last ${JSON.stringify(last)})` },
    );
    return last!;
  }

  /** The alerts the monitoring consumer derived (GET /v2.0/alerts' query, every tenant), newest first. */
  async alerts(query: Omit<AlertQuery, 'scope' | 'dbSchema'> = {}): Promise<Alert[]> {
    const { alerts } = await listAlerts(this.db, {
      ...query,
      scope: 'all',
      dbSchema: this.config.monitoring.dbSchema,
    });
    return alerts;
  }

  /** Waits until the alerts of one resource include one satisfying `predicate`; returns it. */
  async waitForAlert(
    type: string,
    id: string,
    predicate: (a: Alert) => boolean,
    message: string,
    timeoutMs = 20_000,
  ): Promise<Alert> {
    let last: Alert[] = [];
    await waitFor(
      async () => {
        last = await this.alerts({ resource_type: [type], resource_id: [id] });
        return last.some(predicate);
      },
      { timeoutMs, message: () => `${type} ${id}: alert ${message} (alerts ${JSON.stringify(last)})` },
    );
    return last.find(predicate)!;
  }

  /** Sets the simulated state on the routers (removed again by close()). */
  routerState(
    targets: readonly Target[],
    routers: Record<string, RouterId>,
    spec: SimStateSpec = {},
  ): Promise<void> {
    return this.routers.apply(targets, routers, spec);
  }

  /** Every status event published on this world's status topic so far. */
  async statusEvents(): Promise<DomainEvent[]> {
    const { events } = await readAll({
      kafka: this.kafka,
      topic: this.topics.status,
      decoder: this.codec,
      timeoutMs: 20_000,
    });
    return events.map((e) => e.envelope);
  }

  async close(): Promise<void> {
    await this.stopCollector().catch(() => undefined);
    await this.projector?.stop().catch(() => undefined);
    await this.streamConsumers?.stop().catch(() => undefined);
    await this.publisher?.disconnect().catch(() => undefined);
    await this.routers.restore();
    if (this.admin) {
      const g = this.config.kafka.groups;
      await this.admin.deleteTopics({ topics: Object.values(this.topics) }).catch(() => undefined);
      await this.admin
        .deleteGroups([g.collector, g.projector, g.billing, g.monitoring])
        .catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
    }
    if (this.codec) {
      const base = this.config.schemaRegistry.url.replace(/\/$/, '');
      for (const topic of [this.topics.events, this.topics.provisioning, this.topics.status])
        for (const type of this.codec.schemas.eventTypes) {
          const url = `${base}/subjects/${encodeURIComponent(this.codec.subject(topic, type))}`;
          await fetch(url, { method: 'DELETE' }).catch(() => undefined);
          await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
        }
    }
    await dropSchema(this.db, this.dbSchema).catch(() => undefined);
    for (const schema of [this.config.billing.dbSchema, this.config.monitoring.dbSchema])
      await this.db.raw('drop schema if exists ?? cascade', [schema]).catch(() => undefined);
    await this.db.destroy();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
