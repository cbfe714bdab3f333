// RFC 6241 §3 (XML considerations): parsing replies into JS objects and escaping text we send.
// Attributes are kept under "@_<name>", namespace prefixes and xmlns attributes are stripped,
// values stay strings, and YANG lists / leaf-lists (by element name) are always arrays.
import { XMLParser } from 'fast-xml-parser';

export type XmlObject = { [key: string]: XmlValue };
export type XmlValue = string | XmlObject | XmlValue[];

/**
 * Element names of YANG lists (and repeatable NETCONF elements): an element with one of these names
 * that has children always parses to an array, even with one entry. A text-only element of the same
 * name (a key leaf such as `<group>20</group>` in a state list) stays a string.
 */
export const DEFAULT_LIST_NODES: readonly string[] = [
  'rpc-error',
  // junos-conf-root subset (libs/router-sim/yang) and the simulator's state model
  'interface',
  'unit',
  'address',
  'vrrp-group',
  'instance',
  'group',
  'neighbor',
  'route',
  'bgp-peer',
  'logical-interface',
];

/** Element names of YANG leaf-lists (and <capability>): always arrays. */
export const DEFAULT_LEAF_LIST_NODES: readonly string[] = [
  'capability',
  'apply-groups',
  'virtual-address',
  'next-hop',
];

export interface ParseOptions {
  /** Default DEFAULT_LIST_NODES. */
  listNodes?: Iterable<string>;
  /** Default DEFAULT_LEAF_LIST_NODES. */
  leafListNodes?: Iterable<string>;
}

const parsers = new Map<string, XMLParser>();

function parserFor(listNodes: Iterable<string>, leafListNodes: Iterable<string>): XMLParser {
  const lists = new Set(listNodes);
  const leafLists = new Set(leafListNodes);
  const key = `${[...lists].sort().join('|')}/${[...leafLists].sort().join('|')}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      // Decodes numeric character references (&#233;) besides the five XML entities.
      htmlEntities: true,
      maxNestedTags: 512,
      isArray: (name, _path, isLeaf, isAttribute) =>
        !isAttribute && (leafLists.has(name) || (!isLeaf && lists.has(name))),
    });
    parsers.set(key, parser);
  }
  return parser;
}

/** Parses an XML document or fragment. Empty elements parse to "" (e.g. `<ok/>` → `ok: ""`). */
export function parseXml(xml: string, options: ParseOptions = {}): XmlObject {
  const parser = parserFor(
    options.listNodes ?? DEFAULT_LIST_NODES,
    options.leafListNodes ?? DEFAULT_LEAF_LIST_NODES,
  );
  return parser.parse(xml) as XmlObject;
}

/** Normalizes an optional, single or repeated node to an array. */
export function toArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a leaf that may carry attributes (`{ '#text': 'x', '@_lang': 'en' }`). */
export function textOf(value: XmlValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  const text = value['#text'];
  return typeof text === 'string' ? text : '';
}

/** An element's children as an object; "" (empty element) and missing become {}. */
export function objectOf(value: XmlValue | undefined): XmlObject {
  if (value === undefined || typeof value === 'string') return {};
  if (Array.isArray(value)) return objectOf(value[0]);
  return value;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for use in element content or attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The name of the first element of an XML fragment, without prefix (e.g. "edit-config"). */
export function firstElementName(xml: string): string {
  const m = /<(?![?!])(?:[\w.-]+:)?([\w.-]+)/.exec(xml);
  return m ? m[1]! : 'rpc';
}
