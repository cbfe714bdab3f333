// The polling adapter: one NETCONF session per router endpoint, opened on first use and reused by
// every poll after it; each poll is ONE get-config (running, subtree filter on simulator-state)
// whatever the number of resources on that router. A session that failed (transport error, RPC
// timeout: a hung router) is torn down and reopened by the next poll, so a router that comes back
// is seen again within one interval. Errors are classified for the rules:
//   unreachable  connection refused / timed out / closed, RPC timeout
//   error        authentication or host-key rejection, rpc-error, anything else
import { NetconfSession, RpcTimeoutError, TransportError, simulatorProfile } from '@gohan-es/netconf';
import type { DeviceProfile, NetconfLogger } from '@gohan-es/netconf';
import type { PollResult, RouterPoller } from './collector';
import type { RouterEndpoint } from './endpoints';
import { SIMULATOR_STATE_FILTER, parseSimulatorSnapshot } from './snapshot';

export interface NetconfPollerOptions {
  knownHostsFile: string;
  /** TCP + SSH + hello deadline per connect attempt. */
  connectTimeoutMs: number;
  /** Deadline of the get-config. */
  rpcTimeoutMs: number;
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

  constructor(private readonly options: NetconfPollerOptions) {
    this.profile = options.profile ?? simulatorProfile;
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
      const reply = await session.getConfig(
        { source: 'running', filter: SIMULATOR_STATE_FILTER },
        { timeoutMs: this.options.rpcTimeoutMs },
      );
      return { status: 'ok', snapshot: parseSimulatorSnapshot(reply.data) };
    } catch (error) {
      const classified = classifyPollError(error);
      if (classified.status === 'unreachable') {
        this.sessions.delete(endpoint.key);
        session.destroy();
      }
      return classified;
    }
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.close(2000)));
  }
}
