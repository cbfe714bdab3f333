// The provisioner (ARCHITECTURE.md §5): rebuilds what it knows from the two logs, reconciles every
// router pair to the desired state at start (after a crash too), then follows gohan.events and
// queues each new config version; periodic drift checks; dry-run, drift and sync on request.
// Results go to gohan.provisioning in Kafka transactions under a fixed transactional.id: a second
// (zombie) provisioner with the same id is fenced by the broker and stops.
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { EventConsumer, EventPublisher, readAll, toDomainEvent } from '@gohan-es/events';
import type { EventDecoder, EventEncoder } from '@gohan-es/events';
import type { ConfigTree } from '@gohan-es/junos';
import type { NetconfLogger } from '@gohan-es/netconf';
import { DevicePool } from './device-pool';
import type { DriftSink, ResourceId, RouterDrift } from './drift';
import { IN_FLIGHT, checkRouter, inFlightReport, managedRouters } from './drift';
import type { ItemOutcome } from './batch';
import type { DryRun } from './planner';
import { dryRun } from './planner';
import { fencedSink, publisherSink } from './results';
import { Scheduler } from './scheduler';
import type { SchedulerOptions } from './scheduler';
import type { ProvisionerSettings } from './settings';
import { runningConfig } from './router-commit';
import { desiredSource, pairOf, routerTarget } from './source';
import { Tracker, keyOf } from './tracker';

export interface ProvisionerOptions {
  kafka: Kafka;
  codec: EventEncoder & EventDecoder;
  topics: { events: string; provisioning: string };
  /** Prefix of the live event consumer's group (config.kafka.groups.provisioner). */
  groupId: string;
  /** Fixed transactional.id of the result publisher; default `<groupId>-results`. */
  transactionalId?: string;
  settings: ProvisionerSettings;
  secretsKey: string;
  knownHostsFile: string;
  logger: NetconfLogger;
  driftSink?: DriftSink;
  hooks?: SchedulerOptions['hooks'];
  readTimeoutMs?: number;
  /** Called once when the result publisher was fenced (another provisioner took over). */
  onFatal?: (error: Error) => void;
}

export interface SyncOutcome extends ItemOutcome {
  resource_type: string;
  id: string;
}

export class Provisioner {
  readonly tracker = new Tracker();
  readonly pool: DevicePool;
  readonly scheduler: Scheduler;
  private readonly publisher: EventPublisher;
  private consumer: EventConsumer | undefined;
  private driftTimer: NodeJS.Timeout | undefined;
  private readonly lastDrift = new Map<string, RouterDrift>();
  /** Resolves when the start-up reconcile of every pair has finished. */
  reconciled: Promise<void> = Promise.resolve();
  private reconcileDone = false;

  constructor(private readonly options: ProvisionerOptions) {
    const { settings, logger } = options;
    this.pool = new DevicePool({
      profile: settings.profile,
      knownHostsFile: options.knownHostsFile,
      secretsKey: options.secretsKey,
      connectTimeoutMs: settings.connectTimeoutMs,
      rpcTimeoutMs: settings.rpcTimeoutMs,
      logger,
      logXml: settings.logXml,
    });
    this.publisher = new EventPublisher({
      kafka: options.kafka,
      transactionalId: options.transactionalId ?? `${options.groupId}-results`,
      encoder: options.codec,
      topic: options.topics.provisioning,
    });
    this.scheduler = new Scheduler({
      tracker: this.tracker,
      pool: this.pool,
      sink: fencedSink(publisherSink(this.publisher), (error) => {
        clearInterval(this.driftTimer);
        options.onFatal?.(error);
      }),
      secretsKey: options.secretsKey,
      commit: {
        profile: settings.profile,
        confirmTimeoutSec: settings.confirmTimeoutSec,
        lockWaitMs: settings.lockWaitMs,
      },
      retry: {
        initialMs: settings.retryInitialMs,
        maxMs: settings.retryMaxMs,
        deadlineMs: settings.deadlineMs,
      },
      coalesce: settings.coalesce,
      maxBatch: settings.maxBatch,
      logger,
      ...(options.hooks !== undefined ? { hooks: options.hooks } : {}),
    });
  }

  /** Readiness: the start-up reconcile has finished. */
  async reconciledCheck(): Promise<void> {
    if (!this.reconcileDone) throw new Error('start-up reconcile in progress');
  }

  async start(): Promise<void> {
    const { kafka, codec, topics, logger } = this.options;
    await this.publisher.connect(); // fences an older provisioner first
    const started = Date.now();
    const timeoutMs = this.options.readTimeoutMs ?? 120_000;
    const events = await readAll({
      kafka,
      topic: topics.events,
      decoder: codec,
      timeoutMs,
      onEvents: (batch) => batch.forEach((e) => this.tracker.onEvent(toDomainEvent(e.envelope))),
    });
    await readAll({
      kafka,
      topic: topics.provisioning,
      decoder: codec,
      timeoutMs,
      onEvents: (batch) => batch.forEach((e) => this.tracker.onResult(toDomainEvent(e.envelope))),
    });
    const pending = this.tracker.pending();
    logger.info(
      { events: events.count, pending: pending.length, ms: Date.now() - started },
      'provisioner: state rebuilt',
    );
    this.reconciled = this.reconcileAll();
    // The state comes from the log, not from group offsets: a group of this instance's own, so a
    // restart never waits for a dead predecessor's session to time out.
    this.consumer = new EventConsumer({
      kafka,
      groupId: `${this.options.groupId}.${randomUUID()}`,
      topics: [topics.events],
      decoder: codec,
      commitToKafka: false,
      startAt: events.endOffsets.map((p) => ({ topic: topics.events, ...p })),
      maxWaitTimeInMs: 20,
    });
    // Each fact is applied once, in order: whatever the consumer fetches first is skipped up to the
    // position the rebuild reached (the seek to it lands after the group join).
    const next = new Map(events.endOffsets.map((p) => [p.partition, BigInt(p.offset)]));
    await this.consumer.start(async (batch) => {
      for (const e of batch.events) {
        if (BigInt(e.offset) < (next.get(e.partition) ?? 0n)) continue;
        next.set(e.partition, BigInt(e.offset) + 1n);
        const key = this.tracker.onEvent(toDomainEvent(e.envelope));
        if (key !== undefined) void this.scheduler.enqueue(key);
      }
      this.scheduler.kick();
    });
    if (this.options.settings.driftIntervalMs > 0) {
      let checking = false; // one periodic check at a time
      this.driftTimer = setInterval(() => {
        if (checking) return;
        checking = true;
        void this.checkDrift().finally(() => (checking = false));
      }, this.options.settings.driftIntervalMs);
      this.driftTimer.unref();
    }
  }

  /** Every pair that has provisioned resources gets one transaction: pending versions + repair. */
  private async reconcileAll(): Promise<void> {
    const source = desiredSource(this.tracker, new Set(), this.options.secretsKey).source;
    for (const tracked of this.tracker.all()) {
      try {
        const pair = pairOf(this.tracker, source, tracked.type, tracked.id);
        if (pair !== undefined && this.tracker.parentOf(tracked.type, tracked.id) === undefined)
          this.scheduler.syncPair(pair);
      } catch {
        // its enqueue below reports it
      }
    }
    for (const item of this.tracker.pending()) void this.scheduler.enqueue(item.key);
    this.scheduler.kick();
    await this.scheduler.whenIdle();
    this.reconcileDone = true;
    this.options.logger.info({ ...this.scheduler.stats }, 'provisioner: start-up reconcile done');
  }

  async stop(): Promise<void> {
    clearInterval(this.driftTimer);
    await this.consumer?.stop().catch(() => undefined);
    await Promise.race([this.scheduler.whenIdle(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    await this.pool.closeAll();
    await this.publisher.disconnect().catch(() => undefined);
  }

  /**
   * The exact per-router diff the provisioner pushes for a resource (secrets masked), in the
   * context of each router's running config when it can be read (else of the desired state).
   */
  async dryRun(type: string, id: string): Promise<DryRun | undefined> {
    const { settings, secretsKey } = this.options;
    const bases = new Map<string, ConfigTree>();
    await Promise.all(
      ((this.tracker.get(type, id) && this.routersOf(type, id)) ?? []).map(async (routerId) => {
        const target = routerTarget(this.tracker, routerId);
        if (target === undefined || this.scheduler.isBusy(routerId)) return;
        const running = await runningConfig(await this.pool.session(target), settings.profile).catch(
          () => undefined,
        );
        if (running !== undefined) bases.set(routerId, running);
      }),
    );
    return dryRun(this.tracker, type, id, secretsKey, settings.profile.configNamespace, bases);
  }

  private routersOf(type: string, id: string): string[] | undefined {
    if (this.tracker.get(type, id) === undefined) return undefined;
    const source = desiredSource(this.tracker, new Set([keyOf(type, id)]), this.options.secretsKey).source;
    const pair = pairOf(this.tracker, source, type, id);
    return pair === undefined ? [] : [pair.primary.id, pair.secondary.id];
  }

  /** Drift of every managed router (resource given: its routers, limited to that resource). */
  async drift(resource?: ResourceId): Promise<RouterDrift[] | undefined> {
    const routers = resource
      ? this.routersOf(resource.resource_type, resource.id)
      : managedRouters(this.scheduler.pairs());
    if (routers === undefined) return undefined;
    const reports = await Promise.all(routers.map((r) => this.checkOne(r)));
    if (resource === undefined) return reports;
    const parent =
      this.tracker.parentOf(resource.resource_type, resource.id) ??
      keyOf(resource.resource_type, resource.id);
    return reports.map((r) => {
      const mine = r.resources.some((x) => keyOf(x.resource_type, x.id) === parent);
      return mine || r.in_sync !== false ? r : { ...r, in_sync: true, changes: 0, text: '', resources: [] };
    });
  }

  /** One router's drift; none while a change is in flight there (its config is in motion). */
  private async checkOne(routerId: string): Promise<RouterDrift> {
    const { secretsKey } = this.options;
    const epoch = this.scheduler.epoch(routerId);
    const report = this.scheduler.isBusy(routerId)
      ? undefined
      : await checkRouter(this.tracker, this.pool, routerId, secretsKey);
    if (report !== undefined && this.scheduler.epoch(routerId) === epoch) return report;
    return inFlightReport(this.tracker, routerId);
  }

  /** Periodic check: reports a router's drift when it changed since the last check. */
  async checkDrift(): Promise<RouterDrift[]> {
    const reports = (await this.drift()) ?? [];
    for (const report of reports) {
      if (report.error === IN_FLIGHT) continue;
      const last = this.lastDrift.get(report.router.id);
      this.lastDrift.set(report.router.id, report);
      if (last !== undefined && last.in_sync === report.in_sync && last.text === report.text) continue;
      if (report.in_sync === false)
        this.options.logger.warn(
          { router: report.router.name, changes: report.changes, resources: report.resources },
          'provisioner: drift detected',
        );
      await this.options.driftSink
        ?.report(report)
        .catch((err: unknown) =>
          this.options.logger.error({ error: (err as Error).message }, 'provisioner: drift report failed'),
        );
    }
    return reports;
  }

  /** Re-applies a resource (a failed one too) and repairs drift on its routers; resolves when done. */
  async sync(type: string, id: string): Promise<SyncOutcome | undefined> {
    const key = this.tracker.parentOf(type, id) ?? keyOf(type, id);
    const [rtype, rid] = key.split('/') as [string, string];
    if (this.tracker.get(rtype, rid) === undefined) return undefined;
    const outcome = this.scheduler.enqueue(key, { force: true });
    this.scheduler.kick();
    const result = (await outcome) ?? {
      ok: false,
      error: 'the resource has no routers',
      router: null,
      routers: [],
    };
    return { resource_type: rtype, id: rid, ...result };
  }

  /** Repairs every pair the router belongs to (operator command); resolves when done. */
  async repairRouter(routerId: string): Promise<boolean> {
    const pairs = this.scheduler
      .pairs()
      .filter((p) => p.primary.id === routerId || p.secondary.id === routerId);
    for (const pair of pairs) this.scheduler.syncPair(pair);
    this.scheduler.kick();
    await this.scheduler.whenIdle();
    return pairs.length > 0;
  }
}
