// RFC 6241 §4.1 (<rpc> and message-id), §4.2 (<rpc-reply>), §4.3 (<rpc-error>), §4.4 (<ok>).
import type { RpcErrorDetail } from './errors';
import { RpcError } from './errors';
import { redactSecrets } from './redact';
import type { ParseOptions, XmlObject, XmlValue } from './xml';
import { objectOf, parseXml, textOf, toArray } from './xml';

export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** Wraps an operation (e.g. `<lock>...</lock>`) into an <rpc> document with the given message-id. */
export function wrapRpc(messageId: string, operationXml: string): string {
  return `${XML_DECL}<rpc xmlns="${NETCONF_BASE_NS}" message-id="${messageId}">${operationXml}</rpc>`;
}

/** A parsed <rpc-reply> without errors of severity "error". */
export interface RpcReply {
  messageId: string;
  /** True when the reply is `<ok/>` (possibly with warnings). */
  ok: boolean;
  /** rpc-errors of severity "warning": not failures. */
  warnings: RpcErrorDetail[];
  /** The parsed children of <rpc-reply> (attributes under "@_..."). */
  body: XmlObject;
  /** The reply XML exactly as received. */
  raw: string;
}

/** A reply that carries <data> (get, get-config). */
export interface DataReply extends RpcReply {
  /** The parsed children of <data>, e.g. `{ configuration: {...} }`; {} when empty. */
  data: XmlObject;
  /** The XML text inside <data>...</data> ("" when empty), e.g. for golden comparisons. */
  dataXml: string;
}

/** Parses any NETCONF message and returns its root element name and content. */
export function parseMessage(xml: string, options?: ParseOptions): { root: string; content: XmlObject } {
  const doc = parseXml(xml, options);
  const root = Object.keys(doc).find((k) => !k.startsWith('#') && !k.startsWith('?'));
  if (!root) return { root: '', content: {} };
  return { root, content: objectOf(doc[root]) };
}

/** The message-id attribute of a parsed <rpc-reply>, or undefined. */
export function replyMessageId(content: XmlObject): string | undefined {
  const id = content['@_message-id'];
  return typeof id === 'string' ? id : undefined;
}

/** Parses every <rpc-error> of a parsed <rpc-reply> (RFC 6241 §4.3). */
export function parseRpcErrors(content: XmlObject): RpcErrorDetail[] {
  return toArray(content['rpc-error']).map((e: XmlValue) => {
    const o = objectOf(e);
    const severity = textOf(o['error-severity']) === 'warning' ? 'warning' : 'error';
    const detail: RpcErrorDetail = {
      type: textOf(o['error-type']),
      tag: textOf(o['error-tag']),
      severity,
      message: textOf(o['error-message']).trim(),
      info: objectOf(o['error-info']),
    };
    const appTag = textOf(o['error-app-tag']);
    if (appTag) detail.appTag = appTag;
    const path = textOf(o['error-path']).trim();
    if (path) detail.path = path;
    return detail;
  });
}

/**
 * Turns a parsed <rpc-reply> into an RpcReply, or throws RpcError when any <rpc-error> has
 * severity "error". A reply carrying only warnings succeeds and returns them.
 */
export function interpretReply(raw: string, content: XmlObject, rpc: string, messageId: string): RpcReply {
  const errors = parseRpcErrors(content);
  if (errors.some((e) => e.severity === 'error')) {
    throw new RpcError(errors, rpc, messageId, redactSecrets(raw));
  }
  const body: XmlObject = {};
  for (const [k, v] of Object.entries(content)) if (k !== 'rpc-error') body[k] = v;
  return { messageId, ok: 'ok' in content, warnings: errors, body, raw };
}

/** Parses a complete <rpc-reply> document (useful for tests and recorded fixtures). */
export function parseRpcReply(raw: string, rpc = 'rpc', options?: ParseOptions): RpcReply {
  const { root, content } = parseMessage(raw, options);
  if (root !== 'rpc-reply') throw new TypeError(`expected <rpc-reply>, got <${root || '?'}>`);
  return interpretReply(raw, content, rpc, replyMessageId(content) ?? '');
}

/** Adds `data`/`dataXml` to a reply from get or get-config. */
export function toDataReply(reply: RpcReply): DataReply {
  return { ...reply, data: objectOf(reply.body['data']), dataXml: innerXmlOf(reply.raw, 'data') };
}

/** The text between the first <name ...> (any prefix) and its last </name>; "" if empty/absent. */
export function innerXmlOf(xml: string, name: string): string {
  const open = new RegExp(`<(?:([\\w.-]+):)?${name}(?:\\s[^>]*)?(/?)>`).exec(xml);
  if (!open || open[2] === '/') return '';
  const close = `</${open[1] ? `${open[1]}:` : ''}${name}>`;
  const end = xml.lastIndexOf(close);
  return end < 0 ? '' : xml.slice(open.index + open[0].length, end);
}
