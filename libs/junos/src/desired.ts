// The desired configuration of one router: the union of the fragments of every provisioned
// resource that touches it (vpn_gateways, vpn_interfaces, gw_interfaces, static_routes of
// service_type vpn), composed with mergeTrees 'error' so two resources can never silently fight
// over one leaf. Pure: the resources come from a ResourceSource (e.g. the decider's write model).
import { getResource, listResources, type ResourceBody, type WriteModel } from '@gohan-es/domain';
import { RENDERED_TYPES, resolveGraph, roleOf, type ResourceLookup } from './graph';
import { renderFragment } from './renderers';
import {
  emptyConfig,
  hasChildren,
  mergeTrees,
  nodeId,
  segmentOf,
  type ConfigNode,
  type ConfigPath,
  type ConfigTree,
} from './tree';

/** Live resources by type: `get` for references, `list` for what should be configured. */
export interface ResourceSource {
  readonly get: ResourceLookup;
  list(type: string): readonly ResourceBody[];
}

export interface ResourceRef {
  readonly type: string;
  readonly id: string;
}

/** A source over plain bodies (each with its `id`), keyed by resource type. */
export function resourceSource(byType: Readonly<Record<string, readonly ResourceBody[]>>): ResourceSource {
  return {
    get: (type, id) => byType[type]?.find((b) => b.id === id),
    list: (type) => byType[type] ?? [],
  };
}

/**
 * A source over the decider's write model. `list` leaves out resources marked for deletion (their
 * config should go); `get` still finds them, so a pending delete can be rendered.
 */
export function writeModelSource(model: WriteModel): ResourceSource {
  return {
    get: (type, id) => getResource(model, type, id)?.body,
    list: (type) =>
      listResources(model, type)
        .filter((r) => !r.marked_for_deletion)
        .map((r) => r.body),
  };
}

/** The same source with `ref`'s body replaced (e.g. by its previous version), or hidden (undefined). */
export function withBody(
  source: ResourceSource,
  ref: ResourceRef,
  body: ResourceBody | undefined,
): ResourceSource {
  const same = (type: string, id: string) => type === ref.type && id === ref.id;
  return {
    get: (type, id) => (same(type, id) ? body : source.get(type, id)),
    list: (type) => {
      const rest = source.list(type).filter((b) => !same(type, String(b.id)));
      return body === undefined || type !== ref.type ? rest : [...rest, body];
    },
  };
}

export interface DesiredOptions {
  /** Resources to leave out, with everything configured inside their gateway when one is a vpn_gateway. */
  readonly exclude?: readonly ResourceRef[];
}

/** The full desired Junos config of the router `routerId` (an edge_router id). */
export function desiredConfig(
  resources: ResourceSource,
  routerId: string,
  options: DesiredOptions = {},
): ConfigTree {
  const excluded = new Set((options.exclude ?? []).map((r) => `${r.type}/${r.id}`));
  const fragments: ConfigTree[] = [emptyConfig()];
  for (const type of RENDERED_TYPES) {
    for (const body of resources.list(type)) {
      const id = String(body.id);
      if (excluded.has(`${type}/${id}`)) continue;
      if (type !== 'vpn_gateway') {
        // Other service types are not provisioned (DOMAIN.md §10.1); they have no vpn_gw_id.
        if (typeof body.vpn_gw_id !== 'string' || body.vpn_gw_id === '') continue;
        if (excluded.has(`vpn_gateway/${body.vpn_gw_id}`)) continue;
      }
      const view = resolveGraph(resources.get, type, id);
      const role = view === undefined ? undefined : roleOf(view, routerId);
      if (view !== undefined && role !== undefined) fragments.push(renderFragment(view, role));
    }
  }
  return mergeTrees(fragments, 'error');
}

/** `tree` without the subtrees rooted at `roots` (e.g. a router's config minus what we manage). */
export function withoutSubtrees(tree: ConfigTree, roots: readonly ConfigPath[]): ConfigTree {
  const drop = new Set(roots.map((p) => p.map(nodeId).join('\u0000')));
  const walk = (n: ConfigNode, path: ConfigPath): ConfigNode => {
    if (!hasChildren(n)) return n;
    const children = n.children.flatMap((c) => {
      const here = [...path, segmentOf(c)];
      return drop.has(here.map(nodeId).join('\u0000')) ? [] : [walk(c, here)];
    });
    return { ...n, children } as ConfigNode;
  };
  return mergeTrees([walk(tree, []) as ConfigTree], 'right');
}
