// From work items to router plans (pure): the desired config of both routers of the pair before and
// after the batch, and the per-resource dry-run. Everything else about the routers (what they have
// now) is read inside the transaction, under the candidate lock.
import {
  GraphResolutionError,
  ConfigConflictError,
  ROLES,
  diffToEditXml,
  managedScope,
} from '@gohan-es/junos';
import type { ChangeAction, ConfigTree, RouterPairView } from '@gohan-es/junos';
import { desiredFor, resourceRouterChanges } from './desired';
import { RenderError } from './errors';
import type { PairPlan } from './pair';
import type { DesiredSource } from './source';
import { desiredSource, pairOf, routerTarget } from './source';
import type { Tracker, WorkItem } from './tracker';
import { keyOf } from './tracker';

/** Runs a render step, turning the renderer's refusals into RenderError (not worth a retry). */
export function rendering<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof GraphResolutionError || error instanceof ConfigConflictError)
      throw new RenderError(`${what}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The plans of both routers (primary first) for applying `items` to `pair`. */
export function planPair(
  tracker: Tracker,
  pair: RouterPairView,
  items: readonly WorkItem[],
  secretsKey: string,
): PairPlan[] {
  const before = desiredSource(tracker, new Set(), secretsKey);
  const after = desiredSource(tracker, new Set(items.map((i) => i.key)), secretsKey);
  return ROLES.map((role) => {
    const router = pair[role];
    const target = routerTarget(tracker, router.id);
    if (target === undefined) throw new RenderError(`edge_router ${router.id} is missing`);
    return rendering(`desired config of ${target.name}`, () => {
      const previous = desiredFor(before.source, router.id, before.exclude);
      const desired = desiredFor(after.source, router.id, after.exclude);
      return { target, role, desired, previous, extraScope: managedScope(previous) };
    });
  });
}

/**
 * Why an item cannot go to the routers on its own terms, or undefined: a rendered resource whose
 * vpn_gateway is not on the routers (its create failed) would push a unit without its gateway.
 */
export function blockedReason(tracker: Tracker, source: DesiredSource, item: WorkItem): string | undefined {
  if (item.action === 'delete' || item.type === 'vpn_gateway') return undefined;
  const gw = tracker.record(item.type, item.id)?.body['vpn_gw_id'];
  if (typeof gw !== 'string') return undefined;
  const excluded = source.exclude.some((r) => r.type === 'vpn_gateway' && r.id === gw);
  return excluded ? `vpn_gateway ${gw} is not configured on its routers` : undefined;
}

export interface DryRunRouter {
  router: { id: string; name: string; ip: string };
  role: string;
  /** `[edit ...]` diff text, secrets masked; '' when the resource changes nothing on this router. */
  text: string;
  /** edit-config `<configuration>`, secrets masked; null when nothing changes. */
  xml: string | null;
}

export interface DryRun {
  resource_type: string;
  id: string;
  /** The change previewed: the pending one, or (nothing pending) what the resource configures. */
  action: ChangeAction;
  config_version: number;
  applied_version: number | null;
  routers: DryRunRouter[];
}

/**
 * The exact per-router diff the provisioner pushes for this resource (NSO's commit dry-run): its
 * pending change on top of what the routers should have now, or, when nothing is pending, what the
 * resource contributes. Children of a gw_interface preview their gw_interface. With the routers'
 * running configs (`bases`), the `[edit ...]` context is theirs, as on the router.
 */
export function dryRun(
  tracker: Tracker,
  type: string,
  id: string,
  secretsKey: string,
  namespace?: string,
  bases?: ReadonlyMap<string, ConfigTree>,
): DryRun | undefined {
  const parent = tracker.parentOf(type, id);
  if (parent !== undefined) {
    const [ptype, pid] = parent.split('/') as [string, string];
    return dryRun(tracker, ptype, pid, secretsKey, namespace, bases);
  }
  const tracked = tracker.get(type, id);
  const record = tracker.record(type, id);
  if (tracked === undefined || record === undefined) return undefined;
  const pending = tracker.pendingVersion(tracked, true) !== undefined;
  const item = tracker.workItem(tracked);
  const action: ChangeAction = pending ? item.action : record.marked_for_deletion ? 'delete' : 'create';
  const { source, exclude } = desiredSource(tracker, new Set([keyOf(type, id)]), secretsKey);
  const previous = tracked.applied?.body ?? undefined;
  const others = exclude.filter((r) => !(r.type === type && r.id === id));
  const changes = rendering(`${type} ${id}`, () =>
    resourceRouterChanges(
      source,
      { type, id },
      action === 'update' && previous === undefined ? 'create' : action,
      others,
      {
        ...(previous !== undefined ? { previous } : {}),
        ...(namespace !== undefined ? { namespace } : {}),
        ...(bases !== undefined ? { bases } : {}),
      },
    ),
  );
  return {
    resource_type: type,
    id,
    action,
    config_version: record.version,
    applied_version: tracked.applied?.version ?? null,
    routers: changes.map((c) => ({
      router: { id: c.router.id, name: c.router.name, ip: c.router.ip },
      role: c.role,
      text: c.text,
      xml:
        diffToEditXml(c.diff, { secrets: 'mask', ...(namespace !== undefined ? { namespace } : {}) }) ?? null,
    })),
  };
}

export { pairOf };
