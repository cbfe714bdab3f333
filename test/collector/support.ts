// Small helpers of the collector's integration tests: the fixture flow, the stack's known_hosts,
// router keys of a run's own, and the one way tests wait.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFixtureSteps } from '@gohan-es/collector';

export const ROOT = path.resolve(__dirname, '../..');
export const STEPS = loadFixtureSteps(path.join(ROOT, 'libs/domain/test/fixtures/vpn_flow_fixtures.json'));
/** The stack's known_hosts (the routers' host keys). */
export const stackKnownHosts = (): string =>
  readFileSync(path.resolve(ROOT, process.env.ROUTER_KNOWN_HOSTS ?? '.stack/routers/known_hosts'), 'utf8');

export const ACTOR = {
  user_name: 'admin',
  tenant_id: 'b3e3095c0a5b4383805efe9cf2a6b5ef',
  roles: ['admin'],
  is_admin: true,
};

/** The one way tests wait: a condition polled until a deadline (no fixed sleeps). */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 20_000, message }: { timeoutMs?: number; message: string | (() => string) },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof message === 'string' ? message : message()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Downlink and uplink interface names and a first VLAN of this run's own, so tests never share router
 * keys (the physical interfaces are monitored too: er_physical_interface).
 */
export function uniqueKeys(): { downlink: string; uplink: string; firstVlan: number } {
  const n = Math.floor(Math.random() * 10_000);
  return {
    downlink: `ae${100 + Math.floor(Math.random() * 900)}`,
    uplink: `ge-9/${Math.floor(n / 100)}/${n % 100}`,
    firstVlan: 1100 + Math.floor(Math.random() * 2900),
  };
}
