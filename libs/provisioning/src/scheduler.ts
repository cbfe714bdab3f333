// Convergence (ARCHITECTURE.md §5): one change in flight per router, and the changes queued for a
// router pair while it is busy coalesce into ONE pair transaction (router commits are slow). Every
// batch pushes the pair's whole desired state (only the subtrees Gohan-ES manages), so applying
// the same state twice changes nothing and a batch also repairs whatever an interrupted one left.
// Children of a gw_interface (ports, ese_logical_ports) have no config: they are reported with
// their gw_interface, or at once from its state (e.g. the port's attach step).
import type { RouterPairView } from '@gohan-es/junos';
import type { DevicePool } from './device-pool';
import type { PairHooks } from './pair';
import type { CommitOptions } from './router-commit';
import type { ResultSink } from './results';
import { failed, succeeded } from './results';
import type { BatchReport, ItemOutcome } from './batch';
import { runBatch } from './batch';
import type { Tracker } from './tracker';
import { desiredSource, pairOf } from './source';

export interface SchedulerLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SchedulerOptions {
  tracker: Tracker;
  pool: DevicePool;
  sink: ResultSink;
  secretsKey: string;
  commit: CommitOptions;
  /** Backoff of transient failures (connect, timeout, lock held) until `deadlineMs`. */
  retry: { initialMs: number; maxMs: number; deadlineMs: number };
  /** Coalesce the queued changes of a pair into one transaction (default true; off for comparison). */
  coalesce: boolean;
  maxBatch: number;
  logger: SchedulerLogger;
  hooks?: PairHooks & { onBatch?(report: BatchReport): void };
}

interface Lane {
  readonly key: string;
  readonly pair: RouterPairView;
  readonly queue: Set<string>;
  /** Keys to apply even without a pending version (re-apply, repair). */
  readonly forced: Set<string>;
  /** Run a transaction even with nothing queued (reconcile / drift repair of the pair). */
  sync: boolean;
  running: boolean;
}

const pairKey = (pair: RouterPairView): string => `${pair.primary.id}|${pair.secondary.id}`;

export class Scheduler {
  private readonly lanes = new Map<string, Lane>();
  private readonly busy = new Set<string>();
  /** Keys whose batch is running. */
  private readonly inFlight = new Set<string>();
  private readonly waiters = new Map<string, ((outcome: ItemOutcome) => void)[]>();
  private readonly idleWaiters: (() => void)[] = [];
  readonly stats = { batches: 0, commits: 0, items: 0, attempts: 0, failed: 0 };

  constructor(private readonly options: SchedulerOptions) {}

  /** Counts batch starts and ends per router: a read that spans no change sees the same value. */
  private readonly epochs = new Map<string, number>();

  /** True while the router has a change in flight. */
  isBusy(routerId: string): boolean {
    return this.busy.has(routerId);
  }

  epoch(routerId: string): number {
    return this.epochs.get(routerId) ?? 0;
  }

  private bump(routers: readonly string[]): void {
    for (const r of routers) this.epochs.set(r, this.epoch(r) + 1);
  }

  /** The pair lanes known so far (for reconcile and drift). */
  pairs(): RouterPairView[] {
    return [...this.lanes.values()].map((l) => l.pair);
  }

  private lane(pair: RouterPairView): Lane {
    const key = pairKey(pair);
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { key, pair, queue: new Set(), forced: new Set(), sync: false, running: false };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Queues the resource's pending version (call kick() once the consumed batch is applied). */
  enqueue(key: string, options: { force?: boolean } = {}): Promise<ItemOutcome> | undefined {
    const { tracker, secretsKey } = this.options;
    const [type, id] = key.split('/') as [string, string];
    const tracked = tracker.get(type, id);
    if (tracked === undefined) return undefined;
    const parent = tracker.parentOf(type, id);
    if (parent !== undefined) return this.enqueueChild(key, parent, options.force === true);
    const pending = tracker.pendingVersion(tracked, options.force === true) !== undefined;
    if (!pending && options.force !== true) return undefined;
    const source = desiredSource(tracker, new Set([key]), secretsKey).source;
    let pair: RouterPairView | undefined;
    try {
      pair = pairOf(tracker, source, type, id);
    } catch {
      pair = undefined;
    }
    if (pair === undefined) {
      this.background(this.failAlone(key, `${type} ${id}: its routers cannot be resolved`));
      return undefined;
    }
    const lane = this.lane(pair);
    lane.queue.add(key);
    if (options.force === true) lane.forced.add(key);
    return this.waitFor(key);
  }

  private enqueueChild(key: string, parentKey: string, force: boolean): Promise<ItemOutcome> | undefined {
    const queued = [...this.lanes.values()].some((l) => l.queue.has(parentKey));
    if (queued) return this.waitFor(parentKey);
    if (force) return this.enqueue(parentKey, { force: true });
    if (this.inFlight.has(parentKey)) return undefined; // reported when that batch ends
    this.background(this.reportChild(key, parentKey));
    return undefined;
  }

  private background(work: Promise<void>): void {
    work.catch((error: unknown) =>
      this.options.logger.error({ err: error }, 'provisioner: reporting a result failed'),
    );
  }

  /** A child whose gw_interface has nothing in flight: its result follows the gw_interface's state. */
  private async reportChild(key: string, parentKey: string): Promise<void> {
    const { tracker, sink } = this.options;
    const [type, id] = key.split('/') as [string, string];
    const tracked = tracker.get(type, id);
    if (tracked === undefined || tracker.pendingVersion(tracked) === undefined) return;
    const item = tracker.workItem(tracked);
    const [ptype, pid] = parentKey.split('/') as [string, string];
    const parent = tracker.get(ptype, pid);
    const parentFailed = parent?.failed !== undefined && tracker.pendingVersion(parent) === undefined;
    if (parentFailed && item.action !== 'delete') {
      tracker.markFailed(tracked, item.version, parent!.failed!.error, parent!.failed!.router);
      await sink.publish([failed(item, parent!.failed!.error, parent!.failed!.router)]);
    } else {
      tracker.markApplied(tracked, item.version);
      await sink.publish([succeeded(item)]);
    }
  }

  private async failAlone(key: string, error: string): Promise<void> {
    const { tracker, sink } = this.options;
    const [type, id] = key.split('/') as [string, string];
    const tracked = tracker.get(type, id);
    if (tracked === undefined) return;
    const item = tracker.workItem(tracked);
    tracker.markFailed(tracked, item.version, error, null);
    await sink.publish([failed(item, error, null)]);
  }

  /** Runs a transaction on the pair even with nothing pending (start-up reconcile, repair). */
  syncPair(pair: RouterPairView): void {
    this.lane(pair).sync = true;
  }

  private waitFor(key: string): Promise<ItemOutcome> {
    return new Promise((resolve) => this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]));
  }

  /** Starts every lane that has work and whose two routers are free. */
  kick(): void {
    for (const lane of this.lanes.values()) {
      if (lane.running || (lane.queue.size === 0 && !lane.sync)) continue;
      const routers = [lane.pair.primary.id, lane.pair.secondary.id];
      if (routers.some((r) => this.busy.has(r))) continue;
      const take = this.options.coalesce ? this.options.maxBatch : 1;
      const keys = [...lane.queue].slice(0, take);
      const forced = new Set(keys.filter((k) => lane.forced.has(k)));
      for (const k of keys) {
        lane.queue.delete(k);
        lane.forced.delete(k);
        this.inFlight.add(k);
      }
      lane.sync = false;
      lane.running = true;
      for (const r of routers) this.busy.add(r);
      this.bump(routers);
      void this.run(lane, keys, forced).finally(() => {
        lane.running = false;
        for (const r of routers) this.busy.delete(r);
        this.bump(routers);
        for (const k of keys) this.inFlight.delete(k);
        this.kick();
        this.notifyIdle();
      });
    }
  }

  private async run(lane: Lane, keys: string[], forced: ReadonlySet<string>): Promise<void> {
    const started = performance.now();
    const { tracker } = this.options;
    try {
      const report = await runBatch(this.options, lane.pair, keys, forced, (key, outcome) => {
        for (const resolve of this.waiters.get(key) ?? []) resolve(outcome);
        this.waiters.delete(key);
      });
      this.stats.batches++;
      this.stats.commits += report.commits;
      this.stats.items += report.items;
      this.stats.attempts += report.attempts;
      this.stats.failed += report.failed;
      const done = { ...report, ms: Math.round(performance.now() - started) };
      this.options.logger.debug(done, 'provisioner: batch done');
      this.options.hooks?.onBatch?.(done);
    } catch (error) {
      this.options.logger.error({ err: error, pair: lane.key }, 'provisioner: batch failed unexpectedly');
      for (const key of keys) {
        for (const resolve of this.waiters.get(key) ?? [])
          resolve({ ok: false, error: String(error), router: null, routers: [] });
        this.waiters.delete(key);
      }
    }
    // Children whose versions arrived while their gw_interface was in flight.
    for (const key of keys) this.inFlight.delete(key);
    for (const key of keys)
      for (const child of tracker.childrenOf(key)) this.enqueue(`${child.type}/${child.id}`);
  }

  /** True when nothing is queued or running. */
  get idle(): boolean {
    return [...this.lanes.values()].every((l) => !l.running && l.queue.size === 0 && !l.sync);
  }

  /** Resolves once nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    if (!this.idle) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
