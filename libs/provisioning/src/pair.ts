// A change to an HA router pair as ONE transaction (ARCHITECTURE.md §5, DOMAIN.md §10.6): primary
// first, then secondary, each prepared up to its confirmed commit and verified; only when both are
// prepared are they confirmed (primary first). If the secondary fails, the primary's confirmed
// commit is cancelled: the primary is rolled back without a second edit. A router whose change was
// already final (a device without :confirmed-commit, or a confirm that failed on the second router)
// is compensated: its previous desired config is pushed back.
import { managedScope } from '@gohan-es/junos';
import type { ConfigTree } from '@gohan-es/junos';
import type { DevicePool } from './device-pool';
import { RouterChangeError, deviceMessageOf, isRetriable } from './errors';
import type { CommitOptions, PreparedRouter, RouterPlan } from './router-commit';
import { abortRouter, finishRouter, prepareRouter } from './router-commit';

export interface PairPlan extends RouterPlan {
  /** The router's desired config before the change (what a compensation restores). */
  readonly previous: ConfigTree;
}

export interface PairOutcome {
  routers: { router: string; role: string; changed: boolean; text: string }[];
  /** Commits made (confirmed commits and their confirmations count once). */
  commits: number;
}

export interface PairHooks {
  /** Called after a router's change is prepared (committed, awaiting confirmation). */
  onPrepared?(router: string, role: string): void;
}

function wrap(plan: RouterPlan, error: unknown): RouterChangeError {
  if (error instanceof RouterChangeError) return error;
  return new RouterChangeError(plan.target.name, isRetriable(error), deviceMessageOf(error), {
    cause: error,
  });
}

async function compensate(pool: DevicePool, prepared: PreparedRouter, options: CommitOptions): Promise<void> {
  const plan = prepared.plan as PairPlan;
  const back: RouterPlan = { ...plan, desired: plan.previous, extraScope: managedScope(plan.desired) };
  try {
    await finishRouter(await prepareRouter(await pool.session(plan.target), back, options));
  } catch {
    // Left for the next reconcile (every start) and drift detection to see; nothing better to do here.
  }
}

/** Undoes the prepared routers, newest first. */
async function undo(
  pool: DevicePool,
  prepared: readonly PreparedRouter[],
  options: CommitOptions,
): Promise<void> {
  for (const p of [...prepared].reverse()) {
    if (p.pendingConfirm || !p.changed) await abortRouter(p);
    else {
      await abortRouter(p);
      await compensate(pool, p, options);
    }
  }
}

/** Applies the plans (primary first) as one change; throws RouterChangeError naming the router. */
export async function applyPair(
  pool: DevicePool,
  plans: readonly PairPlan[],
  options: CommitOptions,
  hooks: PairHooks = {},
): Promise<PairOutcome> {
  const prepared: PreparedRouter[] = [];
  for (const plan of plans) {
    try {
      const session = await pool.session(plan.target);
      const ready = await prepareRouter(session, plan, options);
      prepared.push(ready);
      if (ready.changed) hooks.onPrepared?.(plan.target.name, plan.role);
    } catch (error) {
      if (isRetriable(error)) pool.drop(plan.target.id);
      await undo(pool, prepared, options);
      throw wrap(plan, error);
    }
  }
  for (const [i, p] of prepared.entries()) {
    try {
      await finishRouter(p);
    } catch (error) {
      pool.drop(p.plan.target.id);
      // Not confirmed: this router reverts by itself; the later ones are cancelled; the earlier ones
      // were final and are compensated.
      await undo(pool, prepared.slice(i + 1), options);
      for (const done of prepared.slice(0, i).reverse())
        if (done.changed) await compensate(pool, done, options);
      throw wrap(p.plan, error);
    }
  }
  return {
    routers: prepared.map((p) => ({
      router: p.plan.target.name,
      role: p.plan.role,
      changed: p.changed,
      text: p.text,
    })),
    commits: prepared.filter((p) => p.changed).length,
  };
}
