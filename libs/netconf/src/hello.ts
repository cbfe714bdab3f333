// RFC 6241 §8.1 (capabilities exchange: <hello>, session-id) and RFC 6242 §4.1 (framing choice:
// chunked framing once both peers advertise base:1.1, end-of-message framing otherwise).
import { TransportError } from './errors';
import { NETCONF_BASE_NS, parseMessage } from './rpc';
import { escapeXml, objectOf, textOf, toArray } from './xml';

export const CAP_BASE_10 = 'urn:ietf:params:netconf:base:1.0';
export const CAP_BASE_11 = 'urn:ietf:params:netconf:base:1.1';

export type Framing = 'eom' | 'chunked';

export interface ServerHello {
  sessionId: string;
  capabilities: string[];
}

/** The client <hello>; offers base:1.1 unless `framing` is forced to 'eom'. */
export function buildClientHello(framing: 'auto' | 'eom' = 'auto'): string {
  const caps = framing === 'eom' ? [CAP_BASE_10] : [CAP_BASE_10, CAP_BASE_11];
  const body = caps.map((c) => `<capability>${escapeXml(c)}</capability>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_BASE_NS}"><capabilities>${body}</capabilities></hello>`;
}

/** Parses the server <hello>; a missing session-id or base capability is a protocol failure. */
export function parseServerHello(xml: string): ServerHello {
  const { root, content } = parseMessage(xml);
  if (root !== 'hello') {
    throw new TransportError(`expected the server <hello>, got <${root || '?'}>`);
  }
  const capabilities = toArray(objectOf(content['capabilities'])['capability']).map((c) => textOf(c).trim());
  const sessionId = textOf(content['session-id']).trim();
  if (!/^\d+$/.test(sessionId)) throw new TransportError('server <hello> has no valid <session-id>');
  if (!capabilities.includes(CAP_BASE_10) && !capabilities.includes(CAP_BASE_11)) {
    throw new TransportError('server <hello> advertises neither base:1.0 nor base:1.1');
  }
  return { sessionId, capabilities };
}

/** Chunked framing when both hellos advertise base:1.1 (RFC 6242 §4.1). */
export function chooseFraming(clientOffered: 'auto' | 'eom', server: ServerHello): Framing {
  return clientOffered === 'auto' && server.capabilities.includes(CAP_BASE_11) ? 'chunked' : 'eom';
}

/** True when the server advertises a capability (matched up to any "?parameters"). */
export function hasCapability(hello: ServerHello, uri: string): boolean {
  return hello.capabilities.some((c) => c === uri || c.startsWith(`${uri}?`));
}
