// RFC 6241 §8.3 (:candidate), §8.4 (:confirmed-commit) and §8.6 (:validate) composed into one
// safe change: lock → edit → validate (if the device supports it) → confirmed commit → verify →
// confirming commit → unlock; on any failure cancel-commit (if committed) → discard-changes → unlock,
// so no partial configuration stays on the device.
import type { DeviceProfile } from './devices/profile';
import { configurationXml } from './devices/profile';
import type { NetconfLogger } from './logger';
import { silentLogger } from './logger';
import type { EditConfigArgs } from './operations';
import type { DataReply, RpcReply } from './rpc';
import type { NetconfSession } from './session';

export interface CandidateTransaction {
  readonly session: NetconfSession;
  readonly profile: DeviceProfile;
  /** edit-config of the candidate with `content` wrapped in the profile's <configuration>. */
  edit(content: string, options?: Omit<EditConfigArgs, 'config' | 'target'>): Promise<RpcReply>;
  /** edit-config of the candidate with a complete <config> body. */
  editConfig(args: Omit<EditConfigArgs, 'target'>): Promise<RpcReply>;
  getCandidate(filter?: string): Promise<DataReply>;
  getRunning(filter?: string): Promise<DataReply>;
}

export interface TransactionOptions {
  /** confirm-timeout of the confirmed commit; default profile.confirmTimeoutSec. */
  confirmTimeoutSec?: number;
  /**
   * Runs after the confirmed commit and before the confirming commit (e.g. read back the running
   * config); throwing rolls the change back. Without confirmed-commit support it runs after commit.
   */
  verify?: (tx: CandidateTransaction) => Promise<void>;
  logger?: NetconfLogger;
}

function transaction(session: NetconfSession, profile: DeviceProfile): CandidateTransaction {
  const tx: CandidateTransaction = {
    session,
    profile,
    edit: (content, options = {}) =>
      tx.editConfig({ ...options, config: configurationXml(profile, content) }),
    editConfig: (args) => session.editConfig({ ...args, target: 'candidate' }),
    getCandidate: (filter) =>
      session.getConfig({ source: 'candidate', ...(filter !== undefined ? { filter } : {}) }),
    getRunning: (filter) =>
      session.getConfig({ source: 'running', ...(filter !== undefined ? { filter } : {}) }),
  };
  return tx;
}

/** Applies `work`'s edits as one confirmed change; returns what `work` returned. */
export async function withCandidateTransaction<T>(
  session: NetconfSession,
  profile: DeviceProfile,
  work: (tx: CandidateTransaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const logger = options.logger ?? silentLogger;
  const tx = transaction(session, profile);
  const log = { sessionId: session.sessionId, profile: profile.name };
  await session.lock('candidate');
  let awaitingConfirm = false;
  try {
    const value = await work(tx);
    if (profile.supportsCommitCheck) await session.validate('candidate');
    if (profile.supportsConfirmedCommit) {
      await session.commit({
        confirmed: true,
        confirmTimeoutSec: options.confirmTimeoutSec ?? profile.confirmTimeoutSec,
      });
      awaitingConfirm = true;
      if (options.verify) await options.verify(tx);
      await session.commit();
      awaitingConfirm = false;
    } else {
      await session.commit();
      if (options.verify) await options.verify(tx);
    }
    await bestEffort(() => session.unlock('candidate'), 'unlock after commit', logger, log);
    return value;
  } catch (err) {
    logger.warn({ ...log, error: (err as Error).message }, 'netconf transaction failed; rolling back');
    // A closed session needs no cleanup: the device drops its locks and reverts an unconfirmed commit.
    if (!session.closed) {
      if (awaitingConfirm) await bestEffort(() => session.cancelCommit(), 'cancel-commit', logger, log);
      await bestEffort(() => session.discardChanges(), 'discard-changes', logger, log);
      await bestEffort(() => session.unlock('candidate'), 'unlock', logger, log);
    }
    throw err;
  }
}

async function bestEffort(
  step: () => Promise<unknown>,
  what: string,
  logger: NetconfLogger,
  log: Record<string, unknown>,
): Promise<void> {
  try {
    await step();
  } catch (err) {
    logger.warn({ ...log, error: (err as Error).message }, `netconf transaction: ${what} failed`);
  }
}
