// The provisioner's own settings (environment, defaults for the local stack). Router addresses,
// logins and passwords come from the edge_router resources; the known_hosts file and the secrets
// key from the common configuration (@gohan-es/config).
import { ConfigError } from '@gohan-es/config';
import type { Env } from '@gohan-es/config';
import { junosProfile, simulatorProfile } from '@gohan-es/netconf';
import type { DeviceProfile } from '@gohan-es/netconf';

export const DEVICE_PROFILES = { simulator: simulatorProfile, junos: junosProfile } as const;
export type DeviceProfileName = keyof typeof DEVICE_PROFILES;

export interface ProvisionerSettings {
  /** PROVISIONER_DEVICE_PROFILE: simulator (netconfd, default) or junos. */
  profileName: DeviceProfileName;
  profile: DeviceProfile;
  /** PROVISIONER_RETRY_DEADLINE_MS: transient failures are retried this long, then the change fails. */
  deadlineMs: number;
  /** PROVISIONER_RETRY_INITIAL_MS / PROVISIONER_RETRY_MAX_MS: backoff between attempts. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** PROVISIONER_CONNECT_TIMEOUT_MS: TCP + SSH + hello. */
  connectTimeoutMs: number;
  /** PROVISIONER_RPC_TIMEOUT_MS: per RPC (default: the profile's). */
  rpcTimeoutMs: number;
  /** PROVISIONER_CONFIRM_TIMEOUT_S: confirm-timeout of the confirmed commits. */
  confirmTimeoutSec: number;
  /** PROVISIONER_LOCK_WAIT_MS: how long to wait for a candidate another session holds. */
  lockWaitMs: number;
  /** PROVISIONER_COALESCE: queued changes of a router pair go in one commit (default true). */
  coalesce: boolean;
  /** PROVISIONER_MAX_BATCH: most resources in one pair transaction. */
  maxBatch: number;
  /** PROVISIONER_DRIFT_INTERVAL_MS: periodic drift check (0 = only on demand). */
  driftIntervalMs: number;
  /** PROVISIONER_DRIFT_TOPIC: where drift reports go (JSON, keyed by router id). */
  driftTopic: string;
  /** PROVISIONER_LOG_XML: log every NETCONF request/reply (secrets redacted) at debug level. */
  logXml: boolean;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim() || String(fallback);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${text}"`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const text = (env[name]?.trim() || String(fallback)).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(name, `must be true or false, got "${text}"`);
}

export function loadProvisionerSettings(
  env: Env = process.env,
  provisioningTopic = 'gohan.provisioning',
): ProvisionerSettings {
  const profileName = (env.PROVISIONER_DEVICE_PROFILE?.trim() || 'simulator') as DeviceProfileName;
  const base = DEVICE_PROFILES[profileName];
  if (base === undefined)
    throw new ConfigError(
      'PROVISIONER_DEVICE_PROFILE',
      `must be one of ${Object.keys(DEVICE_PROFILES).join(', ')}`,
    );
  // The router-sim SSH front already holds the bytes after the hello (ROUTER_HELLO_HOLD_MS), so the
  // client-side pause is only needed against a bare netconfd: PROVISIONER_POST_HELLO_DELAY_MS.
  const postHelloDelayMs = int(env, 'PROVISIONER_POST_HELLO_DELAY_MS', base.postHelloDelayMs, 0, 10_000);
  const profile: DeviceProfile = { ...base, postHelloDelayMs };
  return {
    profileName,
    profile,
    deadlineMs: int(env, 'PROVISIONER_RETRY_DEADLINE_MS', 120_000, 0, 86_400_000),
    retryInitialMs: int(env, 'PROVISIONER_RETRY_INITIAL_MS', 250, 1, 60_000),
    retryMaxMs: int(env, 'PROVISIONER_RETRY_MAX_MS', 10_000, 1, 600_000),
    connectTimeoutMs: int(env, 'PROVISIONER_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
    rpcTimeoutMs: int(env, 'PROVISIONER_RPC_TIMEOUT_MS', profile.rpcTimeoutMs, 100, 3_600_000),
    confirmTimeoutSec: int(env, 'PROVISIONER_CONFIRM_TIMEOUT_S', profile.confirmTimeoutSec, 1, 86_400),
    lockWaitMs: int(env, 'PROVISIONER_LOCK_WAIT_MS', 30_000, 0, 3_600_000),
    coalesce: flag(env, 'PROVISIONER_COALESCE', true),
    maxBatch: int(env, 'PROVISIONER_MAX_BATCH', 500, 1, 100_000),
    driftIntervalMs: int(env, 'PROVISIONER_DRIFT_INTERVAL_MS', 60_000, 0, 86_400_000),
    driftTopic: env.PROVISIONER_DRIFT_TOPIC?.trim() || `${provisioningTopic}.drift`,
    logXml: flag(env, 'PROVISIONER_LOG_XML', false),
  };
}
