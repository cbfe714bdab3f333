// Typed NETCONF errors. RFC 6241 §4.3 (<rpc-error>: type, tag, severity, app-tag, path, message,
// info) and RFC 6242 §4 (framing). Only transport errors and timeouts are retriable.
import { redactSecrets } from './redact';

/** One <rpc-error> element of an <rpc-reply> (RFC 6241 §4.3). Also used for warnings. */
export interface RpcErrorDetail {
  type: string;
  tag: string;
  severity: 'error' | 'warning';
  appTag?: string;
  /** error-path, an XPath; treat it as opaque. */
  path?: string;
  message: string;
  /** Parsed <error-info> children (e.g. session-id, bad-element), empty when absent. */
  info: Record<string, unknown>;
}

export interface TransportErrorDetails {
  host?: string;
  port?: number;
  /** SHA256 fingerprint of the presented host key ("SHA256:..."), for host-key failures. */
  fingerprint?: string;
  /** Bytes received but not yet framed into a message when the session closed. */
  bufferedBytes?: number;
}

/** Abstract base so callers can catch any error of this library. */
export abstract class NetconfError extends Error {
  abstract readonly retriable: boolean;
}

/** SSH/TCP failure, authentication or host-key rejection, or the session closing under an RPC. */
export class TransportError extends NetconfError {
  override readonly name = 'TransportError';
  readonly retriable = true;
  constructor(
    message: string,
    readonly details: TransportErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The byte stream violates RFC 6242 framing (bad chunk header, oversize message...). */
export class FramingError extends NetconfError {
  override readonly name = 'FramingError';
  readonly retriable = false;
}

/** The reply carried at least one <rpc-error> of severity "error". */
export class RpcError extends NetconfError {
  override readonly name = 'RpcError';
  readonly retriable = false;
  readonly type: string;
  readonly tag: string;
  readonly severity: 'error' | 'warning';
  readonly appTag?: string;
  readonly path?: string;
  readonly info: Record<string, unknown>;
  /** The device's own error-message of the first error. */
  readonly deviceMessage: string;

  constructor(
    /** Every <rpc-error> of the reply, errors and warnings, in document order. */
    readonly rpcErrors: RpcErrorDetail[],
    /** The RPC name (e.g. "edit-config") and message-id, for the message. */
    readonly rpc: string,
    readonly messageId: string,
    /** The reply XML with secrets redacted. */
    readonly replyXml: string,
  ) {
    const first = rpcErrors.find((e) => e.severity === 'error') ?? rpcErrors[0];
    if (!first) throw new TypeError('RpcError needs at least one rpc-error');
    const more = rpcErrors.filter((e) => e.severity === 'error').length - 1;
    super(
      redactSecrets(
        `${rpc} failed: ${first.tag}: ${first.message || '(no message)'}` +
          (first.path ? ` (path ${first.path})` : '') +
          (more > 0 ? ` (+${more} more error${more > 1 ? 's' : ''})` : ''),
      ),
    );
    this.type = first.type;
    this.tag = first.tag;
    this.severity = first.severity;
    this.appTag = first.appTag;
    this.path = first.path;
    this.info = first.info;
    this.deviceMessage = first.message;
  }
}

/** No reply arrived within the per-RPC timeout. The session stays usable; a late reply is dropped. */
export class RpcTimeoutError extends NetconfError {
  override readonly name = 'RpcTimeoutError';
  readonly retriable = true;
  constructor(
    readonly rpc: string,
    readonly messageId: string,
    readonly timeoutMs: number,
  ) {
    super(`${rpc} (message-id ${messageId}) got no reply within ${timeoutMs} ms`);
  }
}

/** Intent-level errors wrap the RpcError as `cause`. */
abstract class IntentError extends NetconfError {
  readonly retriable = false;
  constructor(
    message: string,
    override readonly cause: RpcError,
  ) {
    super(`${message}: ${cause.message}`, { cause });
  }
  get tag(): string {
    return this.cause.tag;
  }
}

/** lock/unlock refused (typically lock-denied; `holderSessionId` names the holder). */
export class LockError extends IntentError {
  override readonly name = 'LockError';
  get holderSessionId(): string | undefined {
    const id = this.cause.info['session-id'];
    return id === undefined ? undefined : String(id);
  }
}

/** edit-config refused. */
export class ConfigLoadError extends IntentError {
  override readonly name = 'ConfigLoadError';
}

/** validate (commit check), commit, confirming commit or cancel-commit refused. */
export class CommitError extends IntentError {
  override readonly name = 'CommitError';
}

/** Runs `fn`; an RpcError it throws is wrapped in the intent-level error `Wrap`. */
export async function wrapRpcError<T>(
  fn: () => Promise<T>,
  Wrap: new (message: string, cause: RpcError) => NetconfError,
  message: string,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RpcError) throw new Wrap(message, err);
    throw err;
  }
}
