// One batch of a router pair: its items (and the ports / ELPs following a gw_interface among them)
// reported Started, applied as one pair transaction (transient failures retried with backoff until
// the deadline; rpc-errors fail at once), then reported Succeeded or Failed with the router's name
// and message. When a coalesced batch is refused, its items are tried one by one so that only the
// offending resource fails.
import type { RouterPairView } from '@gohan-es/junos';
import { retry } from '@gohan-es/events';
import { RouterChangeError, deviceMessageOf, isRetriable } from './errors';
import type { PairOutcome } from './pair';
import { applyPair } from './pair';
import { blockedReason, planPair } from './planner';
import { failed, started, succeeded } from './results';
import type { SchedulerOptions } from './scheduler';
import { desiredSource } from './source';
import type { WorkItem } from './tracker';

export interface ItemOutcome {
  ok: boolean;
  error?: string;
  router: string | null;
  routers: PairOutcome['routers'];
}

export interface BatchReport {
  pair: string;
  /** Resources applied (children not counted). */
  items: number;
  /** Router commits made. */
  commits: number;
  /** Pair transactions tried (retries included). */
  attempts: number;
  failed: number;
  ms: number;
}

export async function runBatch(
  options: SchedulerOptions,
  pair: RouterPairView,
  keys: readonly string[],
  forced: ReadonlySet<string>,
  resolve: (key: string, outcome: ItemOutcome) => void,
): Promise<Omit<BatchReport, 'ms'>> {
  const { tracker, sink, secretsKey } = options;
  const items: WorkItem[] = [];
  const repairs: string[] = [];
  for (const key of keys) {
    const [type, id] = key.split('/') as [string, string];
    const tracked = tracker.get(type, id);
    if (tracked === undefined) resolve(key, { ok: true, router: null, routers: [] });
    else if (tracker.pendingVersion(tracked, forced.has(key)) !== undefined)
      items.push(tracker.workItem(tracked));
    else repairs.push(key);
  }
  const children = new Map<string, WorkItem[]>();
  for (const item of items) {
    const withFailed = forced.has(item.key);
    const pending = tracker
      .childrenOf(item.key)
      .filter((c) => tracker.pendingVersion(c, withFailed) !== undefined);
    children.set(
      item.key,
      pending.map((c) => tracker.workItem(c)),
    );
  }
  const family = (group: readonly WorkItem[]) => group.flatMap((i) => [i, ...(children.get(i.key) ?? [])]);
  const source = desiredSource(tracker, new Set(items.map((i) => i.key)), secretsKey);
  const blocked = new Map(items.map((i) => [i.key, blockedReason(tracker, source, i)]));
  const runnable = items.filter((i) => blocked.get(i.key) === undefined);
  let commits = 0;
  let attempts = 0;
  let failures = 0;

  const succeed = async (group: readonly WorkItem[], outcome: PairOutcome) => {
    for (const item of family(group)) {
      const tracked = tracker.get(item.type, item.id);
      if (tracked !== undefined) tracker.markApplied(tracked, item.version);
    }
    await sink.publish(family(group).map(succeeded));
    for (const item of group) resolve(item.key, { ok: true, router: null, routers: outcome.routers });
  };
  const fail = async (group: readonly WorkItem[], error: string, router: string | null) => {
    failures += group.length;
    for (const item of family(group)) {
      const tracked = tracker.get(item.type, item.id);
      if (tracked !== undefined) tracker.markFailed(tracked, item.version, error, router);
    }
    await sink.publish(family(group).map((i) => failed(i, error, router)));
    for (const item of group) resolve(item.key, { ok: false, error, router, routers: [] });
  };
  const attempt = (group: readonly WorkItem[]) =>
    retry(
      async () => {
        attempts++;
        const plans = planPair(tracker, pair, group, secretsKey);
        const outcome = await applyPair(options.pool, plans, options.commit, options.hooks);
        commits += outcome.commits;
        return outcome;
      },
      {
        retries: Number.MAX_SAFE_INTEGER,
        factor: 2,
        jitter: true,
        ...options.retry,
        isRetriable,
        onRetry: (error, n, delayMs) =>
          options.logger.warn(
            {
              pair: `${pair.primary.name}/${pair.secondary.name}`,
              attempt: n,
              delayMs,
              error: deviceMessageOf(error),
            },
            'provisioner: transient failure, retrying',
          ),
      },
    );
  const failOf = (error: unknown): [string, string | null] => [
    deviceMessageOf(error),
    error instanceof RouterChangeError ? error.router : null,
  ];

  await sink.publish(family(items).map((i) => started(i, pair.primary.name)));
  for (const item of items) {
    const reason = blocked.get(item.key);
    if (reason !== undefined) await fail([item], reason, null);
  }
  try {
    const outcome = await attempt(runnable);
    await succeed(runnable, outcome);
    for (const key of repairs) resolve(key, { ok: true, router: null, routers: outcome.routers });
  } catch (error) {
    if (runnable.length > 1 && !isRetriable(error)) {
      options.logger.warn(
        { items: runnable.length, error: deviceMessageOf(error) },
        'provisioner: batch refused; applying its items one by one',
      );
      for (const item of runnable) {
        try {
          await succeed([item], await attempt([item]));
        } catch (single) {
          await fail([item], ...failOf(single));
        }
      }
    } else await fail(runnable, ...failOf(error));
    for (const key of repairs)
      resolve(key, { ok: false, error: deviceMessageOf(error), router: failOf(error)[1], routers: [] });
  }
  return {
    pair: `${pair.primary.name}/${pair.secondary.name}`,
    items: items.length,
    commits,
    attempts,
    failed: failures,
  };
}
