// RFC 6241 §4.1: message-id generation and reply matching. Several RPCs may be in flight
// (pipelining); each reply is matched to its request by message-id, each request has a timeout.
import { RpcTimeoutError } from './errors';
import type { XmlObject } from './xml';

export interface ReceivedReply {
  raw: string;
  content: XmlObject;
}

interface Entry {
  rpc: string;
  timer: NodeJS.Timeout;
  resolve: (reply: ReceivedReply) => void;
  reject: (err: Error) => void;
}

/** The table of in-flight RPCs of one session. */
export class PendingRpcs {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;

  constructor(private readonly onTimeout: (err: RpcTimeoutError) => void = () => undefined) {}

  get size(): number {
    return this.entries.size;
  }

  /** Registers a request; the promise settles with its reply, a RpcTimeoutError or failAll(). */
  add(rpc: string, timeoutMs: number): { messageId: string; reply: Promise<ReceivedReply> } {
    const messageId = String(this.nextId++);
    const reply = new Promise<ReceivedReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.entries.delete(messageId);
        const err = new RpcTimeoutError(rpc, messageId, timeoutMs);
        this.onTimeout(err);
        reject(err);
      }, timeoutMs);
      this.entries.set(messageId, { rpc, timer, resolve, reject });
    });
    return { messageId, reply };
  }

  /**
   * Settles the request a reply answers. A reply without message-id (a server that could not parse
   * the request) goes to the oldest request. Returns the RPC name, or undefined when none matches.
   */
  settle(
    messageId: string | undefined,
    reply: ReceivedReply,
  ): { rpc: string; messageId: string } | undefined {
    const id = messageId ?? this.entries.keys().next().value;
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry || id === undefined) return undefined;
    this.entries.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(reply);
    return { rpc: entry.rpc, messageId: id };
  }

  /** Rejects every in-flight request (the session is gone). */
  failAll(err: Error): void {
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      entry.reject(err);
    }
    this.entries.clear();
  }
}
