// The subset of the Junos configuration schema this lib renders, parses and diffs: node kinds, the
// order Junos shows children in, and the curly-brace display rules the XML does not carry.
// Mirrors libs/router-sim/yang/junos-conf-root.yang (element names and nesting of the Junos XML API);
// display order follows Junos `show configuration` (e.g. `static` before `router-id` in
// routing-options). Nodes outside this subset are kept generically (see xml.ts).

export type SchemaNode = ContainerSchema | ListSchema | LeafSchema | LeafListSchema;

export interface ContainerSchema {
  readonly kind: 'container';
  /** A presence container means something even when empty (`family inet;`, `bgp;`). */
  readonly presence?: boolean;
  /** Shown as `<name> <value>;` where value is this child leaf (`input FILTER_X;`, `autonomous-system 65101;`). */
  readonly valueLeaf?: string;
  /** Shown as a prefix of each child (`family inet { ... }`), never on its own. */
  readonly transparent?: boolean;
  readonly children: Readonly<Record<string, SchemaNode>>;
}

export interface ListSchema {
  readonly kind: 'list';
  /** Entries are shown by key alone (`ae0 { ... }`), not `interface ae0 { ... }`. */
  readonly keyOnly?: boolean;
  /** Junos keeps user order (bgp groups, neighbors): an insert shows its predecessor as context. */
  readonly orderedByUser?: boolean;
  /** Entries whose children are all leaves are shown on one line (`route X next-hop Y;`). */
  readonly oneliner?: boolean;
  /** How keys sort: Junos interface order, or natural (numbers compared as numbers). */
  readonly keyOrder?: 'interface' | 'natural';
  readonly children: Readonly<Record<string, SchemaNode>>;
}

export interface LeafSchema {
  readonly kind: 'leaf';
  /** Shown as `name "<masked>"; ## SECRET-DATA`; a real Junos returns it `$9$`-encrypted. */
  readonly secret?: boolean;
}

export interface LeafListSchema {
  readonly kind: 'leaf-list';
}

const leaf: LeafSchema = { kind: 'leaf' };
const leafList: LeafListSchema = { kind: 'leaf-list' };
const applyGroups = { 'apply-groups': leafList } as const;

const filterRef: ContainerSchema = {
  kind: 'container',
  valueLeaf: 'filter-name',
  children: { 'filter-name': leaf },
};

const vrrpGroup: ListSchema = {
  kind: 'list',
  keyOrder: 'natural',
  children: { ...applyGroups, 'virtual-address': leafList, priority: leaf },
};

const unit: ListSchema = {
  kind: 'list',
  keyOrder: 'natural',
  children: {
    ...applyGroups,
    description: leaf,
    'vlan-id': leaf,
    family: {
      kind: 'container',
      transparent: true,
      children: {
        inet: {
          kind: 'container',
          presence: true,
          children: {
            ...applyGroups,
            filter: { kind: 'container', children: { input: filterRef, output: filterRef } },
            address: {
              kind: 'list',
              keyOrder: 'natural',
              children: { ...applyGroups, 'vrrp-group': vrrpGroup },
            },
          },
        },
      },
    },
  },
};

const neighbor: ListSchema = {
  kind: 'list',
  orderedByUser: true,
  children: {
    ...applyGroups,
    description: leaf,
    'authentication-key': { kind: 'leaf', secret: true },
    'peer-as': leaf,
  },
};

const bgpGroup: ListSchema = {
  kind: 'list',
  orderedByUser: true,
  children: { ...applyGroups, type: leaf, 'local-address': leaf, 'peer-as': leaf, neighbor },
};

const instance: ListSchema = {
  kind: 'list',
  keyOnly: true,
  keyOrder: 'natural',
  children: {
    ...applyGroups,
    description: leaf,
    'instance-type': leaf,
    interface: { kind: 'list', keyOrder: 'interface', children: {} },
    'routing-options': {
      kind: 'container',
      children: {
        ...applyGroups,
        static: {
          kind: 'container',
          children: {
            route: { kind: 'list', oneliner: true, keyOrder: 'natural', children: { 'next-hop': leafList } },
          },
        },
        'router-id': leaf,
        'autonomous-system': { kind: 'container', valueLeaf: 'as-number', children: { 'as-number': leaf } },
      },
    },
    protocols: {
      kind: 'container',
      children: { bgp: { kind: 'container', presence: true, children: { ...applyGroups, group: bgpGroup } } },
    },
  },
};

/** Schema of `<configuration>`. */
export const CONFIGURATION_SCHEMA: ContainerSchema = {
  kind: 'container',
  children: {
    ...applyGroups,
    interfaces: {
      kind: 'container',
      children: {
        ...applyGroups,
        interface: {
          kind: 'list',
          keyOnly: true,
          keyOrder: 'interface',
          children: { ...applyGroups, description: leaf, unit },
        },
      },
    },
    'routing-instances': { kind: 'container', children: { ...applyGroups, instance } },
  },
};

/** The schema of child `name` under a container or list entry, if this subset knows it. */
export function childSchema(parent: SchemaNode | undefined, name: string): SchemaNode | undefined {
  if (parent === undefined || (parent.kind !== 'container' && parent.kind !== 'list')) return undefined;
  return Object.prototype.hasOwnProperty.call(parent.children, name) ? parent.children[name] : undefined;
}

/** Position of child `name` in Junos display order (unknown children after the known ones). */
export function childRank(parent: SchemaNode | undefined, name: string): number {
  if (parent === undefined || (parent.kind !== 'container' && parent.kind !== 'list'))
    return Number.MAX_SAFE_INTEGER;
  const i = Object.keys(parent.children).indexOf(name);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** Natural order: runs of digits compare as numbers ("ae2" < "ae10", "10.0.0.9" < "10.0.0.10"). */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

/**
 * Junos lists physical interfaces (ge-0/0/1, xe-1/2/0:1) before aggregated ones (ae0, reth1) and
 * those before the rest (lo0, fxp0, irb); natural order inside a class. Logical names
 * (ge-0/0/1.122) sort by their physical part first.
 */
export function interfaceCompare(a: string, b: string): number {
  const cls = (n: string) => (/^[a-z]+-\d+\/\d+\/\d+/.test(n) ? 0 : /^(ae|reth)\d+/.test(n) ? 1 : 2);
  return cls(a) - cls(b) || naturalCompare(a, b);
}
