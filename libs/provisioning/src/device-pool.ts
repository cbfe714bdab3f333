// NETCONF sessions to the edge routers, one kept open per router and reused (a connect costs an SSH
// handshake; a change is a handful of RPCs). The router's password is decrypted here, when the
// session opens, and never logged (DOMAIN.md §10.10). A session that failed (transport error,
// timeout) is dropped so that the next attempt reconnects.
import { NetconfSession } from '@gohan-es/netconf';
import type { DeviceProfile, NetconfLogger } from '@gohan-es/netconf';
import { decryptSecret, isEncryptedSecret } from '@gohan-es/events';
import type { RouterTarget } from './source';

export interface DevicePoolOptions {
  profile: DeviceProfile;
  /** OpenSSH known_hosts with the routers' host keys (never "accept any"). */
  knownHostsFile: string;
  /** config.secrets.key: decrypts edge_router.password. */
  secretsKey: string;
  connectTimeoutMs: number;
  rpcTimeoutMs?: number;
  logger?: NetconfLogger;
  /** Log every RPC's XML (redacted by the netconf lib) at debug level. */
  logXml?: boolean;
  /** Opens a session (default: NETCONF over SSH, NetconfSession.connect); replaceable in tests. */
  open?: (target: RouterTarget, password: string) => Promise<NetconfSession>;
}

const identity = (t: RouterTarget): string => `${t.login}@${t.host}:${t.port}#${t.password}`;

export class DevicePool {
  private readonly sessions = new Map<string, { identity: string; session: Promise<NetconfSession> }>();
  /** Sessions opened so far (diagnostics, benchmark). */
  connects = 0;

  constructor(private readonly options: DevicePoolOptions) {}

  get profile(): DeviceProfile {
    return this.options.profile;
  }

  /** An open session to the router, reusing the last one while it lives. */
  async session(target: RouterTarget): Promise<NetconfSession> {
    const known = this.sessions.get(target.id);
    if (known !== undefined && known.identity === identity(target)) {
      const session = await known.session.catch(() => undefined);
      if (session !== undefined && !session.closed) return session;
    }
    if (known !== undefined) void known.session.then((s) => s.close(1000)).catch(() => undefined);
    const opening = this.open(target);
    this.sessions.set(target.id, { identity: identity(target), session: opening });
    opening.catch(() => {
      if (this.sessions.get(target.id)?.session === opening) this.sessions.delete(target.id);
    });
    return opening;
  }

  private open(target: RouterTarget): Promise<NetconfSession> {
    const { profile, knownHostsFile, secretsKey, connectTimeoutMs, rpcTimeoutMs, logger, logXml } =
      this.options;
    this.connects++;
    const password = isEncryptedSecret(target.password)
      ? decryptSecret(target.password, secretsKey)
      : target.password;
    if (this.options.open) return this.options.open(target, password);
    return NetconfSession.connect({
      host: target.host,
      port: target.port,
      username: target.login,
      password,
      knownHostsFile,
      profile,
      connectTimeoutMs,
      ...(rpcTimeoutMs !== undefined ? { rpcTimeoutMs } : {}),
      ...(logger !== undefined ? { logger } : {}),
      logXml: logXml === true,
    });
  }

  /** Drops (tears down) the router's session, e.g. after a transport error or timeout. */
  drop(routerId: string): void {
    const known = this.sessions.get(routerId);
    this.sessions.delete(routerId);
    void known?.session.then((s) => s.destroy()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.session.then((x) => x.close(2000)).catch(() => undefined)));
  }
}
