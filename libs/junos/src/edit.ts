// A diff as one edit-config `<configuration>` (RFC 6241 §7.2): added and changed nodes are merged,
// removed ones carry nc:operation="delete" (fails with data-missing if the node is already gone:
// the diff was computed against the device, so that is an error worth seeing) or "remove"
// (idempotent; needs base:1.1 on netconfd). Only the removed node itself is named, by its key for
// a list entry, so nothing else under its parent is touched.
import type { ConfigDiff } from './diff';
import { configurationXml, nodeToXml, withSecrets, type XmlElement, type XmlOptions } from './xml';
import { nodeId, type ConfigNode, type ConfigPath } from './tree';

export const NETCONF_BASE_NAMESPACE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export type DeleteOperation = 'delete' | 'remove';

export interface EditXmlOptions extends XmlOptions {
  /** Operation on removed nodes (default 'delete'). */
  readonly deleteOperation?: DeleteOperation;
}

interface Draft {
  readonly name: string;
  readonly id: string;
  attrs?: Record<string, string>;
  text?: string;
  readonly children: Draft[];
}

const draftOf = (el: XmlElement, id: string): Draft => ({
  name: el.name,
  id,
  ...(el.attrs === undefined ? {} : { attrs: { ...el.attrs } }),
  ...(el.text === undefined ? {} : { text: el.text }),
  children: (el.children ?? []).map((c, i) => draftOf(c, `${c.name}#${i}`)),
});

const toElement = (d: Draft): XmlElement => ({
  name: d.name,
  ...(d.attrs === undefined ? {} : { attrs: d.attrs }),
  ...(d.text === undefined ? {} : { text: d.text }),
  ...(d.children.length === 0 ? {} : { children: d.children.map(toElement) }),
});

/** The draft element at `path`, creating containers and keyed entries on the way. */
function locate(root: Draft, path: ConfigPath): Draft {
  let at = root;
  for (const seg of path) {
    const id = nodeId(seg);
    let next = at.children.find((c) => c.id === id);
    if (next === undefined) {
      next = {
        name: seg.name,
        id,
        children: seg.key === undefined ? [] : [{ name: 'name', id: 'name', text: seg.key, children: [] }],
      };
      at.children.push(next);
    }
    at = next;
  }
  return at;
}

function removal(node: ConfigNode, op: DeleteOperation): XmlElement[] {
  const attrs = { 'nc:operation': op };
  switch (node.kind) {
    case 'entry':
      return [{ name: node.name, attrs, children: [{ name: 'name', text: node.key }] }];
    case 'leaf-list':
      return node.values.map((v) => ({ name: node.name, attrs, text: v }));
    default:
      return [{ name: node.name, attrs }];
  }
}

/**
 * The edit-config `<configuration>` that applies `diff` to the device it was computed against,
 * or undefined when the diff is empty.
 */
export function diffToEditXml(diff: ConfigDiff, options: EditXmlOptions = {}): string | undefined {
  if (diff.changes.length === 0) return undefined;
  const op = options.deleteOperation ?? 'delete';
  const root: Draft = { name: 'configuration', id: 'configuration', children: [] };
  let n = 0;
  const append = (parent: Draft, els: XmlElement[]) =>
    els.forEach((el) => parent.children.push(draftOf(el, `#${n++}`)));
  const secrets = options.secrets ?? 'clear';
  for (const c of diff.changes) {
    const parent = locate(root, c.path);
    const show = <N extends ConfigNode>(node: N): N => withSecrets(node, secrets, c.path);
    if (c.kind === 'add') append(parent, nodeToXml(show(c.node)));
    else if (c.kind === 'remove') append(parent, removal(c.node, op));
    else if (c.from.kind === 'leaf-list' && c.to.kind === 'leaf-list') {
      const kept = new Set(c.to.values);
      append(parent, removal({ ...c.from, values: c.from.values.filter((v) => !kept.has(v)) }, op));
      append(parent, nodeToXml(c.to));
    } else if (c.from.kind !== c.to.kind) {
      append(
        parent,
        nodeToXml(show(c.to)).map((el) => ({ ...el, attrs: { 'nc:operation': 'replace' } })),
      );
    } else append(parent, nodeToXml(show(c.to)));
  }
  const hasOps = diff.changes.some(
    (c) =>
      c.kind === 'remove' ||
      (c.kind === 'change' && (c.from.kind === 'leaf-list' || c.from.kind !== c.to.kind)),
  );
  return configurationXml(
    root.children.map(toElement),
    options,
    hasOps ? { 'xmlns:nc': NETCONF_BASE_NAMESPACE } : {},
  );
}
