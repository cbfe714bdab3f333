// Collector settings beyond libs/config's `collector` block (poll interval, hold period): the
// heartbeat, the router alias table, how routers are read (COLLECTOR_DEVICE_PROFILE) and the NETCONF
// deadlines. Read from the environment with the
// same rules as libs/config (a bad value stops the app naming the variable).
// TODO(libs/config): move COLLECTOR_HEARTBEAT_MS and ROUTER_ADDRESS_MAP into GohanConfig.collector.
import type { GohanConfig } from '@gohan-es/config';
import { ConfigError } from '@gohan-es/config';
import { parseCollectorDeviceProfile, parseRouterAliases } from '@gohan-es/collector';
import type { CollectorDeviceProfile } from '@gohan-es/collector';

export interface CollectorSettings {
  pollIntervalMs: number;
  holdPeriodMs: number;
  /** Repeat an unchanged report after this long (0 = never). */
  heartbeatMs: number;
  /** edge_router ip → where to connect instead. */
  aliases: Map<string, { host: string; port: number }>;
  /** COLLECTOR_DEVICE_PROFILE: simulator (get-config on simulator-state, default) or junos (operational RPCs). */
  deviceProfile: CollectorDeviceProfile;
  connectTimeoutMs: number;
  rpcTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim() || String(fallback);
  if (!/^\d+$/.test(text)) throw new ConfigError(name, `must be an integer, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function collectorSettings(config: GohanConfig, env: Env = process.env): CollectorSettings {
  const { pollIntervalMs, holdPeriodMs } = config.collector;
  // A poll waits at most about one interval for a router (bounded to 1–10 s).
  const deadline = Math.min(10_000, Math.max(1_000, pollIntervalMs));
  let aliases: Map<string, { host: string; port: number }>;
  try {
    aliases = parseRouterAliases(env.ROUTER_ADDRESS_MAP);
  } catch (error) {
    throw new ConfigError('ROUTER_ADDRESS_MAP', (error as Error).message);
  }
  let deviceProfile: CollectorDeviceProfile;
  try {
    deviceProfile = parseCollectorDeviceProfile(env.COLLECTOR_DEVICE_PROFILE);
  } catch (error) {
    throw new ConfigError('COLLECTOR_DEVICE_PROFILE', (error as Error).message);
  }
  return {
    pollIntervalMs,
    holdPeriodMs,
    heartbeatMs: intVar(env, 'COLLECTOR_HEARTBEAT_MS', 0, 0, 86_400_000),
    aliases,
    deviceProfile,
    connectTimeoutMs: intVar(env, 'COLLECTOR_CONNECT_TIMEOUT_MS', deadline, 100, 60_000),
    rpcTimeoutMs: intVar(env, 'COLLECTOR_RPC_TIMEOUT_MS', deadline, 100, 60_000),
  };
}
