// Junos XML (the `<configuration>` element of edit-config and get-config) to and from the tree.
// Element names and nesting are the Junos XML API's (libs/router-sim/yang/junos-conf-root.yang):
// list keys are `<name>` children, leaf-lists are repeated elements. The namespace is a parameter:
// the simulator needs xmlns="http://yang.juniper.net/junos/conf/root", a real Junos takes none.
// Parsing (fast-xml-parser) accepts a whole rpc-reply or a bare `<configuration>`; elements outside
// the known subset are kept generically, attributes (junos:changed-seconds, inactive) are ignored.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CONFIGURATION_SCHEMA, childSchema, type SchemaNode } from './schema';
import { displaySecret, type SecretDisplay } from './secret';
import {
  emptyConfig,
  mapLeaves,
  mergeTrees,
  type ConfigNode,
  type ConfigPath,
  type ConfigTree,
} from './tree';

/** Namespace of `<configuration>` on the simulated routers. */
export const JUNOS_CONF_NAMESPACE = 'http://yang.juniper.net/junos/conf/root';

/** A plain XML element, the output model of the renderers. */
export interface XmlElement {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly XmlElement[];
}

export interface XmlOptions {
  /** xmlns of `<configuration>`; omitted when undefined (real Junos). */
  readonly namespace?: string;
  /** Secret leaves: 'clear' for the device (default), 'mask' for anything logged. */
  readonly secrets?: SecretDisplay;
  /** Indent two spaces per level (default true); false gives one line. */
  readonly pretty?: boolean;
}

export const escapeXml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** XML elements of one node (a leaf-list gives one element per value). */
export function nodeToXml(node: ConfigNode): XmlElement[] {
  switch (node.kind) {
    case 'leaf':
      return [{ name: node.name, text: node.value }];
    case 'leaf-list':
      return node.values.map((v) => ({ name: node.name, text: v }));
    case 'entry':
      return [
        {
          name: node.name,
          children: [{ name: 'name', text: node.key }, ...node.children.flatMap(nodeToXml)],
        },
      ];
    case 'container':
      return [{ name: node.name, children: node.children.flatMap(nodeToXml) }];
  }
}

export function renderXmlElement(el: XmlElement, pretty = true, depth = 0): string {
  const pad = pretty ? '  '.repeat(depth) : '';
  const nl = pretty ? '\n' : '';
  const attrs = Object.entries(el.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const kids = el.children ?? [];
  if (kids.length === 0) {
    return el.text === undefined
      ? `${pad}<${el.name}${attrs}/>`
      : `${pad}<${el.name}${attrs}>${escapeXml(el.text)}</${el.name}>`;
  }
  const inner = kids.map((k) => renderXmlElement(k, pretty, depth + 1)).join(nl);
  return `${pad}<${el.name}${attrs}>${nl}${inner}${nl}${pad}</${el.name}>`;
}

/** Wraps elements in `<configuration>` with the namespace option. */
export function configurationXml(
  children: readonly XmlElement[],
  options: XmlOptions = {},
  extraAttrs: Readonly<Record<string, string>> = {},
): string {
  const attrs = { ...(options.namespace === undefined ? {} : { xmlns: options.namespace }), ...extraAttrs };
  return renderXmlElement({ name: 'configuration', attrs, children }, options.pretty ?? true);
}

/** Masks (or otherwise displays) every secret leaf of `node` (a tree, or a node found at `path`). */
export function withSecrets<N extends ConfigNode>(node: N, display: SecretDisplay, path: ConfigPath = []): N {
  if (display === 'clear') return node;
  return mapLeaves(
    node,
    (l, s) => (s?.kind === 'leaf' && s.secret === true ? displaySecret(l.value, display) : l.value),
    path,
  );
}

/** `<configuration>` XML of a whole tree: the edit-config body of a merge. */
export function treeToXml(tree: ConfigTree, options: XmlOptions = {}): string {
  const shown = withSecrets(tree, options.secrets ?? 'clear');
  return configurationXml(shown.children.flatMap(nodeToXml), options);
}

// ---- parsing ---------------------------------------------------------------------------------

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  preserveOrder: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export class ConfigParseError extends Error {
  override readonly name = 'ConfigParseError';
}

const tagOf = (o: Ordered): string | undefined => Object.keys(o).find((k) => k !== ':@' && k !== '#text');
const kidsOf = (o: Ordered, tag: string): Ordered[] => (Array.isArray(o[tag]) ? (o[tag] as Ordered[]) : []);
const textOf = (kids: Ordered[]): string =>
  kids
    .filter((k) => '#text' in k)
    .map((k) => String(k['#text']))
    .join('');
const elementsOf = (kids: Ordered[]): Ordered[] => kids.filter((k) => tagOf(k) !== undefined);

function findConfiguration(items: Ordered[]): Ordered[] | undefined {
  for (const item of items) {
    const tag = tagOf(item);
    if (tag === undefined) continue;
    if (tag === 'configuration') return kidsOf(item, tag);
    if (tag === 'rpc-error') throw new ConfigParseError(`rpc-error in reply: ${JSON.stringify(item)}`);
    const found = findConfiguration(kidsOf(item, tag));
    if (found !== undefined) return found;
  }
  return undefined;
}

function convertChildren(items: Ordered[], parent: SchemaNode | undefined, skipKey: boolean): ConfigNode[] {
  const elements = elementsOf(items);
  const counts = new Map<string, number>();
  for (const e of elements) counts.set(tagOf(e)!, (counts.get(tagOf(e)!) ?? 0) + 1);
  const out: ConfigNode[] = [];
  let keySkipped = false;
  for (const e of elements) {
    const tag = tagOf(e)!;
    if (skipKey && tag === 'name' && !keySkipped) {
      keySkipped = true;
      continue;
    }
    const kids = kidsOf(e, tag);
    const sub = elementsOf(kids);
    const s = childSchema(parent, tag);
    const kind =
      s?.kind ??
      (sub.length === 0
        ? kids.length === 0
          ? 'container'
          : (counts.get(tag) ?? 0) > 1
            ? 'leaf-list'
            : 'leaf'
        : sub.some((k) => tagOf(k) === 'name' && elementsOf(kidsOf(k, 'name')).length === 0)
          ? 'list'
          : 'container');
    if (kind === 'leaf') out.push({ kind: 'leaf', name: tag, value: textOf(kids) });
    else if (kind === 'leaf-list') out.push({ kind: 'leaf-list', name: tag, values: [textOf(kids)] });
    else if (kind === 'list') {
      const keyEl = sub.find((k) => tagOf(k) === 'name');
      if (keyEl === undefined) throw new ConfigParseError(`list entry <${tag}> without <name>`);
      out.push({
        kind: 'entry',
        name: tag,
        key: textOf(kidsOf(keyEl, 'name')),
        children: convertChildren(kids, s, true),
      });
    } else out.push({ kind: 'container', name: tag, children: convertChildren(kids, s, false) });
  }
  // Repeated leaf-list elements become one node (values in document order).
  const merged: ConfigNode[] = [];
  for (const n of out) {
    const prev =
      n.kind === 'leaf-list' ? merged.find((m) => m.kind === 'leaf-list' && m.name === n.name) : undefined;
    if (prev?.kind === 'leaf-list' && n.kind === 'leaf-list')
      merged[merged.indexOf(prev)] = { ...prev, values: [...prev.values, ...n.values] };
    else merged.push(n);
  }
  return merged;
}

/**
 * Parses a get-config reply (or any XML holding one `<configuration>`, or a bare one) into a
 * normalized tree. A reply without `<configuration>` (`<data/>`) is the empty configuration.
 */
export function parseConfigXml(xml: string): ConfigTree {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ConfigParseError(`invalid XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Ordered[];
  const items = findConfiguration(doc);
  if (items === undefined) return emptyConfig();
  const raw: ConfigTree = {
    kind: 'container',
    name: 'configuration',
    children: convertChildren(items, CONFIGURATION_SCHEMA, false),
  };
  return mergeTrees([raw], 'right');
}
