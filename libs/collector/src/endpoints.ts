// Where an edge_router is reached over NETCONF: its `ip` and `ssh_port`, its `login` and its
// `password` (encrypted in the events with the configured key, DOMAIN.md §10.10; decrypted only
// here, in memory). An alias table may point an inventory address somewhere else, e.g. the seed's
// 10.79.5.185 at the local simulated MX-2 (127.0.0.12:8830). Sessions are keyed by endpoint, so
// two edge_routers naming the same device share one session.
import type { ResourceRecord } from '@gohan-es/domain';
import { decryptSecret, isEncryptedSecret } from '@gohan-es/events';

export interface RouterEndpoint {
  /** `login@host:port`: one NETCONF session per key. */
  key: string;
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface EndpointSettings {
  /** 64-hex key the secrets of the events are encrypted with (config.secrets.key). */
  secretsKey: string;
  /** Inventory address → where to connect instead (host and port). */
  aliases?: ReadonlyMap<string, { host: string; port: number }>;
}

/** The display name of an edge_router in the status detail: its name, else its ip. */
export function routerName(record: ResourceRecord | undefined, fallback: string): string {
  const name = record?.body['name'];
  if (typeof name === 'string' && name !== '') return name;
  const ip = record?.body['ip'];
  return typeof ip === 'string' ? ip : fallback;
}

export function edgeRouterEndpoint(
  record: ResourceRecord,
  settings: EndpointSettings,
): { endpoint: RouterEndpoint } | { error: string } {
  const ip = record.body['ip'];
  const login = record.body['login'];
  const secret = record.body['password'];
  if (typeof ip !== 'string' || ip === '') return { error: `edge_router ${record.id} has no ip` };
  if (typeof login !== 'string' || login === '') return { error: `edge_router ${record.id} has no login` };
  let password: string;
  try {
    password = isEncryptedSecret(secret) ? decryptSecret(secret, settings.secretsKey) : String(secret ?? '');
  } catch {
    return { error: `edge_router ${record.id}: cannot decrypt its password` };
  }
  const alias = settings.aliases?.get(ip);
  const host = alias?.host ?? ip;
  const port = alias?.port ?? (typeof record.body['ssh_port'] === 'number' ? record.body['ssh_port'] : 830);
  return { endpoint: { key: `${login}@${host}:${port}`, host, port, username: login, password } };
}

/**
 * Parses an alias table: `ip=host:port` entries separated by commas, e.g.
 * `10.79.5.184=127.0.0.11:8830,10.79.5.185=127.0.0.12:8830`. Throws naming the bad entry.
 */
export function parseRouterAliases(text: string | undefined): Map<string, { host: string; port: number }> {
  const out = new Map<string, { host: string; port: number }>();
  for (const item of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([^=\s]+)=([A-Za-z0-9.-]+):(\d{1,5})$/.exec(item);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535) throw new Error(`router alias "${item}" is not ip=host:port`);
    out.set(m[1]!, { host: m[2]!, port });
  }
  return out;
}
