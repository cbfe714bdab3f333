// The three Junos operational RPCs the collector's junos profile sends (get-vrrp-information,
// get-bgp-neighbor-information, get-interface-information terse), answered by the simulated router
// itself: netconfd knows no Junos RPC, so the SSH front takes such an <rpc> out of the stream, asks
// netconfd for its simulator-state instead (a get-config under a message-id of its own) and renders
// the Junos reply from it, under the client's message-id. Everything else passes unchanged.
// The reply shapes follow libs/collector/src/junos-state.ts (which cites where they come from).
// Pure logic over Buffers: the SSH front wires `toServer` / `toClient`.
import { ChunkedDecoder, EomDecoder, encodeChunked, encodeEom, type Decoder } from './framing';
import {
  GET_SIMULATOR_STATE_RPC,
  escapeXml,
  parseSimulatorState,
  type SimulatorState,
} from './simulator-state';

export const JUNOS_OPERATIONAL_RPCS = [
  'get-vrrp-information',
  'get-bgp-neighbor-information',
  'get-interface-information',
] as const;
export type JunosOperationalRpc = (typeof JUNOS_OPERATIONAL_RPCS)[number];

const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const BASE_11 = 'urn:ietf:params:netconf:base:1.1';
/** What the rendered replies claim to be (any recent release; the collector ignores it). */
const JUNOS_NS = 'http://xml.juniper.net/junos/21.4R3/junos';
/** Message-ids of the front's own get-configs (never a number, so never a client's). */
const OWN_ID_PREFIX = 'router-sim-junos-';

/** The message-id and Junos RPC of an <rpc> message, or undefined for any other message. */
export function junosOperationOf(
  message: string,
): { messageId: string; rpc: JunosOperationalRpc } | undefined {
  const m = /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:[\w.-]+:)?rpc\b([^>]*)>\s*<(?:[\w.-]+:)?([\w.-]+)[\s/>]/.exec(
    message,
  );
  if (!m) return undefined;
  const rpc = JUNOS_OPERATIONAL_RPCS.find((name) => name === m[2]);
  const id = /\bmessage-id\s*=\s*(["'])(.*?)\1/.exec(m[1]!);
  return rpc && id ? { messageId: id[2]!, rpc } : undefined;
}

/** Junos writes text nodes of these replies between newlines. */
const leaf = (name: string, value: string | number): string =>
  `<${name}>\n${escapeXml(String(value))}\n</${name}>`;

function vrrpInformation(state: SimulatorState): string {
  const groups = state.vrrpGroups.map(
    (g) =>
      `<vrrp-interface>${leaf('interface', `${g.interface}.${g.unit}`)}${leaf('interface-state', 'up')}` +
      `${leaf('group', g.group)}${leaf('vrrp-state', g.state.toLowerCase())}${leaf('vrrp-mode', 'Active')}` +
      `</vrrp-interface>`,
  );
  return `<vrrp-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-vrrp" junos:style="brief">${groups.join('')}</vrrp-information>`;
}

function bgpInformation(state: SimulatorState): string {
  const peers = state.bgpPeers.map(
    (p) =>
      // The TCP port follows the address while the session is up.
      `<bgp-peer junos:style="detail"><peer-address>${escapeXml(p.neighbor)}` +
      `${p.state === 'Established' ? '+179' : ''}</peer-address>` +
      `<peer-state>${escapeXml(p.state)}</peer-state>` +
      `<peer-cfg-rti>${escapeXml(p.instance)}</peer-cfg-rti></bgp-peer>`,
  );
  return `<bgp-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-routing">${peers.join('')}</bgp-information>`;
}

/**
 * Physical interfaces with their units nested. A unit whose physical interface has no state of its
 * own is listed under a <physical-interface> without <oper-status> (nothing is claimed about it).
 */
function interfaceInformation(state: SimulatorState): string {
  const physical = new Map<string, { status?: string; units: string[] }>();
  for (const p of state.physicalInterfaces) physical.set(p.name, { status: p.operStatus, units: [] });
  for (const l of state.logicalInterfaces) {
    const dot = l.name.lastIndexOf('.');
    const parent = dot > 0 ? l.name.slice(0, dot) : l.name;
    let entry = physical.get(parent);
    if (!entry) physical.set(parent, (entry = { units: [] }));
    entry.units.push(
      `<logical-interface>${leaf('name', l.name)}${leaf('admin-status', 'up')}` +
        `${leaf('oper-status', l.operStatus)}<filter-information>\n</filter-information></logical-interface>`,
    );
  }
  const body = [...physical].map(
    ([name, e]) =>
      `<physical-interface>${leaf('name', name)}` +
      (e.status === undefined ? '' : `${leaf('admin-status', 'up')}${leaf('oper-status', e.status)}`) +
      `${e.units.join('')}</physical-interface>`,
  );
  return `<interface-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-interface" junos:style="terse">${body.join('')}</interface-information>`;
}

/** The <rpc-reply> a Junos MX would send for `rpc` in the given simulator state. */
export function renderJunosReply(rpc: JunosOperationalRpc, messageId: string, state: SimulatorState): string {
  const answer =
    rpc === 'get-vrrp-information'
      ? vrrpInformation(state)
      : rpc === 'get-bgp-neighbor-information'
        ? bgpInformation(state)
        : interfaceInformation(state);
  return (
    `<rpc-reply xmlns="${NETCONF_BASE_NS}" xmlns:junos="${JUNOS_NS}" message-id="${escapeXml(messageId)}">\n` +
    `${answer}\n</rpc-reply>`
  );
}

type Framing = 'eom' | 'chunked';
type Direction = 'client' | 'server';

const EOM = Buffer.from(']]>]]>');

interface Side {
  /** Bytes of this side's hello so far (RFC 6242 §4.1: always end-of-message framed). */
  helloBytes: Buffer;
  hello: string | undefined;
  /** Bytes after this side's hello, held until both hellos decide the framing. */
  held: Buffer[];
  decoder: Decoder | undefined;
}

const newSide = (): Side => ({ helloBytes: Buffer.alloc(0), hello: undefined, held: [], decoder: undefined });

/**
 * One NETCONF session's stream, both ways (RFC 6242: each hello ends with "]]>]]>"; after both, the
 * messages are chunked when both offered base:1.1, else end-of-message framed). Client <rpc>s for a
 * Junos operational RPC are answered from a get-config of the simulator state; every other message
 * is relayed as it came (decoded and framed again).
 */
export class JunosOpsRelay {
  private readonly sides: Record<Direction, Side> = { client: newSide(), server: newSide() };
  private framing: Framing | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, { messageId: string; rpc: JunosOperationalRpc }>();

  constructor(
    private readonly toServer: (chunk: Buffer) => void,
    private readonly toClient: (chunk: Buffer) => void,
  ) {}

  /** Bytes the client sent. */
  fromClient(chunk: Buffer): void {
    this.receive('client', chunk);
  }

  /** Bytes the server (netconfd) sent. */
  fromServer(chunk: Buffer): void {
    this.receive('server', chunk);
  }

  /** Junos RPCs waiting for the simulator state. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** The framing both hellos agreed on (undefined until both are seen). */
  get agreedFraming(): Framing | undefined {
    return this.framing;
  }

  private receive(from: Direction, chunk: Buffer): void {
    const side = this.sides[from];
    if (side.hello === undefined) {
      const bytes = Buffer.concat([side.helloBytes, chunk]);
      const at = bytes.indexOf(EOM);
      if (at < 0) {
        side.helloBytes = bytes;
        return;
      }
      side.helloBytes = Buffer.alloc(0);
      side.hello = bytes.subarray(0, at).toString('utf8');
      (from === 'client' ? this.toServer : this.toClient)(bytes.subarray(0, at + EOM.length));
      const rest = bytes.subarray(at + EOM.length);
      if (rest.length > 0) side.held.push(rest);
      if (this.sides.client.hello !== undefined && this.sides.server.hello !== undefined) this.settle();
      return;
    }
    if (!side.decoder) {
      side.held.push(chunk);
      return;
    }
    for (const message of side.decoder.push(chunk)) this.deliver(from, message);
  }

  private settle(): void {
    const both = this.sides.client.hello!.includes(BASE_11) && this.sides.server.hello!.includes(BASE_11);
    this.framing = both ? 'chunked' : 'eom';
    for (const from of ['client', 'server'] as const) {
      const side = this.sides[from];
      side.decoder = both ? new ChunkedDecoder() : new EomDecoder();
      const held = Buffer.concat(side.held.splice(0));
      if (held.length > 0) for (const message of side.decoder.push(held)) this.deliver(from, message);
    }
  }

  private encode(xml: string): Buffer {
    return this.framing === 'chunked' ? encodeChunked(xml) : encodeEom(xml);
  }

  private deliver(from: Direction, message: string): void {
    if (from === 'client') this.onClientMessage(message);
    else this.onServerMessage(message);
  }

  private onClientMessage(message: string): void {
    const op = junosOperationOf(message);
    if (!op) {
      this.toServer(this.encode(message));
      return;
    }
    const own = `${OWN_ID_PREFIX}${this.nextId++}`;
    this.pending.set(own, op);
    this.toServer(
      this.encode(`<rpc xmlns="${NETCONF_BASE_NS}" message-id="${own}">${GET_SIMULATOR_STATE_RPC}</rpc>`),
    );
  }

  private onServerMessage(message: string): void {
    const id = /<(?:[\w.-]+:)?rpc-reply\b[^>]*\bmessage-id\s*=\s*(["'])(.*?)\1/.exec(message)?.[2];
    const op = id === undefined ? undefined : this.pending.get(id);
    if (!op || id === undefined) {
      this.toClient(this.encode(message));
      return;
    }
    this.pending.delete(id);
    // An rpc-error from netconfd goes back as it is, under the client's message-id.
    const reply = /<(?:[\w.-]+:)?rpc-error\b/.test(message)
      ? message.replace(`message-id="${id}"`, `message-id="${escapeXml(op.messageId)}"`)
      : renderJunosReply(op.rpc, op.messageId, parseSimulatorState(message));
    this.toClient(this.encode(reply));
  }
}
