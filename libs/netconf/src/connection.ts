// RFC 6242 §4 (message framing, and the switch from end-of-message to chunked framing after the
// <hello> exchange) and RFC 6241 §8.1 (the hello exchange itself): turns a transport's byte stream
// into whole XML messages and sends each framed message in one write.
import { setTimeout as sleep } from 'node:timers/promises';
import { FramingError, TransportError } from './errors';
import type { TransportErrorDetails } from './errors';
import { ChunkedDecoder, encodeChunked } from './framing/chunked';
import type { FrameDecoder } from './framing/decoder';
import { EomDecoder, encodeEom } from './framing/eom';
import type { Framing, ServerHello } from './hello';
import { buildClientHello, chooseFraming, parseServerHello } from './hello';
import type { NetconfLogger } from './logger';
import type { NetconfTransport } from './ssh-transport';

export interface ConnectionHandlers {
  /** A complete message after the hello exchange (UTF-8 decoded). */
  onMessage(xml: string): void;
  /** Called once when the connection is gone (transport closed, framing or protocol error). */
  onClose(reason: Error): void;
}

export interface HelloOptions {
  offered: 'auto' | 'eom';
  timeoutMs: number;
  /** Minimum time between the client <hello> and the next write (device quirk). */
  postHelloDelayMs: number;
}

export class FramedConnection {
  private decoder: FrameDecoder;
  private mode: Framing = 'eom';
  private hello: ServerHello | undefined;
  private helloWaiter: { resolve: (xml: string) => void; reject: (err: Error) => void } | undefined;
  /** The server hello was read; stop decoding until the framing is chosen. */
  private awaitingFramingSwitch = false;
  private reason: Error | undefined;

  constructor(
    readonly transport: NetconfTransport,
    private readonly handlers: ConnectionHandlers,
    private readonly logger: NetconfLogger,
    private readonly maxMessageBytes?: number,
  ) {
    this.decoder = new EomDecoder(maxMessageBytes);
    transport.onData((chunk) => this.onData(chunk));
    transport.onClose((cause) => this.onTransportClose(cause));
  }

  get framing(): Framing {
    return this.mode;
  }
  get closeReason(): Error | undefined {
    return this.reason;
  }
  details(): Required<Pick<TransportErrorDetails, 'host' | 'port' | 'bufferedBytes'>> {
    return {
      host: this.transport.host,
      port: this.transport.port,
      bufferedBytes: this.decoder.bufferedBytes,
    };
  }

  /** Sends the client hello, awaits the server hello, picks the framing, honours the delay. */
  async exchangeHellos({ offered, timeoutMs, postHelloDelayMs }: HelloOptions): Promise<ServerHello> {
    const serverHello = new Promise<string>((resolve, reject) => (this.helloWaiter = { resolve, reject }));
    this.transport.write(encodeEom(buildClientHello(offered)));
    const sentAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const message = `no NETCONF <hello> from ${this.transport.description} within ${timeoutMs} ms`;
      timer = setTimeout(() => reject(new TransportError(message, this.details())), timeoutMs);
    });
    let hello: ServerHello;
    try {
      hello = parseServerHello(await Promise.race([serverHello, timeout]));
    } finally {
      clearTimeout(timer);
      this.helloWaiter = undefined;
    }
    this.hello = hello;
    this.mode = chooseFraming(offered, hello);
    if (this.mode === 'chunked') {
      const rest = (this.decoder as EomDecoder).takeRemainder();
      this.decoder = new ChunkedDecoder(this.maxMessageBytes);
      this.decoder.push(rest);
    }
    this.awaitingFramingSwitch = false;
    this.drain();
    const wait = postHelloDelayMs - (Date.now() - sentAt);
    if (wait > 0) await sleep(wait);
    return hello;
  }

  /** Frames one message in the negotiated framing and writes it in a single write. */
  send(xml: string): void {
    this.transport.write(this.mode === 'chunked' ? encodeChunked(xml) : encodeEom(xml));
  }

  /** Marks the connection gone (first reason wins), tears down the transport, notifies once. */
  shutdown(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.helloWaiter?.reject(reason);
    this.transport.destroy();
    this.handlers.onClose(reason);
  }

  private onData(chunk: Buffer): void {
    if (this.reason) return;
    this.decoder.push(chunk);
    this.drain();
  }

  private drain(): void {
    try {
      while (!this.awaitingFramingSwitch && !this.reason) {
        const message = this.decoder.next();
        if (!message) return;
        const xml = message.toString('utf8');
        if (this.hello) {
          this.handlers.onMessage(xml);
        } else {
          this.awaitingFramingSwitch = true;
          this.helloWaiter?.resolve(xml);
        }
      }
    } catch (err) {
      const reason =
        err instanceof FramingError
          ? err
          : new TransportError(`invalid NETCONF message from ${this.transport.description}`, this.details(), {
              cause: err,
            });
      this.logger.error({ host: this.transport.host, error: reason.message }, 'netconf protocol error');
      this.shutdown(reason);
    }
  }

  private onTransportClose(cause?: Error): void {
    const session = this.hello ? `NETCONF session ${this.hello.sessionId}` : 'NETCONF session (before hello)';
    const message = `${session} to ${this.transport.description} closed${cause ? `: ${cause.message}` : ''}`;
    this.shutdown(new TransportError(message, this.details(), { cause }));
  }
}
