// The polling adapter: one NETCONF session per router endpoint, opened on first use and reused by
// every poll after it; each poll is ONE round of requests whatever the number of resources on that
// router. How a router's state is read is a per-deployment choice (COLLECTOR_DEVICE_PROFILE):
//   simulator  one get-config (running, subtree filter on simulator-state) — snapshot.ts
//   junos      the three Junos operational RPCs (get-vrrp-information, get-bgp-neighbor-information,
//              get-interface-information terse) pipelined on the session — junos-state.ts
// Both build the same RouterSnapshot. A session that failed (transport error, RPC
// timeout: a hung router) is torn down and reopened by the next poll, so a router that comes back
// is seen again within one interval. Errors are classified for the rules:
//   unreachable  connection refused / timed out / closed, RPC timeout
//   error        authentication or host-key rejection, rpc-error, anything else
import {
  NetconfSession,
  RpcTimeoutError,
  TransportError,
  junosProfile,
  simulatorProfile,
} from '@gohan-es/netconf';
import type { DeviceProfile, NetconfLogger } from '@gohan-es/netconf';
import type { PollResult, RouterPoller } from './collector';
import type { RouterEndpoint } from './endpoints';
import { JUNOS_STATE_RPCS, parseJunosSnapshot } from './junos-state';
import type { JunosStateReplies } from './junos-state';
import { SIMULATOR_STATE_FILTER, parseSimulatorSnapshot } from './snapshot';
import type { RouterSnapshot } from './snapshot';

/** How the collector reads a router's state, and the NETCONF session profile it uses for it. */
export const COLLECTOR_DEVICE_PROFILES = { simulator: simulatorProfile, junos: junosProfile } as const;
export type CollectorDeviceProfile = keyof typeof COLLECTOR_DEVICE_PROFILES;

/** Validates a COLLECTOR_DEVICE_PROFILE value (trimmed; empty = simulator). */
export function parseCollectorDeviceProfile(text: string | undefined): CollectorDeviceProfile {
  const name = text?.trim() || 'simulator';
  if (!Object.hasOwn(COLLECTOR_DEVICE_PROFILES, name))
    throw new TypeError(`must be one of ${Object.keys(COLLECTOR_DEVICE_PROFILES).join(', ')}, got "${name}"`);
  return name as CollectorDeviceProfile;
}

export interface NetconfPollerOptions {
  knownHostsFile: string;
  /** TCP + SSH + hello deadline per connect attempt. */
  connectTimeoutMs: number;
  /** Deadline of each request of a poll. */
  rpcTimeoutMs: number;
  /** How state is read: simulator (default) or junos. */
  deviceProfile?: CollectorDeviceProfile;
  /** Session profile; default the device profile's (simulatorProfile, junosProfile). */
  profile?: DeviceProfile;
  logger?: NetconfLogger;
  /** Opens a session (injectable for tests); default NetconfSession.connect. */
  connect?: (endpoint: RouterEndpoint) => Promise<NetconfSession>;
}

export function classifyPollError(error: unknown): { status: 'unreachable' | 'error'; error: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RpcTimeoutError) return { status: 'unreachable', error: message };
  if (error instanceof TransportError) {
    const refused =
      error.details.fingerprint !== undefined || /authentication|known_hosts|host key/i.test(message);
    return { status: refused ? 'error' : 'unreachable', error: message };
  }
  return { status: 'error', error: message };
}

export class NetconfRouterPoller implements RouterPoller {
  private readonly sessions = new Map<string, NetconfSession>();
  private readonly opened = new Map<string, number>();
  private readonly profile: DeviceProfile;
  readonly deviceProfile: CollectorDeviceProfile;

  constructor(private readonly options: NetconfPollerOptions) {
    this.deviceProfile = options.deviceProfile ?? 'simulator';
    this.profile = options.profile ?? COLLECTOR_DEVICE_PROFILES[this.deviceProfile];
  }

  /** How many sessions were opened per endpoint key since start (1 when reused throughout). */
  get sessionsOpened(): ReadonlyMap<string, number> {
    return this.opened;
  }

  async poll(endpoints: readonly RouterEndpoint[]): Promise<Map<string, PollResult>> {
    const wanted = new Set(endpoints.map((e) => e.key));
    for (const [key, session] of this.sessions) {
      if (wanted.has(key)) continue;
      this.sessions.delete(key);
      void session.close(1000);
    }
    const results = await Promise.all(endpoints.map(async (e) => [e.key, await this.pollOne(e)] as const));
    return new Map(results);
  }

  private async session(endpoint: RouterEndpoint): Promise<NetconfSession> {
    const current = this.sessions.get(endpoint.key);
    if (current && !current.closed) return current;
    this.sessions.delete(endpoint.key);
    const session = await (this.options.connect ?? this.defaultConnect)(endpoint);
    this.sessions.set(endpoint.key, session);
    this.opened.set(endpoint.key, (this.opened.get(endpoint.key) ?? 0) + 1);
    return session;
  }

  private readonly defaultConnect = (endpoint: RouterEndpoint): Promise<NetconfSession> =>
    NetconfSession.connect({
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.username,
      password: endpoint.password,
      knownHostsFile: this.options.knownHostsFile,
      connectTimeoutMs: this.options.connectTimeoutMs,
      rpcTimeoutMs: this.options.rpcTimeoutMs,
      profile: this.profile,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });

  private async pollOne(endpoint: RouterEndpoint): Promise<PollResult> {
    let session: NetconfSession;
    try {
      session = await this.session(endpoint);
    } catch (error) {
      return classifyPollError(error);
    }
    try {
      const snapshot =
        this.deviceProfile === 'junos' ? await this.readJunos(session) : await this.readSimulator(session);
      return { status: 'ok', snapshot };
    } catch (error) {
      const classified = classifyPollError(error);
      if (classified.status === 'unreachable') {
        this.sessions.delete(endpoint.key);
        session.destroy();
      }
      return classified;
    }
  }

  private async readSimulator(session: NetconfSession): Promise<RouterSnapshot> {
    const reply = await session.getConfig(
      { source: 'running', filter: SIMULATOR_STATE_FILTER },
      { timeoutMs: this.options.rpcTimeoutMs },
    );
    return parseSimulatorSnapshot(reply.data);
  }

  /** The three RPCs sent at once (RFC 6241 §4.1 pipelining), each reply parsed from its raw XML. */
  private async readJunos(session: NetconfSession): Promise<RouterSnapshot> {
    const options = { timeoutMs: this.options.rpcTimeoutMs };
    const [vrrp, bgp, interfaces] = await Promise.all([
      session.rpc(JUNOS_STATE_RPCS.vrrp, options),
      session.rpc(JUNOS_STATE_RPCS.bgp, options),
      session.rpc(JUNOS_STATE_RPCS.interfaces, options),
    ]);
    const replies: JunosStateReplies = { vrrp: vrrp.raw, bgp: bgp.raw, interfaces: interfaces.raw };
    return parseJunosSnapshot(replies);
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.close(2000)));
  }
}
