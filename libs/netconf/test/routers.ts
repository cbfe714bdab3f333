// Integration-test helpers: where the simulated routers are (RFC 6242 §3: SSH "netconf"
// subsystem) and how to build/clean the configuration nodes the tests write.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { configurationXml } from '../src/devices/profile';
import { simulatorProfile } from '../src/devices/simulator';
import { LockError } from '../src/errors';
import type { ConnectOptions } from '../src/session';
import { NetconfSession } from '../src/session';

const root = path.resolve(__dirname, '../../..');

export const routerEnv = {
  mx1: process.env['MX1_ADDRESS'] ?? '127.0.0.11',
  mx2: process.env['MX2_ADDRESS'] ?? '127.0.0.12',
  port: Number(process.env['ROUTER_SSH_PORT'] ?? 8830),
  username: process.env['ROUTER_LOGIN'] ?? 'esi',
  password: process.env['ROUTER_PASSWORD'] ?? 'esi',
  knownHostsFile: process.env['ROUTER_KNOWN_HOSTS'] ?? path.join(root, '.stack/routers/known_hosts'),
};

export function connectOptions(host: string, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    host,
    port: routerEnv.port,
    username: routerEnv.username,
    password: routerEnv.password,
    knownHostsFile: routerEnv.knownHostsFile,
    profile: simulatorProfile,
    connectTimeoutMs: 10_000,
    ...extra,
  };
}

export function connect(host: string, extra: Partial<ConnectOptions> = {}): Promise<NetconfSession> {
  return NetconfSession.connect(connectOptions(host, extra));
}

/** Polls `pred` until it returns true, or fails with `message` after `timeoutMs`. */
export async function waitFor(
  pred: () => Promise<boolean>,
  { timeoutMs, message, intervalMs = 100 }: { timeoutMs: number; message: string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await sleep(intervalMs);
  }
}

/** A test-owned interface name, unique per run so parallel runs do not collide. */
export function testInterface(tag: string): string {
  return `ge-9/${process.pid % 1000}/${tag}`;
}

/** <interfaces> content for one unit with a VRRP group (the model the provisioner pushes). */
export function unitXml(
  ifName: string,
  unit: number,
  opts: { description?: string; operation?: string } = {},
): string {
  const op = opts.operation ? ` operation="${opts.operation}"` : '';
  return (
    `<interfaces><interface><name>${ifName}</name><unit${op}><name>${unit}</name>` +
    `<description>${opts.description ?? 'netconf int test'}</description><vlan-id>${unit}</vlan-id>` +
    '<family><inet><address><name>192.0.2.2/24</name><vrrp-group><name>20</name>' +
    '<virtual-address>192.0.2.1</virtual-address><priority>200</priority></vrrp-group></address></inet></family>' +
    '</unit></interface></interfaces>'
  );
}

/** Subtree filter selecting one interface. */
export function interfaceFilter(ifName: string): string {
  return configurationXml(
    simulatorProfile,
    `<interfaces><interface><name>${ifName}</name></interface></interfaces>`,
  );
}

/** The interface as the running (or candidate) datastore has it, or undefined. */
export async function readInterface(
  session: NetconfSession,
  ifName: string,
  source: 'running' | 'candidate' = 'running',
): Promise<Record<string, unknown> | undefined> {
  const reply = await session.getConfig({ source, filter: interfaceFilter(ifName) });
  const conf = reply.data['configuration'];
  if (!conf || typeof conf !== 'object' || Array.isArray(conf)) return undefined;
  const ifs = (conf['interfaces'] as { interface?: Array<Record<string, unknown>> } | undefined)?.interface;
  return ifs?.find((i) => i['name'] === ifName);
}

/** True when `err` is a lock refused because another session holds it. */
export function isLockDenied(err: unknown): boolean {
  return err instanceof LockError && err.tag === 'lock-denied';
}

/** True when netconfd refuses a lock because a confirmed commit (of any session) is pending. */
export function isConfirmedCommitPending(err: unknown): boolean {
  return (
    err instanceof LockError && err.tag === 'in-use' && err.cause.appTag === 'outstanding-confirmed-commit'
  );
}

/**
 * Locks the candidate, waiting while other test sessions (the candidate is shared) hold it or have
 * a confirmed commit pending. netconfd only fires a confirm-timeout after about 1 s without any
 * request, so while one is pending this polls every 1.5 s instead of starving it.
 */
export async function lockCandidate(session: NetconfSession, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await session.lock();
      return;
    } catch (err) {
      const pending = isConfirmedCommitPending(err);
      if (!(pending || isLockDenied(err)) || Date.now() > deadline) throw err;
      await sleep(pending ? 1500 : 100);
    }
  }
}

/** Removes the interfaces (operation="remove": no error when absent) and commits. */
export async function removeInterfaces(session: NetconfSession, ifNames: string[]): Promise<void> {
  const body = ifNames.map((n) => `<interface operation="remove"><name>${n}</name></interface>`).join('');
  await lockCandidate(session);
  try {
    await session.discardChanges();
    await session.editConfig({
      config: configurationXml(simulatorProfile, `<interfaces>${body}</interfaces>`),
    });
    await session.commit();
  } finally {
    await session.unlock().catch(() => undefined);
  }
}
