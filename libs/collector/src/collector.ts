// The poll cycle: take the current targets, poll every router they name once (in parallel, one
// request each), apply the rules, run change detection / hold / heartbeat per target, and publish
// the due OperationalStateObserved events in one batch. The tracking state advances only after the
// batch was published, so a failed publish is retried by the next cycle. Cycles never overlap: the
// next one starts `intervalMs` after the previous one started (at once when it took longer).
import { operationalStateObserved } from '@gohan-es/domain';
import type { DomainEvent, OperationalStateObservedData } from '@gohan-es/domain';
import { assess } from './rules';
import type { RouterSnapshot, RouterView } from './snapshot';
import type { RouterEndpoint } from './endpoints';
import type { Target } from './targets';
import { routersOf, targetKey } from './targets';
import { track, trackedFromReport } from './tracker';
import type { Tracked, TrackerOptions } from './tracker';

/** Where the targets come from (the write model built from the domain events). */
export interface ResourceView {
  targets(): readonly Target[];
  /** Creation time of a resource (ms), for the hold period. */
  createdAt(resourceType: string, id: string): number | undefined;
  /** The NETCONF endpoint of an edge_router and its display name, or why there is none. */
  endpointOf(routerId: string): { endpoint: RouterEndpoint; name: string } | { error: string; name: string };
}

export type PollResult =
  { status: 'ok'; snapshot: RouterSnapshot } | { status: 'unreachable' | 'error'; error: string };

export interface RouterPoller {
  /** Polls each endpoint once (one request each); keyed by endpoint key. */
  poll(endpoints: readonly RouterEndpoint[]): Promise<Map<string, PollResult>>;
  close(): Promise<void>;
}

export interface StatusSink {
  /** Publishes the events (all or none). */
  publish(events: readonly DomainEvent[], occurredAt: string): Promise<void>;
}

export interface CycleReport {
  startedAt: string;
  durationMs: number;
  /** Time spent waiting for the routers. */
  pollMs: number;
  targets: number;
  routers: { name: string; status: PollResult['status']; error?: string }[];
  events: number;
  /** Changes held back by the hold period. */
  held: number;
}

export interface CollectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface CollectorDeps {
  resources: ResourceView;
  poller: RouterPoller;
  sink: StatusSink;
  options: TrackerOptions;
  clock?: () => number;
  log?: CollectorLogger;
  onCycle?: (report: CycleReport) => void;
  /** A cycle of the loop failed (e.g. the publish); the loop goes on. */
  onError?: (error: unknown) => void;
}

export class Collector {
  private readonly tracked = new Map<string, Tracked>();
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private lastReport: CycleReport | undefined;

  constructor(private readonly deps: CollectorDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Restores what was reported before a restart (from the status topic), so nothing is repeated. */
  restore(reports: Iterable<[key: string, data: OperationalStateObservedData]>): void {
    for (const [key, data] of reports) this.tracked.set(key, trackedFromReport(data));
  }

  get last(): CycleReport | undefined {
    return this.lastReport;
  }

  /** The tracking state of one resource (for tests and diagnostics). */
  trackedOf(resourceType: string, id: string): Tracked | undefined {
    return this.tracked.get(targetKey({ resource_type: resourceType, id }));
  }

  /** One poll cycle. */
  async cycle(): Promise<CycleReport> {
    const started = this.clock();
    const targets = this.deps.resources.targets();
    const routerIds = [...new Set(targets.flatMap(routersOf))];
    const resolved = new Map(routerIds.map((id) => [id, this.deps.resources.endpointOf(id)]));
    const endpoints = new Map<string, RouterEndpoint>();
    for (const r of resolved.values()) if ('endpoint' in r) endpoints.set(r.endpoint.key, r.endpoint);

    const results = await this.deps.poller.poll([...endpoints.values()]);
    const polledAt = this.clock();
    const views = new Map<string, RouterView>();
    for (const [id, r] of resolved) {
      if (!('endpoint' in r)) {
        views.set(id, { status: 'error', router: r.name, error: r.error });
        continue;
      }
      const result: PollResult = results.get(r.endpoint.key) ?? { status: 'error', error: 'not polled' };
      views.set(id, { ...result, router: r.name });
    }
    const viewOf = (id: string): RouterView =>
      views.get(id) ?? { status: 'error', router: id, error: 'unknown router' };

    const next = new Map<string, Tracked>();
    const events: DomainEvent[] = [];
    let held = 0;
    for (const target of targets) {
      const key = targetKey(target);
      const step = track(
        this.tracked.get(key),
        {
          assessment: assess(target, viewOf),
          configVersion: target.config_version,
          createdAt: this.deps.resources.createdAt(target.resource_type, target.id),
          now: polledAt,
        },
        this.deps.options,
      );
      next.set(key, step.next);
      if (step.held) held += 1;
      if (step.emit) events.push(observed(target, step.emit));
    }
    if (events.length > 0) await this.deps.sink.publish(events, new Date(polledAt).toISOString());
    this.tracked.clear();
    for (const [key, value] of next) this.tracked.set(key, value);

    const report: CycleReport = {
      startedAt: new Date(started).toISOString(),
      durationMs: this.clock() - started,
      pollMs: polledAt - started,
      targets: targets.length,
      routers: [...resolved.values()].map((r) => {
        if (!('endpoint' in r)) return { name: r.name, status: 'error' as const, error: r.error };
        const result = results.get(r.endpoint.key);
        return result?.status === 'ok'
          ? { name: r.name, status: 'ok' as const }
          : {
              name: r.name,
              status: result?.status ?? 'error',
              error: result && 'error' in result ? result.error : 'not polled',
            };
      }),
      events: events.length,
      held,
    };
    this.lastReport = report;
    this.deps.onCycle?.(report);
    return report;
  }

  /** Polls every `intervalMs` until stop(). A failed cycle is logged and the next one runs on time. */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async (): Promise<void> => {
      const started = this.clock();
      try {
        await this.cycle();
      } catch (error) {
        this.deps.log?.error({ err: error }, 'collector cycle failed');
        this.deps.onError?.(error);
      }
      if (this.stopped) return;
      const wait = Math.max(0, intervalMs - (this.clock() - started));
      this.timer = setTimeout(() => {
        this.running = loop();
      }, wait);
    };
    this.running = loop();
  }

  /** Stops the loop; the cycle in hand finishes first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

function observed(target: Target, data: OperationalStateObservedData): DomainEvent {
  const event = operationalStateObserved(
    { resource_type: target.resource_type, id: target.id, tenant_id: target.tenant_id },
    data,
  );
  return target.parent ? { ...event, parent: { ...target.parent } } : event;
}
