// A router's desired config, as @gohan-es/junos desiredConfig computes it, composed in one pass.
// junos' mergeTrees merges its fragments pairwise, which is quadratic when many fragments share a
// parent (every gateway's unit lives under the same `interface ae0`): 400 resources take ~3 s per
// router there, ~20 ms here. Same fragments, same conflict rule (two resources setting one leaf to
// different values is a ConfigConflictError), same normalized result (desired.unit.spec.ts).
import {
  ConfigConflictError,
  RENDERED_TYPES,
  container,
  diffConfig,
  hasChildren,
  managedScope,
  mergeTrees,
  nodeId,
  normalize,
  renderChange,
  renderFragment,
  resolveGraph,
  roleOf,
  withoutSubtrees,
} from '@gohan-es/junos';
import type {
  ConfigNode,
  ConfigTree,
  RenderOptions,
  ResourceRef,
  ResourceSource,
  RouterChange,
  ChangeAction,
} from '@gohan-es/junos';
import { ROLES, withBody } from '@gohan-es/junos';
import type { ResourceBody } from '@gohan-es/domain';

function sameValue(a: ConfigNode, b: ConfigNode): boolean {
  if (a.kind === 'leaf' && b.kind === 'leaf') return a.value === b.value;
  if (a.kind === 'leaf-list' && b.kind === 'leaf-list') return a.values.join('\n') === b.values.join('\n');
  return false;
}

/** Merges sibling nodes with the same identity, each group once (linear in the nodes). */
function mergeSiblings(nodes: readonly ConfigNode[], where: string): ConfigNode[] {
  const groups = new Map<string, ConfigNode[]>();
  for (const n of nodes) {
    const id = nodeId(n);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [n]);
    else group.push(n);
  }
  const out: ConfigNode[] = [];
  for (const [id, group] of groups) {
    const first = group[0]!;
    const here = `${where} ${id}`;
    for (const other of group.slice(1)) {
      if (other.kind !== first.kind)
        throw new ConfigConflictError(
          here,
          `is a ${first.kind} in one fragment and a ${other.kind} in another`,
        );
      if (!hasChildren(first) && !sameValue(first, other))
        throw new ConfigConflictError(here, 'conflicting values');
    }
    if (!hasChildren(first)) out.push(first);
    else
      out.push({
        ...first,
        children: mergeSiblings(
          group.flatMap((g) => (hasChildren(g) ? g.children : [])),
          here,
        ),
      } as ConfigNode);
  }
  return out;
}

/** The union of configuration trees (mergeTrees 'error', in one pass). */
export function mergeFragments(trees: readonly ConfigTree[]): ConfigTree {
  return normalize(
    container(
      'configuration',
      ...mergeSiblings(
        trees.flatMap((t) => t.children),
        '[edit]',
      ),
    ),
  );
}

/** The rendered fragments of every resource on the router (desiredConfig's selection rules). */
function fragmentsFor(
  resources: ResourceSource,
  routerId: string,
  exclude: readonly ResourceRef[],
): ConfigTree[] {
  const excluded = new Set(exclude.map((r) => `${r.type}/${r.id}`));
  const fragments: ConfigTree[] = [];
  for (const type of RENDERED_TYPES) {
    for (const body of resources.list(type)) {
      const id = String(body['id']);
      if (excluded.has(`${type}/${id}`)) continue;
      if (type !== 'vpn_gateway') {
        const gw = body['vpn_gw_id'];
        if (typeof gw !== 'string' || gw === '' || excluded.has(`vpn_gateway/${gw}`)) continue;
      }
      const view = resolveGraph(resources.get, type, id);
      const role = view === undefined ? undefined : roleOf(view, routerId);
      if (view !== undefined && role !== undefined) fragments.push(renderFragment(view, role));
    }
  }
  return fragments;
}

/** The full desired Junos config of the router `routerId` (equals junos desiredConfig). */
export function desiredFor(
  resources: ResourceSource,
  routerId: string,
  exclude: readonly ResourceRef[] = [],
): ConfigTree {
  return mergeFragments(fragmentsFor(resources, routerId, exclude));
}

/**
 * One resource's change on each router of its pair, primary first (junos resourceChange, on the
 * one-pass composition): the diff between the router's desired config without and with it, on
 * top of the router's own config (`bases`) when known, so `[edit ...]` context is the router's.
 */
export function resourceRouterChanges(
  resources: ResourceSource,
  ref: ResourceRef,
  action: ChangeAction,
  exclude: readonly ResourceRef[],
  options: RenderOptions & {
    previous?: ResourceBody;
    /** Per router id: its running config, for `[edit ...]` context (what is not ours in it). */
    bases?: ReadonlyMap<string, ConfigTree>;
  } = {},
): RouterChange[] {
  const view = resolveGraph(resources.get, ref.type, ref.id);
  if (view === undefined) return [];
  const previousView =
    action === 'update' && options.previous !== undefined
      ? (resolveGraph(withBody(resources, ref, options.previous).get, ref.type, ref.id) ?? view)
      : view;
  return ROLES.map((role) => {
    const router = view.gateway.routers[role];
    const without = desiredFor(resources, router.id, [...exclude, ref]);
    const withNew = mergeTrees([without, renderFragment(view, role)]);
    const before =
      action === 'create'
        ? without
        : action === 'delete'
          ? withNew
          : mergeTrees([without, renderFragment(previousView, role)]);
    const after = action === 'delete' ? without : withNew;
    const running = options.bases?.get(router.id);
    const base = running && withoutSubtrees(running, managedScope(mergeTrees([before, after], 'right')));
    const onBase = (t: ConfigTree) => (base === undefined ? t : mergeTrees([base, t], 'right'));
    return { role, router, ...renderChange(diffConfig(onBase(after), onBase(before)), options) };
  });
}
