// One router's part of a pair transaction (RFC 6241 §8.3 :candidate, §8.4 :confirmed-commit, §8.6
// :validate), split in phases so that the pair can hold the primary's change open while the
// secondary is changed:
//   prepare: lock candidate → get-config running → diff against the desired config (only the
//            subtrees Gohan-ES manages) → nothing to do? done : edit-config → validate (commit
//            check, where the device profile supports it) → confirmed commit → verify (get-config
//            shows the intended config)
//   finish:  confirming commit → unlock
//   abort:   cancel-commit (if committed) → discard-changes → unlock
// A session that dies before `finish` makes the device revert the confirmed commit by itself.
import { parseConfigXml, planRouter } from '@gohan-es/junos';
import type { ConfigPath, ConfigTree, Role } from '@gohan-es/junos';
import { configurationXml } from '@gohan-es/netconf';
import type { DeviceProfile, NetconfSession } from '@gohan-es/netconf';
import { retry } from '@gohan-es/events';
import { VerifyError, isLockContention } from './errors';
import type { RouterTarget } from './source';

export interface RouterPlan {
  readonly target: RouterTarget;
  readonly role: Role;
  /** The router's whole desired config after the change. */
  readonly desired: ConfigTree;
  /** Managed subtrees of the config before the change (so what goes away is removed). */
  readonly extraScope: readonly ConfigPath[];
}

export interface CommitOptions {
  profile: DeviceProfile;
  confirmTimeoutSec: number;
  /** How long to wait for a candidate another session holds (ms). */
  lockWaitMs: number;
}

export interface PreparedRouter {
  readonly plan: RouterPlan;
  readonly session: NetconfSession;
  /** Something was pushed (and committed, confirmed or not). */
  readonly changed: boolean;
  /** The `[edit ...]` text of what was pushed (secrets masked), '' when nothing. */
  readonly text: string;
  /** Awaiting the confirming commit. */
  readonly pendingConfirm: boolean;
}

/** Reads the running `<configuration>` and parses it. */
export async function runningConfig(session: NetconfSession, profile: DeviceProfile): Promise<ConfigTree> {
  const reply = await session.getConfig({ source: 'running', filter: configurationXml(profile, '') });
  return parseConfigXml(reply.raw);
}

/**
 * Locks the candidate, waiting up to `waitMs` while someone else holds it. A candidate nobody
 * holds but left with uncommitted changes (netconfd refuses the lock: resource-denied) is
 * discarded first: those edits were abandoned by a session that is gone.
 */
export async function lockCandidate(session: NetconfSession, waitMs: number): Promise<void> {
  await retry(
    async () => {
      try {
        await session.lock('candidate');
      } catch (error) {
        if (isLockContention(error) && (error as { tag?: string }).tag === 'resource-denied')
          await session.discardChanges().catch(() => undefined);
        throw error;
      }
    },
    {
      retries: Number.MAX_SAFE_INTEGER,
      initialMs: 20,
      factor: 1.5,
      maxMs: 250,
      deadlineMs: waitMs,
      isRetriable: isLockContention,
    },
  );
}

export async function prepareRouter(
  session: NetconfSession,
  plan: RouterPlan,
  options: CommitOptions,
): Promise<PreparedRouter> {
  const { profile } = options;
  const render = { namespace: profile.configNamespace, extraScope: plan.extraScope, pretty: false };
  await lockCandidate(session, options.lockWaitMs);
  let committed = false;
  try {
    const change = planRouter(plan.desired, await runningConfig(session, profile), render);
    if (change.xml === undefined) return { plan, session, changed: false, text: '', pendingConfirm: false };
    await session.editConfig({ target: 'candidate', config: change.xml });
    if (profile.supportsCommitCheck) await session.validate('candidate');
    const confirmed = profile.supportsConfirmedCommit;
    await session.commit(
      confirmed ? { confirmed: true, confirmTimeoutSec: options.confirmTimeoutSec } : undefined,
    );
    committed = true;
    const left = planRouter(plan.desired, await runningConfig(session, profile), render);
    if (left.xml !== undefined)
      throw new VerifyError(
        `${plan.target.name}: running config differs from the intended one:\n${left.text}`,
      );
    return { plan, session, changed: true, text: change.text, pendingConfirm: confirmed };
  } catch (error) {
    await abortRouter({
      plan,
      session,
      changed: committed,
      text: '',
      pendingConfirm: committed && profile.supportsConfirmedCommit,
    });
    throw error;
  }
}

/** The confirming commit (if one is pending), then unlock. */
export async function finishRouter(prepared: PreparedRouter): Promise<void> {
  if (prepared.pendingConfirm) await prepared.session.commit();
  await prepared.session.unlock('candidate').catch(() => undefined);
}

/** Best effort: cancel a pending confirmed commit, drop the candidate's edits, unlock. */
export async function abortRouter(prepared: PreparedRouter): Promise<void> {
  const { session } = prepared;
  if (session.closed) return; // the device reverts an unconfirmed commit and drops the lock itself
  if (prepared.pendingConfirm) await session.cancelCommit().catch(() => undefined);
  await session.discardChanges().catch(() => undefined);
  await session.unlock('candidate').catch(() => undefined);
}
