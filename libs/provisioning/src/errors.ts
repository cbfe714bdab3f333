// Errors of a router change, and which of them are worth another attempt (STYLE.md #5, #11):
// transport failures and timeouts are (the router may come back before the deadline), and so is a
// candidate locked by someone else; an rpc-error, a failed commit or verification is not — the
// router said no, and it will say no again (DOMAIN.md §10.6).
import { LockError, NetconfError, RpcError, TransportError } from '@gohan-es/netconf';
import { redactSecrets } from '@gohan-es/netconf';

/** A change failed on one router; `router` is its name as the result events report it. */
export class RouterChangeError extends Error {
  override readonly name = 'RouterChangeError';
  constructor(
    readonly router: string,
    readonly retriable: boolean,
    /** The router's own message (rpc-error message) or the transport failure, secrets redacted. */
    readonly deviceMessage: string,
    options: { cause: unknown },
  ) {
    super(`${router}: ${deviceMessage}`, options);
  }
}

/** After the commit, get-config does not show the intended config. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  readonly retriable = false;
}

/** The resource cannot be rendered for its routers (missing reference, conflicting config). */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly retriable = false;
}

const CONTENTION_TAGS = ['lock-denied', 'in-use', 'resource-denied'];

/** True for a candidate another session holds (or left dirty): waiting may help. */
export function isLockContention(error: unknown): boolean {
  const rpc = error instanceof LockError ? error.cause : error instanceof RpcError ? error : undefined;
  return rpc !== undefined && CONTENTION_TAGS.includes(rpc.tag);
}

export function isRetriable(error: unknown): boolean {
  if (error instanceof RouterChangeError) return error.retriable;
  if (isLockContention(error)) return true;
  // A host key that does not match known_hosts will not match on the next attempt either.
  if (error instanceof TransportError && error.details.fingerprint !== undefined) return false;
  return error instanceof NetconfError && error.retriable;
}

/** The message a result event carries: the device's error-message when there is one. */
export function deviceMessageOf(error: unknown): string {
  if (error instanceof RouterChangeError) return error.deviceMessage;
  const rpc = error instanceof RpcError ? error : (error as { cause?: unknown })?.cause;
  if (rpc instanceof RpcError) {
    const text = rpc.deviceMessage || rpc.tag;
    return redactSecrets(rpc.path ? `${text} (${rpc.tag} at ${rpc.path})` : `${text} (${rpc.tag})`);
  }
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
