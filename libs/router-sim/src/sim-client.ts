// A deliberately small NETCONF-over-SSH session (RFC 6241 §4, RFC 6242) used by the simulator's
// own tooling and tests: health checks, resets and writing simulator-state. It verifies the host key
// against known_hosts, negotiates base:1.0 or 1.1 framing and raises on <rpc-error> of severity
// error. The product's client is libs/netconf; this one exists so that the simulator can be driven
// and checked without it.
import { Client, type ClientChannel } from 'ssh2';
import { ChunkedDecoder, EomDecoder, encodeChunked, encodeEom, type Decoder } from './framing';
import { knownHostsVerifier } from './host-keys';

export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const BASE_10 = 'urn:ietf:params:netconf:base:1.0';
const BASE_11 = 'urn:ietf:params:netconf:base:1.1';

export interface SimConnectOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  /** Host keys are always verified against this OpenSSH known_hosts file. */
  knownHostsFile: string;
  /** Offer base:1.1 (chunked framing) besides 1.0. Default true. */
  offerBase11?: boolean;
  /** Connect + SSH + hello deadline, and the default per-RPC deadline. Default 10 s. */
  timeoutMs?: number;
}

export class SimRpcError extends Error {
  override readonly name = 'SimRpcError';
  constructor(
    readonly tag: string,
    readonly errorMessage: string,
    readonly reply: string,
  ) {
    super(`rpc-error ${tag}: ${errorMessage}`);
  }
}

function textOf(xml: string, element: string): string {
  const match = new RegExp(`<(?:\\w+:)?${element}\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${element}>`).exec(xml);
  return match?.[1]?.trim() ?? '';
}

/** The first <rpc-error> of severity "error" in a reply, if any (warnings are not failures). */
export function rpcErrorOf(reply: string): SimRpcError | undefined {
  const errors = reply.match(/<(?:\w+:)?rpc-error\b[\s\S]*?<\/(?:\w+:)?rpc-error>/g) ?? [];
  for (const error of errors) {
    if (textOf(error, 'error-severity') === 'warning') continue;
    return new SimRpcError(textOf(error, 'error-tag'), textOf(error, 'error-message'), reply);
  }
  return undefined;
}

interface Pending {
  resolve: (reply: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class SimNetconfSession {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private ended = false;

  private constructor(
    private readonly client: Client,
    private readonly channel: ClientChannel,
    private decoder: Decoder,
    readonly sessionId: string,
    readonly serverCapabilities: string[],
    readonly base: '1.0' | '1.1',
    private readonly timeoutMs: number,
  ) {
    channel.on('data', (chunk: Buffer) => this.onData(chunk));
    channel.on('close', () => this.fail(new Error('NETCONF channel closed')));
    client.on('error', (err: Error) => this.fail(err));
    client.on('close', () => this.fail(new Error('SSH connection closed')));
  }

  static connect(options: SimConnectOptions): Promise<SimNetconfSession> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const client = new Client();
    return new Promise<SimNetconfSession>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(
        () => finish(new Error(`NETCONF hello timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const finish = (err: Error | undefined, session?: SimNetconfSession) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          client.end();
          client.destroy();
          reject(err);
        } else resolve(session!);
      };
      // 'on', not 'once': a failed handshake can emit more than one error.
      client.on('error', (err: Error) => finish(err));
      client.once('close', () => finish(new Error('SSH connection closed before the NETCONF hello')));
      client.once('ready', () => {
        client.subsys('netconf', (err, channel) => {
          if (err) return finish(err);
          const eom = new EomDecoder();
          const offer = options.offerBase11 === false ? [BASE_10] : [BASE_10, BASE_11];
          channel.write(
            encodeEom(
              `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_BASE_NS}"><capabilities>` +
                offer.map((c) => `<capability>${c}</capability>`).join('') +
                '</capabilities></hello>',
            ),
          );
          const onHello = (chunk: Buffer) => {
            const [hello] = eom.push(chunk);
            if (hello === undefined) return;
            channel.off('data', onHello);
            const capabilities = [...hello.matchAll(/<(?:\w+:)?capability>\s*([^<]*?)\s*<\//g)].map(
              (m) => m[1]!,
            );
            const sessionId = textOf(hello, 'session-id');
            const base = offer.includes(BASE_11) && capabilities.includes(BASE_11) ? '1.1' : '1.0';
            const decoder: Decoder = base === '1.1' ? new ChunkedDecoder() : eom;
            const session = new SimNetconfSession(
              client,
              channel,
              decoder,
              sessionId,
              capabilities,
              base,
              timeoutMs,
            );
            const rest = eom.rest();
            if (base === '1.1' && rest.length > 0) session.onData(rest);
            finish(undefined, session);
          };
          channel.on('data', onHello);
        });
      });
      client.connect({
        host: options.host,
        port: options.port,
        username: options.username,
        password: options.password,
        privateKey: options.privateKey,
        readyTimeout: timeoutMs,
        hostVerifier: knownHostsVerifier(options.knownHostsFile, options.host, options.port),
        algorithms: { serverHostKey: ['ssh-ed25519'] },
      });
      // Right after connect(), not on 'ready': with Nagle on, every SSH round trip of the handshake
      // and auth waits ~40 ms for a delayed ACK (measured: 270 ms to the first hello instead of 25).
      client.setNoDelay(true);
    });
  }

  /** False once the session is closed, by us, by the server or by the network. */
  get isOpen(): boolean {
    return !this.ended;
  }

  /** Sends one <rpc> whose body is `operation` (e.g. "<commit/>") and resolves with the whole reply. */
  rpc(operation: string, timeoutMs = this.timeoutMs): Promise<string> {
    if (this.ended) return Promise.reject(new Error('NETCONF session is closed'));
    const id = String(this.nextId++);
    const xml = `<rpc message-id="${id}" xmlns="${NETCONF_BASE_NS}">${operation}</rpc>`;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`NETCONF rpc ${id} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.channel.write(this.base === '1.1' ? encodeChunked(xml) : encodeEom(xml));
    }).then((reply) => {
      const error = rpcErrorOf(reply);
      if (error) throw error;
      return reply;
    });
  }

  /** <close-session/>, then closes the SSH connection. Never throws. */
  async close(): Promise<void> {
    if (!this.ended) {
      await this.rpc('<close-session/>', 2000).catch(() => undefined);
    }
    this.ended = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.client.end();
    });
  }

  private onData(chunk: Buffer): void {
    let messages: string[];
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      this.fail(err as Error);
      this.client.end();
      return;
    }
    for (const message of messages) {
      const id = /<(?:\w+:)?rpc-reply\b[^>]*\smessage-id="([^"]*)"/.exec(message)?.[1];
      const pending = id === undefined ? undefined : this.pending.get(id);
      if (!pending || id === undefined) continue;
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.resolve(message);
    }
  }

  private fail(err: Error): void {
    this.ended = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(err);
    }
  }
}
