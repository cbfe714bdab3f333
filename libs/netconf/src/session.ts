// RFC 6241 §4 (<rpc>/<rpc-reply>, message-id, pipelining), §7-§8 (operations) and §8.1 (session
// start). One NetconfSession per SSH "netconf" channel; framing lives in FramedConnection.
import { FramedConnection } from './connection';
import { junosProfile } from './devices/junos';
import type { DeviceProfile } from './devices/profile';
import { CommitError, ConfigLoadError, LockError, TransportError, wrapRpcError } from './errors';
import type { Framing, ServerHello } from './hello';
import { hasCapability as helloHasCapability } from './hello';
import type { NetconfLogger } from './logger';
import { silentLogger } from './logger';
import type {
  CancelCommitArgs,
  CommitArgs,
  Datastore,
  EditConfigArgs,
  GetArgs,
  GetConfigArgs,
  Operation,
} from './operations';
import {
  cancelCommit,
  closeSession,
  commit,
  discardChanges,
  editConfig,
  get,
  getConfig,
  lock,
  unlock,
  validate,
} from './operations';
import { PendingRpcs } from './pending';
import { redactSecrets } from './redact';
import type { DataReply, RpcReply } from './rpc';
import { interpretReply, parseMessage, replyMessageId, wrapRpc } from './rpc';
import type { NetconfTransport, SshTransportOptions } from './ssh-transport';
import { openSshTransport } from './ssh-transport';
import type { ParseOptions } from './xml';
import { firstElementName } from './xml';

export interface SessionOptions {
  /** Device quirks (post-hello delay, default RPC timeout); default junosProfile. */
  profile?: DeviceProfile;
  /** 'auto' offers base:1.1 (chunked when the server agrees); 'eom' forces 1.0 framing. */
  framing?: 'auto' | 'eom';
  /** Default per-RPC timeout; default profile.rpcTimeoutMs. */
  rpcTimeoutMs?: number;
  /** Hello exchange deadline (connect(): the whole connect); default 15000. */
  connectTimeoutMs?: number;
  maxMessageBytes?: number;
  /** Which element names parse to arrays (default: the junos-conf-root lists). */
  parse?: ParseOptions;
  logger?: NetconfLogger;
  /** Log each request and reply XML (redacted) at debug level. */
  logXml?: boolean;
}

export type ConnectOptions = SessionOptions & SshTransportOptions;

export interface RpcOptions {
  timeoutMs?: number;
}

export class NetconfSession {
  private readonly connection: FramedConnection;
  private hello: ServerHello | undefined;
  private readonly pending: PendingRpcs;
  private readonly closeListeners: Array<(reason: Error) => void> = [];
  readonly profile: DeviceProfile;
  private readonly logger: NetconfLogger;

  private constructor(
    private readonly transport: NetconfTransport,
    private readonly options: SessionOptions,
  ) {
    this.profile = options.profile ?? junosProfile;
    this.logger = options.logger ?? silentLogger;
    this.pending = new PendingRpcs((err) =>
      this.logger.warn(
        { rpc: err.rpc, messageId: err.messageId, timeoutMs: err.timeoutMs, host: transport.host },
        'netconf rpc timed out',
      ),
    );
    const handlers = {
      onMessage: (xml: string) => this.onMessage(xml),
      onClose: (r: Error) => this.onClosed(r),
    };
    this.connection = new FramedConnection(transport, handlers, this.logger, options.maxMessageBytes);
  }

  /** SSH connect + hello exchange, all within `connectTimeoutMs`. */
  static async connect(options: ConnectOptions): Promise<NetconfSession> {
    const startedAt = Date.now();
    const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    const transport = await openSshTransport({ ...options, connectTimeoutMs });
    const left = Math.max(1, connectTimeoutMs - (Date.now() - startedAt));
    return NetconfSession.open(transport, { ...options, connectTimeoutMs: left });
  }

  /** Runs the hello exchange over an open transport. */
  static async open(transport: NetconfTransport, options: SessionOptions = {}): Promise<NetconfSession> {
    const session = new NetconfSession(transport, options);
    try {
      session.hello = await session.connection.exchangeHellos({
        offered: options.framing ?? 'auto',
        timeoutMs: options.connectTimeoutMs ?? 15_000,
        postHelloDelayMs: session.profile.postHelloDelayMs,
      });
    } catch (err) {
      transport.destroy();
      throw err;
    }
    const { host, port } = transport;
    session.logger.info(
      { host, port, sessionId: session.sessionId, framing: session.framing },
      'netconf session open',
    );
    return session;
  }

  get sessionId(): string {
    return this.hello?.sessionId ?? '';
  }
  get serverCapabilities(): readonly string[] {
    return this.hello?.capabilities ?? [];
  }
  get framing(): Framing {
    return this.connection.framing;
  }
  get closed(): boolean {
    return this.connection.closeReason !== undefined;
  }
  get inFlight(): number {
    return this.pending.size;
  }
  hasCapability(uri: string): boolean {
    return this.hello !== undefined && helloHasCapability(this.hello, uri);
  }

  /** Called once when the session is gone, with the error that failed pending RPCs. */
  onClose(listener: (reason: Error) => void): () => void {
    const reason = this.connection.closeReason;
    if (reason) queueMicrotask(() => listener(reason));
    else this.closeListeners.push(listener);
    return () => {
      const i = this.closeListeners.indexOf(listener);
      if (i >= 0) this.closeListeners.splice(i, 1);
    };
  }

  /** Sends one operation (the XML inside <rpc>); resolves with the reply or throws RpcError. */
  async rpc(operationXml: string, options: RpcOptions = {}): Promise<RpcReply> {
    const rpc = firstElementName(operationXml);
    const closedBy = this.connection.closeReason;
    if (closedBy) {
      const message = `${rpc}: session to ${this.transport.description} is closed`;
      throw new TransportError(message, this.connection.details(), { cause: closedBy });
    }
    const timeoutMs = options.timeoutMs ?? this.options.rpcTimeoutMs ?? this.profile.rpcTimeoutMs;
    const { messageId, reply: replied } = this.pending.add(rpc, timeoutMs);
    const xml = wrapRpc(messageId, operationXml);
    const startedAt = Date.now();
    if (this.options.logXml)
      this.logger.debug({ rpc, messageId, xml: redactSecrets(xml) }, 'netconf rpc request');
    this.connection.send(xml);
    const { raw, content } = await replied;
    const log = { rpc, messageId, durationMs: Date.now() - startedAt, host: this.transport.host };
    try {
      const reply = interpretReply(raw, content, rpc, messageId);
      this.logger.debug({ ...log, warnings: reply.warnings.length }, 'netconf rpc ok');
      return reply;
    } catch (err) {
      this.logger.warn({ ...log, error: (err as Error).message }, 'netconf rpc-error');
      throw err;
    }
  }

  /** Builds, sends and parses one typed operation. */
  async execute<A, R>(op: Operation<A, R>, args: A, options?: RpcOptions): Promise<R> {
    return op.parse(await this.rpc(op.build(args), options));
  }

  lock(target: Datastore = 'candidate', o?: RpcOptions): Promise<RpcReply> {
    return wrapRpcError(
      () => this.execute(lock, { target }, o),
      LockError,
      `lock ${target} on ${this.transport.host}`,
    );
  }
  unlock(target: Datastore = 'candidate', o?: RpcOptions): Promise<RpcReply> {
    const what = `unlock ${target} on ${this.transport.host}`;
    return wrapRpcError(() => this.execute(unlock, { target }, o), LockError, what);
  }
  editConfig(args: EditConfigArgs, o?: RpcOptions): Promise<RpcReply> {
    const what = `edit-config on ${this.transport.host}`;
    return wrapRpcError(() => this.execute(editConfig, args, o), ConfigLoadError, what);
  }
  validate(source: Datastore = 'candidate', o?: RpcOptions): Promise<RpcReply> {
    const what = `validate (commit check) on ${this.transport.host}`;
    return wrapRpcError(() => this.execute(validate, { source }, o), CommitError, what);
  }
  /** Plain, confirmed (`confirmed: true`) or confirming commit. */
  commit(args?: CommitArgs, o?: RpcOptions): Promise<RpcReply> {
    const what = `${args?.confirmed ? 'confirmed commit' : 'commit'} on ${this.transport.host}`;
    return wrapRpcError(() => this.execute(commit, args, o), CommitError, what);
  }
  cancelCommit(args?: CancelCommitArgs, o?: RpcOptions): Promise<RpcReply> {
    const what = `cancel-commit on ${this.transport.host}`;
    return wrapRpcError(() => this.execute(cancelCommit, args, o), CommitError, what);
  }
  discardChanges(o?: RpcOptions): Promise<RpcReply> {
    return this.execute(discardChanges, undefined, o);
  }
  getConfig(args: GetConfigArgs, o?: RpcOptions): Promise<DataReply> {
    return this.execute(getConfig, args, o);
  }
  get(args?: GetArgs, o?: RpcOptions): Promise<DataReply> {
    return this.execute(get, args, o);
  }

  /** <close-session> (bounded by `timeoutMs`), then closes the transport. Never throws. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.closed) return;
    const gone = new Promise<void>((resolve) => this.onClose(() => resolve()));
    try {
      await this.execute(closeSession, undefined, { timeoutMs });
    } catch (err) {
      this.logger.debug(
        { host: this.transport.host, error: (err as Error).message },
        'netconf close-session failed',
      );
    }
    this.transport.end();
    const forced = setTimeout(() => this.transport.destroy(), timeoutMs);
    await gone;
    clearTimeout(forced);
  }

  /** Tears the transport down at once; pending RPCs fail with TransportError. */
  destroy(): void {
    this.transport.destroy();
  }

  private onMessage(xml: string): void {
    const { root, content } = parseMessage(xml, this.options.parse);
    if (root !== 'rpc-reply') {
      this.logger.debug({ host: this.transport.host, root }, 'netconf: ignoring non-reply message');
      return;
    }
    const id = replyMessageId(content);
    const matched = this.pending.settle(id, { raw: xml, content });
    if (!matched) {
      const log = { host: this.transport.host, messageId: id };
      this.logger.warn(log, 'netconf: reply matches no pending rpc (late or unknown)');
    } else if (this.options.logXml) {
      this.logger.debug({ ...matched, xml: redactSecrets(xml) }, 'netconf rpc reply');
    }
  }

  /** Fails every pending RPC with the reason and notifies listeners. */
  private onClosed(reason: Error): void {
    this.pending.failAll(reason);
    if (this.hello) {
      const log = { host: this.transport.host, sessionId: this.sessionId, reason: reason.message };
      this.logger.info(log, 'netconf session closed');
    }
    for (const l of this.closeListeners.splice(0)) l(reason);
  }
}
