// RFC 6241/6242 server side in memory, for unit tests of the session logic (message-id matching,
// framing switch, timeouts, close). Not a device simulator: replies come from a test-supplied
// handler. Integration tests use the simulated routers instead.
import { ChunkedDecoder, encodeChunked } from '../src/framing/chunked';
import type { FrameDecoder } from '../src/framing/decoder';
import { EomDecoder, encodeEom } from '../src/framing/eom';
import type { NetconfTransport } from '../src/ssh-transport';

export interface FakeRequest {
  messageId: string;
  /** The operation element name, e.g. "lock". */
  op: string;
  xml: string;
}

/** Returns the reply body (inside <rpc-reply>), or undefined to stay silent. */
export type FakeHandler = (req: FakeRequest, device: FakeDevice) => string | undefined;

const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export class FakeDevice implements NetconfTransport {
  readonly description = 'test@fake:830';
  readonly host = 'fake';
  readonly port = 830;
  readonly requests: FakeRequest[] = [];
  readonly writes: Buffer[] = [];
  private decoder: FrameDecoder = new EomDecoder();
  private chunked = false;
  private dataListeners: Array<(chunk: Buffer) => void> = [];
  private closeListeners: Array<(cause?: Error) => void> = [];
  private gone = false;

  readonly writeTimes: number[] = [];
  private readonly handler: FakeHandler;
  readonly capabilities: string[];

  constructor(
    options: {
      handler?: FakeHandler;
      capabilities?: string[];
      /** Sends the hello followed by these raw bytes in the same read. */
      afterHello?: string;
      /** Never sends a hello. */
      mute?: boolean;
    } = {},
  ) {
    this.handler = options.handler ?? (() => '<ok/>');
    this.capabilities = options.capabilities ?? [
      'urn:ietf:params:netconf:base:1.0',
      'urn:ietf:params:netconf:base:1.1',
    ];
    this.afterHello = options.afterHello ?? '';
    this.mute = options.mute ?? false;
  }
  private readonly afterHello: string;
  private readonly mute: boolean;

  /** The server hello, sent as soon as a listener is attached. */
  private sendHello(): void {
    if (this.mute) return;
    const caps = this.capabilities.map((c) => `<capability>${c}</capability>`).join('');
    const hello = `<hello xmlns="${NS}"><capabilities>${caps}</capabilities><session-id>77</session-id></hello>`;
    this.emit(Buffer.concat([encodeEom(hello), Buffer.from(this.afterHello)]));
  }

  /** Sends a reply to `messageId` now (for out-of-order tests). */
  reply(messageId: string, body: string): void {
    const xml = `<rpc-reply xmlns="${NS}" message-id="${messageId}">${body}</rpc-reply>`;
    this.emit(this.chunked ? encodeChunked(xml) : encodeEom(xml));
  }

  /** Emits raw bytes, split into reads of `size` bytes. */
  emit(bytes: Buffer, size = bytes.length): void {
    for (let off = 0; off < bytes.length; off += size) {
      const chunk = bytes.subarray(off, off + size);
      for (const l of this.dataListeners) l(chunk);
    }
  }

  write(frame: Buffer): void {
    if (this.gone) throw new Error('write after close');
    this.writes.push(frame);
    this.writeTimes.push(Date.now());
    this.decoder.push(frame);
    for (let m = this.decoder.next(); m; m = this.decoder.next()) this.onMessage(m.toString('utf8'));
  }

  private onMessage(xml: string): void {
    if (xml.includes('<hello')) {
      if (xml.includes('base:1.1') && this.capabilities.some((c) => c.endsWith('base:1.1'))) {
        this.chunked = true;
        this.decoder = new ChunkedDecoder();
      }
      return;
    }
    const messageId = /message-id="([^"]+)"/.exec(xml)?.[1] ?? '';
    const op = /<rpc[^>]*>\s*<([\w-]+)/.exec(xml)?.[1] ?? '';
    const req = { messageId, op, xml };
    this.requests.push(req);
    const body = this.handler(req, this);
    if (body !== undefined) queueMicrotask(() => this.reply(messageId, body));
    if (op === 'close-session') queueMicrotask(() => this.close());
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
    if (this.dataListeners.length === 1) queueMicrotask(() => this.sendHello());
  }

  onClose(listener: (cause?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  /** The device drops the connection. */
  close(cause?: Error): void {
    if (this.gone) return;
    this.gone = true;
    for (const l of this.closeListeners) l(cause);
  }

  end(): void {
    this.close();
  }

  destroy(): void {
    this.close();
  }
}
