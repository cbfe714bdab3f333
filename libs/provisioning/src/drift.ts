// Drift (ARCHITECTURE.md §5): a router's running config compared with what it should have — the
// applied versions of every resource on it — limited to the subtrees Gohan-ES manages (its units
// and VRFs; the rest of the router's config is not ours). The result names the resources whose
// config differs and carries the `[edit ...]` text a repair would push (secrets masked).
import {
  detectDrift,
  hasChildren,
  nodeAt,
  renderDiffText,
  renderFragment,
  resolveGraph,
  roleOf,
  RENDERED_TYPES,
  segmentOf,
} from '@gohan-es/junos';
import type { ConfigChange, ConfigPath, ConfigTree } from '@gohan-es/junos';
import { desiredFor } from './desired';
import type { DevicePool } from './device-pool';
import { deviceMessageOf } from './errors';
import { runningConfig } from './router-commit';
import type { DesiredSource } from './source';
import { desiredSource, routerTarget } from './source';
import type { Tracker } from './tracker';

export interface ResourceId {
  resource_type: string;
  id: string;
}

/** Where periodic drift reports go (apps/provisioner: a JSON topic). */
export interface DriftSink {
  report(drift: RouterDrift): Promise<void>;
}

export interface RouterDrift {
  router: { id: string; name: string; ip: string };
  checked_at: string;
  /** null when the router could not be read (then `error` says why). */
  in_sync: boolean | null;
  /** Number of differing nodes. */
  changes: number;
  /** What a repair pushes, `[edit ...]` form, secrets masked ('' when in sync). */
  text: string;
  /** Resources whose config differs (removals inside a shared subtree name every resource there). */
  resources: ResourceId[];
  error?: string;
}

/** Which rendered resources a change concerns: those whose fragment holds the node or its parent. */
function owners(source: DesiredSource, routerId: string, changes: readonly ConfigChange[]): ResourceId[] {
  const fragments: { ref: ResourceId; tree: ConfigTree }[] = [];
  for (const type of RENDERED_TYPES) {
    for (const body of source.source.list(type)) {
      const id = String(body['id']);
      if (source.exclude.some((r) => r.type === type && r.id === id)) continue;
      try {
        const view = resolveGraph(source.source.get, type, id);
        const role = view === undefined ? undefined : roleOf(view, routerId);
        if (view !== undefined && role !== undefined)
          fragments.push({ ref: { resource_type: type, id }, tree: renderFragment(view, role) });
      } catch {
        // unresolvable resources render nothing
      }
    }
  }
  const found = new Map<string, ResourceId>();
  for (const change of changes) {
    const node = change.kind === 'change' ? change.to : change.node;
    const full: ConfigPath = [...change.path, segmentOf(node)];
    for (const f of fragments) {
      const exact = nodeAt(f.tree, full);
      const parent = change.kind === 'remove' ? nodeAt(f.tree, change.path) : undefined;
      if (exact !== undefined || (parent !== undefined && hasChildren(parent)))
        found.set(`${f.ref.resource_type}/${f.ref.id}`, f.ref);
    }
  }
  return [...found.values()];
}

/** Compares one router's running config with its desired config. Never throws. */
export async function checkRouter(
  tracker: Tracker,
  pool: DevicePool,
  routerId: string,
  secretsKey: string,
  now: () => Date = () => new Date(),
): Promise<RouterDrift> {
  const target = routerTarget(tracker, routerId);
  const base = {
    router: { id: routerId, name: target?.name ?? routerId, ip: target?.host ?? '' },
    checked_at: now().toISOString(),
  };
  if (target === undefined)
    return { ...base, in_sync: null, changes: 0, text: '', resources: [], error: 'unknown edge_router' };
  try {
    const running = await runningConfig(await pool.session(target), pool.profile);
    const source = desiredSource(tracker, new Set(), secretsKey);
    const desired = desiredFor(source.source, routerId, source.exclude);
    const diff = detectDrift(desired, running);
    return {
      ...base,
      in_sync: diff.changes.length === 0,
      changes: diff.changes.length,
      text: diff.changes.length === 0 ? '' : renderDiffText(diff, { secrets: 'mask' }),
      resources: owners(source, routerId, diff.changes),
    };
  } catch (error) {
    pool.drop(routerId);
    return { ...base, in_sync: null, changes: 0, text: '', resources: [], error: deviceMessageOf(error) };
  }
}

export const IN_FLIGHT = 'a change is in flight';

/** The report of a router that was not read because a change is in flight there. */
export function inFlightReport(tracker: Tracker, routerId: string, now: Date = new Date()): RouterDrift {
  const target = routerTarget(tracker, routerId);
  return {
    router: { id: routerId, name: target?.name ?? routerId, ip: target?.host ?? '' },
    checked_at: now.toISOString(),
    in_sync: null,
    changes: 0,
    text: '',
    resources: [],
    error: IN_FLIGHT,
  };
}

/** The edge_router ids of every pair that has provisioned resources. */
export function managedRouters(
  pairs: readonly { primary: { id: string }; secondary: { id: string } }[],
): string[] {
  return [...new Set(pairs.flatMap((p) => [p.primary.id, p.secondary.id]))];
}
