// Junos curly-brace text: a whole tree (`show configuration`) and a diff in the `[edit ...]` / `+` /
// `-` form of `show | compare` (NSO's commit dry-run shows the same), as in DOMAIN.md §2.2/§4.1.
// Layout rules read off the router output in the seed: under `[edit <path>]` the first level is
// indented path-length + 2 columns after the one-character marker, each nested level 4 more; the
// output ends with a blank line and `[edit]`. Secrets print masked by default.
import type { ConfigChange, ConfigDiff } from './diff';
import { childSchema, type SchemaNode } from './schema';
import { displaySecret, type SecretDisplay } from './secret';
import { hasChildren, schemaAt, type ConfigNode, type ConfigPath, type ConfigTree } from './tree';

export interface TextOptions {
  /** Secret leaves: 'mask' (default) prints `"********"`; 'clear' or a function for other forms. */
  readonly secrets?: SecretDisplay;
  /** Append the blank line and `[edit]` the router prints after a diff (default true). */
  readonly trailer?: boolean;
}

const sp = (n: number): string => ' '.repeat(n);

/** A value as Junos prints it: bare when it is one plain word, else double-quoted. */
export function junosValue(v: string): string {
  return /^[^\s;{}[\]"'#\\]+$/.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const isSecret = (s: SchemaNode | undefined): boolean => s?.kind === 'leaf' && s.secret === true;

function inline(n: ConfigNode, s: SchemaNode | undefined, secrets: SecretDisplay): string | undefined {
  if (n.kind === 'leaf') {
    if (isSecret(s)) return `${n.name} "${displaySecret(n.value, secrets)}"`;
    return n.value === '' ? n.name : `${n.name} ${junosValue(n.value)}`;
  }
  if (n.kind === 'leaf-list')
    return n.values.length === 1
      ? `${n.name} ${junosValue(n.values[0])}`
      : `${n.name} [ ${n.values.map(junosValue).join(' ')} ]`;
  if (
    s?.kind === 'container' &&
    s.valueLeaf !== undefined &&
    n.kind === 'container' &&
    n.children.length === 1
  ) {
    const v = n.children[0];
    if (v.kind === 'leaf' && v.name === s.valueLeaf) return `${n.name} ${junosValue(v.value)}`;
  }
  return undefined;
}

function label(n: ConfigNode, s: SchemaNode | undefined): string {
  if (n.kind !== 'entry') return n.name;
  return s?.kind === 'list' && s.keyOnly === true ? junosValue(n.key) : `${n.name} ${junosValue(n.key)}`;
}

/** Lines of one node at `indent` columns after `marker` ('+', '-', ' ' or '' for plain text). */
export function nodeLines(
  n: ConfigNode,
  s: SchemaNode | undefined,
  indent: number,
  marker: string,
  secrets: SecretDisplay,
  prefix = '',
): string[] {
  const at = `${marker}${sp(indent)}${prefix}`;
  const flat = inline(n, s, secrets);
  if (flat !== undefined) return [`${at}${flat};${isSecret(s) ? ' ## SECRET-DATA' : ''}`];
  if (!hasChildren(n)) return [];
  if (s?.kind === 'container' && s.transparent === true && n.children.length > 0)
    return n.children.flatMap((c) =>
      nodeLines(c, childSchema(s, c.name), indent, marker, secrets, `${prefix}${n.name} `),
    );
  const head = label(n, s);
  if (n.children.length === 0) return [`${at}${head};`];
  if (s?.kind === 'list' && s.oneliner === true) {
    const parts = n.children.map((c) => inline(c, childSchema(s, c.name), secrets));
    if (parts.every((p) => p !== undefined) && !n.children.some((c) => isSecret(childSchema(s, c.name))))
      return [`${at}${head} ${parts.join(' ')};`];
  }
  return [
    `${at}${head} {`,
    ...n.children.flatMap((c) => nodeLines(c, childSchema(s, c.name), indent + 4, marker, secrets)),
    `${marker}${sp(indent)}}`,
  ];
}

/** The `[edit ...]` header of a path: entries of key-only lists print their key alone. */
export function editHeader(path: ConfigPath): string {
  const words: string[] = [];
  let s = schemaAt([]);
  for (const seg of path) {
    s = childSchema(s, seg.name);
    if (seg.key === undefined) words.push(seg.name);
    else if (s?.kind === 'list' && s.keyOnly === true) words.push(junosValue(seg.key));
    else words.push(seg.name, junosValue(seg.key));
  }
  return words.length === 0 ? '[edit]' : `[edit ${words.join(' ')}]`;
}

function changeLines(c: ConfigChange, secrets: SecretDisplay): string[] {
  const parent = schemaAt(c.path);
  const indent = c.path.length + 2;
  if (c.kind === 'change') {
    const s = childSchema(parent, c.to.name);
    return [...nodeLines(c.from, s, indent, '-', secrets), ...nodeLines(c.to, s, indent, '+', secrets)];
  }
  const s = childSchema(parent, c.node.name);
  if (c.kind === 'remove') return nodeLines(c.node, s, indent, '-', secrets);
  const context =
    c.context === undefined
      ? []
      : [
          ` ${sp(indent)}${label(c.context, s)}${hasChildren(c.context) && c.context.children.length > 0 ? ' { ... }' : ';'}`,
        ];
  return [...context, ...nodeLines(c.node, s, indent, '+', secrets)];
}

/** A diff as the router's `show | compare` prints it ('' when there is nothing to change). */
export function renderDiffText(diff: ConfigDiff, options: TextOptions = {}): string {
  const secrets = options.secrets ?? 'mask';
  const lines: string[] = [];
  let header: string | undefined;
  for (const c of diff.changes) {
    const h = editHeader(c.path);
    if (h !== header) lines.push(h);
    header = h;
    lines.push(...changeLines(c, secrets));
  }
  if (lines.length === 0) return '';
  return options.trailer === false ? lines.join('\n') : `${lines.join('\n')}\n\n[edit]`;
}

/** A whole configuration as `show configuration` prints it (4 spaces per level). */
export function renderConfigText(tree: ConfigTree, options: Pick<TextOptions, 'secrets'> = {}): string {
  const s = schemaAt([]);
  return tree.children
    .flatMap((c) => nodeLines(c, childSchema(s, c.name), 0, '', options.secrets ?? 'mask'))
    .join('\n');
}
