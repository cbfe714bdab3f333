// Helpers for tests and scripts that drive the simulated routers: open a NETCONF session, set and
// read the simulated operational state, wipe a router, take it off the network and back.
// Every router is named by its id ('mx1' | 'mx2'); addresses, credentials and files come from the
// same environment as the stack (loadSimSettings).
import { SimNetconfSession, SimRpcError } from './sim-client';
import { loadSimSettings, simRouter, type RouterId, type SimRouter, type SimSettings } from './settings';
import type { DownMode, FrontHealth } from './ssh-front';
import {
  GET_SIMULATOR_STATE_RPC,
  JUNOS_CONF_NS,
  REMOVE_EVERYTHING_EDIT,
  parseSimulatorState,
  simulatorStateXml,
  type SimulatorState,
  type SimulatorStateKeys,
} from './simulator-state';

export interface HarnessOptions {
  settings?: SimSettings;
  /** Deadline for the whole helper call (connect, lock waits, RPCs). Default 15 s. */
  timeoutMs?: number;
}

function resolve(
  router: RouterId | SimRouter,
  options: HarnessOptions,
): { router: SimRouter; settings: SimSettings } {
  const settings = options.settings ?? loadSimSettings();
  return { router: typeof router === 'string' ? simRouter(settings, router) : router, settings };
}

/** Opens a NETCONF session to a simulated router with the stack's login and known_hosts. */
export function openSimSession(
  router: RouterId | SimRouter,
  options: HarnessOptions = {},
): Promise<SimNetconfSession> {
  const { router: target, settings } = resolve(router, options);
  return SimNetconfSession.connect({
    host: target.address,
    port: target.port,
    username: settings.login,
    password: settings.password,
    knownHostsFile: settings.knownHostsFile,
    timeoutMs: options.timeoutMs ?? 15_000,
  });
}

export async function withSimSession<T>(
  router: RouterId | SimRouter,
  fn: (session: SimNetconfSession) => Promise<T>,
  options: HarnessOptions = {},
): Promise<T> {
  const session = await openSimSession(router, options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LockOptions {
  /** Give up (rethrow the lock error) after this long. Default 15 s. */
  timeoutMs?: number;
  /** Kill the session holding the lock once it has been held against us this long (default: never). */
  killHolderAfterMs?: number;
}

/**
 * Locks the candidate, runs fn, unlocks. While another session holds the lock it retries until the
 * deadline (or kills the holder after `killHolderAfterMs`, the simulator's "clean slate").
 * Uncommitted changes nobody holds a lock for are discarded (netconfd cannot lock over them).
 */
export async function withCandidateLock<T>(
  session: SimNetconfSession,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 15_000);
  for (let attempt = 0; ; attempt++) {
    try {
      await session.rpc('<lock><target><candidate/></target></lock>');
      break;
    } catch (err) {
      if (!(err instanceof SimRpcError) || !['lock-denied', 'in-use', 'resource-denied'].includes(err.tag))
        throw err;
      if (Date.now() >= deadline) throw err;
      if (err.tag === 'resource-denied') {
        // netconfd refuses to lock a candidate with uncommitted changes, even the caller's own
        // ("candidate cannot be locked, discard-changes needed"). Nobody holds the lock, so whatever
        // is there was abandoned: drop it.
        await session.rpc('<discard-changes/>').catch(() => undefined);
        continue;
      }
      const holder = /<session-id>\s*(\d+)\s*<\/session-id>/.exec(err.reply)?.[1];
      const kill =
        options.killHolderAfterMs !== undefined && Date.now() - started >= options.killHolderAfterMs;
      if (kill && holder && holder !== '0' && holder !== session.sessionId) {
        await session
          .rpc(`<kill-session><session-id>${holder}</session-id></kill-session>`)
          .catch(() => undefined);
      } else {
        await sleep(Math.min(50 * 2 ** attempt, 500));
      }
    }
  }
  try {
    return await fn();
  } finally {
    await session.rpc('<unlock><target><candidate/></target></unlock>').catch(() => undefined);
  }
}

async function commitEdit(session: SimNetconfSession, config: string): Promise<void> {
  await session.rpc(`<edit-config><target><candidate/></target><config>${config}</config></edit-config>`);
  await session.rpc('<commit/>');
}

/**
 * Sets the operational state the collector will observe on a router (locked edit-config of
 * <simulator-state> on the candidate, then commit). Entries are merged by key unless `replace`.
 */
export async function setSimulatorState(
  router: RouterId | SimRouter,
  state: Partial<SimulatorState>,
  options: HarnessOptions & { replace?: boolean } = {},
): Promise<void> {
  await withSimSession(
    router,
    (session) =>
      withCandidateLock(
        session,
        async () => {
          await session.rpc('<discard-changes/>');
          await commitEdit(
            session,
            simulatorStateXml(state, { operation: options.replace ? 'replace' : 'merge' }),
          );
        },
        { timeoutMs: options.timeoutMs },
      ),
    options,
  );
}

/** Removes the listed simulator-state entries (by key) if present; other entries stay. */
export async function removeSimulatorState(
  router: RouterId | SimRouter,
  keys: SimulatorStateKeys,
  options: HarnessOptions = {},
): Promise<void> {
  await withSimSession(
    router,
    (session) =>
      withCandidateLock(
        session,
        async () => {
          await session.rpc('<discard-changes/>');
          await commitEdit(session, simulatorStateXml(keys, { operation: 'remove' }));
        },
        { timeoutMs: options.timeoutMs },
      ),
    options,
  );
}

/** Reads the router's simulator state the way the collector does (get-config running + subtree filter). */
export async function getSimulatorState(
  router: RouterId | SimRouter,
  options: HarnessOptions = {},
): Promise<SimulatorState> {
  return withSimSession(
    router,
    async (session) => parseSimulatorState(await session.rpc(GET_SIMULATOR_STATE_RPC)),
    options,
  );
}

/** The running Junos <configuration> of a router, as the raw get-config reply. */
export async function getRunningConfiguration(
  router: RouterId | SimRouter,
  options: HarnessOptions = {},
): Promise<string> {
  return withSimSession(
    router,
    (session) =>
      session.rpc(
        `<get-config><source><running/></source><filter type="subtree">` +
          `<configuration xmlns="${JUNOS_CONF_NS}"/></filter></get-config>`,
      ),
    options,
  );
}

/**
 * Clean slate: brings the router back on the network (unless `bringUp: false`), waits for the
 * candidate lock (killing the session that holds it after `killHolderAfterMs`, default 2 s),
 * discards uncommitted changes and commits an empty configuration and an empty simulator state.
 * Everything on the router goes: suites that share the routers must not run it concurrently.
 */
export async function resetRouter(
  router: RouterId | SimRouter,
  options: HarnessOptions & { bringUp?: boolean; killHolderAfterMs?: number } = {},
): Promise<void> {
  const { router: target, settings } = resolve(router, options);
  if (options.bringUp !== false) await controlRouter(target, 'up', { settings });
  await withSimSession(
    target,
    async (session) => {
      if (session.base !== '1.1')
        throw new Error(`resetRouter needs base:1.1 (operation="remove"), got ${session.base}`);
      await withCandidateLock(
        session,
        async () => {
          await session.rpc('<discard-changes/>');
          await session.rpc(REMOVE_EVERYTHING_EDIT);
          await session.rpc('<commit/>');
        },
        { timeoutMs: options.timeoutMs, killHolderAfterMs: options.killHolderAfterMs ?? 2000 },
      );
    },
    { ...options, settings },
  );
}

export type ControlAction = 'up' | 'down' | 'hang' | 'health';

/**
 * Calls the router's control endpoint: 'down' refuses connections, 'hang' accepts TCP but never
 * speaks SSH, 'up' restores it; all three drop open sessions except 'up'. Returns the front's health.
 */
export async function controlRouter(
  router: RouterId | SimRouter,
  action: ControlAction,
  options: HarnessOptions = {},
): Promise<FrontHealth> {
  const { router: target, settings } = resolve(router, options);
  const base = `http://${settings.controlHost}:${target.controlPort}`;
  const request =
    action === 'health'
      ? { path: '/health', method: 'GET' }
      : {
          path: action === 'up' ? '/up' : `/down?mode=${action === 'hang' ? 'hang' : 'refuse'}`,
          method: 'POST',
        };
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const body = (await res.json()) as FrontHealth & { error?: string };
  if (!res.ok)
    throw new Error(`router-sim control ${action} on ${target.id}: ${res.status} ${body.error ?? ''}`);
  return body;
}

export type { DownMode };
