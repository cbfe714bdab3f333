// The normalized configuration tree every renderer, parser and diff works on: containers, list
// entries (key = the Junos `<name>`), leaves and leaf-lists, children in Junos display order.
// Normalizing merges duplicate children, sorts them and drops empty non-presence containers (a
// router keeps `<interfaces/>` after its content is removed; Junos does not show it).
import {
  CONFIGURATION_SCHEMA,
  childRank,
  childSchema,
  interfaceCompare,
  naturalCompare,
  type SchemaNode,
} from './schema';

export type ConfigNode = ContainerNode | EntryNode | LeafNode | LeafListNode;
export interface ContainerNode {
  readonly kind: 'container';
  readonly name: string;
  readonly children: readonly ConfigNode[];
}
export interface EntryNode {
  readonly kind: 'entry';
  readonly name: string;
  readonly key: string;
  readonly children: readonly ConfigNode[];
}
export interface LeafNode {
  readonly kind: 'leaf';
  readonly name: string;
  readonly value: string;
}
export interface LeafListNode {
  readonly kind: 'leaf-list';
  readonly name: string;
  readonly values: readonly string[];
}

/** A whole `<configuration>` (container named "configuration"). */
export type ConfigTree = ContainerNode;

/** One step below `<configuration>`: a container or leaf by name, a list entry by name and key. */
export interface PathSegment {
  readonly name: string;
  readonly key?: string;
}
export type ConfigPath = readonly PathSegment[];

type Child = ConfigNode | undefined | false;
const present = (c: readonly Child[]): ConfigNode[] =>
  c.filter((x): x is ConfigNode => x !== undefined && x !== false);

export const container = (name: string, ...children: Child[]): ContainerNode => ({
  kind: 'container',
  name,
  children: present(children),
});
export const entry = (name: string, key: string, ...children: Child[]): EntryNode => ({
  kind: 'entry',
  name,
  key,
  children: present(children),
});
export const leaf = (name: string, value: string): LeafNode => ({ kind: 'leaf', name, value });
export const leafList = (name: string, ...values: string[]): LeafListNode => ({
  kind: 'leaf-list',
  name,
  values,
});
/** A normalized `<configuration>` with the given children. */
export const configuration = (...children: Child[]): ConfigTree =>
  normalize(container('configuration', ...children));
export const emptyConfig = (): ConfigTree => container('configuration');

/** Identity of a node among its siblings: `name` or `name[key]`. */
export const nodeId = (n: ConfigNode | PathSegment): string =>
  'key' in n && n.key !== undefined ? `${n.name}[${n.key}]` : n.name;

export const hasChildren = (n: ConfigNode): n is ContainerNode | EntryNode =>
  n.kind === 'container' || n.kind === 'entry';

export const segmentOf = (n: ConfigNode): PathSegment =>
  n.kind === 'entry' ? { name: n.name, key: n.key } : { name: n.name };

export class ConfigConflictError extends Error {
  override readonly name = 'ConfigConflictError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Schema of the node at `path` (undefined outside the known subset). */
export function schemaAt(path: ConfigPath): SchemaNode | undefined {
  let s: SchemaNode | undefined = CONFIGURATION_SCHEMA;
  for (const seg of path) s = childSchema(s, seg.name);
  return s;
}

/** Sorts siblings: Junos display order by name, then list entries by key (user-ordered lists keep their order). */
export function sortChildren(children: readonly ConfigNode[], parent: SchemaNode | undefined): ConfigNode[] {
  return children
    .map((c, i) => ({ c, i }))
    .sort((x, y) => {
      const r = childRank(parent, x.c.name) - childRank(parent, y.c.name);
      if (r !== 0) return r;
      if (x.c.name !== y.c.name) return x.c.name < y.c.name ? -1 : 1;
      if (x.c.kind === 'entry' && y.c.kind === 'entry') {
        const s = childSchema(parent, x.c.name);
        if (s?.kind === 'list' && s.orderedByUser) return x.i - y.i;
        const cmp = s?.kind === 'list' && s.keyOrder === 'interface' ? interfaceCompare : naturalCompare;
        return cmp(x.c.key, y.c.key) || x.i - y.i;
      }
      return x.i - y.i;
    })
    .map((x) => x.c);
}

export type MergePolicy = 'error' | 'right';

function mergeNode(
  a: ConfigNode,
  b: ConfigNode,
  schema: SchemaNode | undefined,
  where: string,
  policy: MergePolicy,
): ConfigNode {
  if (a.kind !== b.kind) {
    if (policy === 'right') return b;
    throw new ConfigConflictError(where, `is a ${a.kind} in one fragment and a ${b.kind} in another`);
  }
  if (a.kind === 'leaf' && b.kind === 'leaf') {
    if (a.value === b.value || policy === 'right') return b;
    throw new ConfigConflictError(where, `conflicting values "${a.value}" and "${b.value}"`);
  }
  if (a.kind === 'leaf-list' && b.kind === 'leaf-list') {
    if (a.values.join('\n') === b.values.join('\n') || policy === 'right') return b;
    throw new ConfigConflictError(
      where,
      `conflicting values [${a.values.join(' ')}] and [${b.values.join(' ')}]`,
    );
  }
  const ca = hasChildren(a) ? a.children : [];
  const cb = hasChildren(b) ? b.children : [];
  return { ...a, children: mergeChildren([...ca, ...cb], schema, where, policy) } as ConfigNode;
}

function mergeChildren(
  children: readonly ConfigNode[],
  schema: SchemaNode | undefined,
  where: string,
  policy: MergePolicy,
): ConfigNode[] {
  const byId = new Map<string, ConfigNode>();
  for (const c of children) {
    const id = nodeId(c);
    const prev = byId.get(id);
    byId.set(
      id,
      prev === undefined ? c : mergeNode(prev, c, childSchema(schema, c.name), `${where} ${id}`, policy),
    );
  }
  const out: ConfigNode[] = [];
  for (const c of byId.values()) {
    const s = childSchema(schema, c.name);
    const n = hasChildren(c)
      ? ({ ...c, children: mergeChildren(c.children, s, `${where} ${nodeId(c)}`, policy) } as ConfigNode)
      : c;
    // Empty non-presence containers carry no configuration (the router may still return them).
    if (n.kind === 'container' && n.children.length === 0 && s?.kind === 'container' && s.presence !== true)
      continue;
    if (n.kind === 'leaf-list' && n.values.length === 0) continue;
    out.push(n);
  }
  return sortChildren(out, schema);
}

/** Merges duplicate siblings, sorts children in Junos order and drops empty non-presence containers. */
export function normalize(tree: ConfigTree): ConfigTree {
  return { ...tree, children: mergeChildren(tree.children, CONFIGURATION_SCHEMA, '[edit]', 'error') };
}

/**
 * Union of configuration trees. With 'error' (the default, for composing the desired state) two
 * fragments setting one leaf to different values is a ConfigConflictError; with 'right' the later
 * tree wins (overlaying desired config on a router's base config).
 */
export function mergeTrees(trees: readonly ConfigTree[], policy: MergePolicy = 'error'): ConfigTree {
  return {
    kind: 'container',
    name: 'configuration',
    children: mergeChildren(
      trees.flatMap((t) => t.children),
      CONFIGURATION_SCHEMA,
      '[edit]',
      policy,
    ),
  };
}

/** The node at `path`, if present. */
export function nodeAt(tree: ConfigTree, path: ConfigPath): ConfigNode | undefined {
  let node: ConfigNode = tree;
  for (const seg of path) {
    if (!hasChildren(node)) return undefined;
    const id = nodeId(seg);
    const next: ConfigNode | undefined = node.children.find((c) => nodeId(c) === id);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

/** Maps every leaf value of `node`, found at `path` (empty for the root); `fn` gets the leaf's schema. */
export function mapLeaves<N extends ConfigNode>(
  node: N,
  fn: (leaf: LeafNode, schema: SchemaNode | undefined) => string,
  path: ConfigPath = [],
): N {
  const walk = (n: ConfigNode, s: SchemaNode | undefined): ConfigNode => {
    if (n.kind === 'leaf') return { ...n, value: fn(n, s) };
    if (!hasChildren(n)) return n;
    return { ...n, children: n.children.map((c) => walk(c, childSchema(s, c.name))) } as ConfigNode;
  };
  const schema =
    node.name === 'configuration' && path.length === 0
      ? CONFIGURATION_SCHEMA
      : childSchema(schemaAt(path), node.name);
  return walk(node, schema) as N;
}
