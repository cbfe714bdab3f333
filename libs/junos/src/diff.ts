// diffConfig(desired, actual): what must change on a router to make `actual` equal `desired`, over
// normalized trees. Lists compare by key (order-insensitive), leaf-lists by ordered values, secret
// leaves by clear text (a Junos "$9$" value is decoded first). The same function serves drift
// detection (desired vs get-config), idempotence (an empty diff means "nothing to push") and
// per-resource changes (config without vs with the resource).
import { childSchema, type SchemaNode } from './schema';
import { secretClear } from './secret';
import {
  hasChildren,
  nodeId,
  schemaAt,
  segmentOf,
  sortChildren,
  type ConfigNode,
  type ConfigPath,
  type ConfigTree,
} from './tree';

export type ConfigChange =
  /** `node` is missing on the device. `context`: the kept predecessor in a user-ordered list. */
  | {
      readonly kind: 'add';
      readonly path: ConfigPath;
      readonly node: ConfigNode;
      readonly context?: ConfigNode;
    }
  /** `node` is on the device but not desired. */
  | { readonly kind: 'remove'; readonly path: ConfigPath; readonly node: ConfigNode }
  /**
   * A leaf, leaf-list or value container (`input X;`) has another value on the device (or a node
   * has another shape there: then `to` replaces `from` whole).
   */
  | {
      readonly kind: 'change';
      readonly path: ConfigPath;
      readonly from: ConfigNode;
      readonly to: ConfigNode;
    };

export interface ConfigDiff {
  readonly changes: readonly ConfigChange[];
}

export interface DiffOptions {
  /**
   * Which of the device's nodes are ours. 'all' (default) compares whole trees. A list of paths
   * limits removals to nodes inside them: a router's own config (ae0's LAG settings, other VRFs)
   * is never reported. Desired nodes are always compared. See managedScope().
   */
  readonly scope?: 'all' | readonly ConfigPath[];
}

const startsWith = (path: ConfigPath, prefix: ConfigPath): boolean =>
  prefix.length <= path.length && prefix.every((s, i) => nodeId(s) === nodeId(path[i]));

function leafEqual(a: ConfigNode, d: ConfigNode, schema: SchemaNode | undefined): boolean {
  if (a.kind === 'leaf' && d.kind === 'leaf') {
    const secret = schema?.kind === 'leaf' && schema.secret === true;
    return secret ? secretClear(a.value) === secretClear(d.value) : a.value === d.value;
  }
  if (a.kind === 'leaf-list' && d.kind === 'leaf-list')
    return a.values.length === d.values.length && a.values.every((v, i) => v === d.values[i]);
  return false;
}

/** A value container whose only child is its value leaf, e.g. `<input><filter-name>X</filter-name></input>`. */
function isValueForm(n: ConfigNode, schema: SchemaNode | undefined): boolean {
  return (
    schema?.kind === 'container' &&
    schema.valueLeaf !== undefined &&
    n.kind === 'container' &&
    n.children.length === 1 &&
    n.children[0].kind === 'leaf' &&
    n.children[0].name === schema.valueLeaf
  );
}

class Differ {
  readonly changes: ConfigChange[] = [];
  constructor(private readonly scope: 'all' | readonly ConfigPath[]) {}

  private inScope(path: ConfigPath): boolean {
    return this.scope === 'all' || this.scope.some((root) => startsWith(path, root));
  }

  private aboveScope(path: ConfigPath): boolean {
    return (
      this.scope !== 'all' && this.scope.some((root) => startsWith(root, path) && root.length > path.length)
    );
  }

  children(
    path: ConfigPath,
    desired: readonly ConfigNode[],
    actual: readonly ConfigNode[],
    schema: SchemaNode | undefined,
  ): void {
    const actualById = new Map(actual.map((n) => [nodeId(n), n]));
    const desiredById = new Map(desired.map((n) => [nodeId(n), n]));
    const union = sortChildren([...desired, ...actual.filter((n) => !desiredById.has(nodeId(n)))], schema);
    for (const n of union) {
      const id = nodeId(n);
      const d = desiredById.get(id);
      const a = actualById.get(id);
      const s = childSchema(schema, n.name);
      const here = [...path, segmentOf(n)];
      if (d !== undefined && a === undefined) this.add(path, d, desired, actualById, s);
      else if (d === undefined && a !== undefined) {
        if (this.inScope(here)) this.changes.push({ kind: 'remove', path, node: a });
        else if (this.aboveScope(here) && hasChildren(a)) this.children(here, [], a.children, s);
      } else if (d !== undefined && a !== undefined) this.pair(path, here, d, a, s);
    }
  }

  private add(
    path: ConfigPath,
    d: ConfigNode,
    siblings: readonly ConfigNode[],
    actualById: Map<string, ConfigNode>,
    s: SchemaNode | undefined,
  ): void {
    let context: ConfigNode | undefined;
    if (s?.kind === 'list' && s.orderedByUser === true) {
      const same = siblings.filter((x) => x.name === d.name);
      const prev = same[same.indexOf(d) - 1];
      context = prev === undefined ? undefined : actualById.get(nodeId(prev));
    }
    this.changes.push(
      context === undefined ? { kind: 'add', path, node: d } : { kind: 'add', path, node: d, context },
    );
  }

  private pair(
    path: ConfigPath,
    here: ConfigPath,
    d: ConfigNode,
    a: ConfigNode,
    s: SchemaNode | undefined,
  ): void {
    if (d.kind !== a.kind) {
      // Same name, other shape (only possible outside the known schema): replaced as a whole.
      this.changes.push({ kind: 'change', path, from: a, to: d });
    } else if (d.kind === 'leaf' || d.kind === 'leaf-list') {
      if (!leafEqual(a, d, s)) this.changes.push({ kind: 'change', path, from: a, to: d });
    } else if (isValueForm(d, s) && isValueForm(a, s) && hasChildren(d) && hasChildren(a)) {
      if (!leafEqual(a.children[0], d.children[0], undefined))
        this.changes.push({ kind: 'change', path, from: a, to: d });
    } else if (hasChildren(d) && hasChildren(a)) {
      this.children(here, d.children, a.children, s);
    }
  }
}

/** The changes that turn `actual` into `desired` (empty when they are equal). */
export function diffConfig(desired: ConfigTree, actual: ConfigTree, options: DiffOptions = {}): ConfigDiff {
  const differ = new Differ(options.scope ?? 'all');
  differ.children([], desired.children, actual.children, schemaAt([]));
  return { changes: differ.changes };
}

export const isEmptyDiff = (diff: ConfigDiff): boolean => diff.changes.length === 0;

/**
 * The subtrees Gohan-ES owns in a desired config: every unit of an interface and every routing
 * instance it holds (the vpn_gateway's units and VRF; all other resources live inside them), plus
 * `extra` roots (e.g. those of resources being deleted). Use as DiffOptions.scope against a router.
 */
export function managedScope(desired: ConfigTree, extra: readonly ConfigPath[] = []): ConfigPath[] {
  const roots: ConfigPath[] = [];
  for (const top of desired.children) {
    if (!hasChildren(top)) continue;
    for (const item of top.children) {
      if (top.name === 'routing-instances' && item.kind === 'entry' && item.name === 'instance')
        roots.push([segmentOf(top), segmentOf(item)]);
      if (top.name === 'interfaces' && item.kind === 'entry' && item.name === 'interface')
        for (const u of item.children)
          if (u.kind === 'entry' && u.name === 'unit')
            roots.push([segmentOf(top), segmentOf(item), segmentOf(u)]);
    }
  }
  return [...roots, ...extra];
}

/** Drift: the changes needed on a router, limited to what Gohan-ES owns (managedScope). */
export function detectDrift(
  desired: ConfigTree,
  actual: ConfigTree,
  extra: readonly ConfigPath[] = [],
): ConfigDiff {
  return diffConfig(desired, actual, { scope: managedScope(desired, extra) });
}
