// Settings of the simulated routers, read from the environment. The names and defaults match
// scripts/stack/env.sh and scripts/stack/routers.sh, so the SSH fronts, the stack script and the
// test helpers agree without passing anything around.
import path from 'node:path';

export type RouterId = 'mx1' | 'mx2';
export const ROUTER_IDS: readonly RouterId[] = ['mx1', 'mx2'];

export interface SimRouter {
  id: RouterId;
  /** Display name, as in libs/config (MX-1, MX-2). */
  name: string;
  /** Loopback address the SSH front listens on (and the only address clients use). */
  address: string;
  port: number;
  /** Per-router state folder: netconfd working dir, startup file, host key, logs. */
  dir: string;
  /** netconfd's ncxserver socket (netconf-subsystem relays each session to it). */
  ncxSocket: string;
  hostKeyFile: string;
  /** HTTP control endpoint (POST /down, POST /up, GET /health) on controlHost. */
  controlPort: number;
}

export interface SimSettings {
  routers: SimRouter[];
  login: string;
  password: string;
  knownHostsFile: string;
  /** Optional OpenSSH authorized_keys file; public keys listed there may log in too. */
  authorizedKeysFile: string;
  controlHost: string;
  /** Pause after the client <hello> before relaying the next bytes (netconfd bug #1). 0 disables it. */
  helloHoldMs: number;
  netconfSubsystem: string;
  /** ROUTER_JUNOS_RPCS: the SSH fronts answer the Junos operational RPCs (default true). */
  junosRpcs: boolean;
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string, fallback: string): string {
  const v = env[name]?.trim();
  return v ? v : fallback;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`router-sim: ${name} must be an integer in ${min}..${max}, got "${raw}"`);
  }
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`router-sim: ${name} must be true or false, got "${raw}"`);
}

function loopback(env: Env, name: string, fallback: string): string {
  const v = value(env, name, fallback);
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v)) {
    throw new Error(`router-sim: ${name} must be a loopback IPv4 address (127.x.y.z), got "${v}"`);
  }
  return v;
}

export function loadSimSettings(env: Env = process.env): SimSettings {
  const root = value(env, 'GOHAN_ROOT', process.cwd());
  const stackDir = path.resolve(root, value(env, 'GOHAN_STACK_DIR', path.join(root, '.stack')));
  const routersDir = path.join(stackDir, 'routers');
  const sshPort = integer(env, 'ROUTER_SSH_PORT', 8830, 1, 65535);
  const router = (id: RouterId, name: string, address: string, controlPort: number): SimRouter => {
    const upper = id.toUpperCase();
    const dir = path.join(routersDir, id);
    return {
      id,
      name,
      address: loopback(env, `${upper}_ADDRESS`, address),
      port: integer(env, `${upper}_PORT`, sshPort, 1, 65535),
      dir,
      ncxSocket: value(env, `${upper}_NCX_SOCKET`, path.join(dir, 'ncxserver.sock')),
      hostKeyFile: path.join(dir, 'ssh_host_ed25519_key'),
      controlPort: integer(env, `${upper}_CONTROL_PORT`, controlPort, 1, 65535),
    };
  };
  return {
    routers: [router('mx1', 'MX-1', '127.0.0.11', 8840), router('mx2', 'MX-2', '127.0.0.12', 8841)],
    login: value(env, 'ROUTER_LOGIN', 'esi'),
    password: env.ROUTER_PASSWORD ?? 'esi',
    knownHostsFile: path.resolve(
      root,
      value(env, 'ROUTER_KNOWN_HOSTS', path.join(routersDir, 'known_hosts')),
    ),
    authorizedKeysFile: path.resolve(
      root,
      value(env, 'ROUTER_AUTHORIZED_KEYS', path.join(routersDir, 'authorized_keys')),
    ),
    controlHost: loopback(env, 'ROUTER_CONTROL_HOST', '127.0.0.1'),
    helloHoldMs: integer(env, 'ROUTER_HELLO_HOLD_MS', 50, 0, 10_000),
    netconfSubsystem: value(env, 'NETCONF_SUBSYSTEM', '/usr/sbin/netconf-subsystem'),
    junosRpcs: flag(env, 'ROUTER_JUNOS_RPCS', true),
  };
}

export function simRouter(settings: SimSettings, id: RouterId): SimRouter {
  const found = settings.routers.find((r) => r.id === id);
  if (!found) throw new Error(`router-sim: unknown router ${id}`);
  return found;
}
