// RFC 6241 §8.3.4.1 (<commit>) and §8.4 (:confirmed-commit:1.1 — <confirmed>, <confirm-timeout>,
// <persist>, <persist-id>; §8.4.4.1 <cancel-commit>).
import type { RpcReply } from '../rpc';
import { escapeXml } from '../xml';
import type { Operation } from './operation';
import { expectOk } from './operation';

export interface CommitArgs {
  /** A confirmed commit: reverted unless confirmed within `confirmTimeoutSec` (RFC default 600). */
  confirmed?: boolean;
  confirmTimeoutSec?: number;
  /** With `confirmed`: the commit survives the session's end and is confirmed by this id. */
  persist?: string;
  /** Confirms (or, with `confirmed`, extends) a persistent confirmed commit from any session. */
  persistId?: string;
}

export interface CancelCommitArgs {
  persistId?: string;
}

function leaf(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

function buildCommit(args: CommitArgs = {}): string {
  const { confirmed = false, confirmTimeoutSec, persist, persistId } = args;
  if (!confirmed && (confirmTimeoutSec !== undefined || persist !== undefined)) {
    throw new TypeError('commit: confirmTimeoutSec and persist need confirmed: true');
  }
  if (confirmTimeoutSec !== undefined && !(Number.isInteger(confirmTimeoutSec) && confirmTimeoutSec > 0)) {
    throw new TypeError(`commit: confirmTimeoutSec must be a positive integer, got ${confirmTimeoutSec}`);
  }
  const body =
    (confirmed ? '<confirmed/>' : '') +
    leaf('confirm-timeout', confirmTimeoutSec?.toString()) +
    leaf('persist', persist) +
    leaf('persist-id', persistId);
  return body ? `<commit>${body}</commit>` : '<commit/>';
}

export const commit: Operation<CommitArgs | undefined, RpcReply> = {
  name: 'commit',
  build: buildCommit,
  parse: (reply) => expectOk(reply, 'commit'),
};

export const cancelCommit: Operation<CancelCommitArgs | undefined, RpcReply> = {
  name: 'cancel-commit',
  build: (args) => {
    const id = leaf('persist-id', args?.persistId);
    return id ? `<cancel-commit>${id}</cancel-commit>` : '<cancel-commit/>';
  },
  parse: (reply) => expectOk(reply, 'cancel-commit'),
};
