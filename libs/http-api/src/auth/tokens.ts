// Who is calling: X-Auth-Token (or the Auth-Token cookie) → an Identity, from a token table.
// The built-in table is Gohan's fake Keystone (server/middleware/fake_keystone.go, GOHAN_API.md §4):
// same token ids, user names, roles and tenant ids, so Gohan's tests and habits carry over.
// GOHAN_TOKEN_FILE replaces the table with a JSON file (format below); the defaults are then gone.
import { readFileSync } from 'node:fs';

export interface Identity {
  user_name: string;
  tenant_id: string;
  tenant_name: string;
  roles: readonly string[];
  /** Gohan (v2-compat / fake mode): any token with the `admin` role is an admin. */
  is_admin: boolean;
}

export const DEMO_TENANT_ID = 'fc394f2ab2df4114bde39905f800dc57';
export const OTHER_TENANT_ID = 'acf5662bbff44060b93ac3db3c25a590';

/** One entry of a token file: `{"tokens": {"<token>": TokenEntry}}`. */
export interface TokenEntry {
  user_name: string;
  tenant_id: string;
  tenant_name?: string;
  roles: string[];
}

export const DEFAULT_TOKENS: Readonly<Record<string, TokenEntry>> = {
  admin_token: { user_name: 'admin', tenant_id: DEMO_TENANT_ID, tenant_name: 'demo', roles: ['admin'] },
  demo_token: { user_name: 'demo', tenant_id: DEMO_TENANT_ID, tenant_name: 'demo', roles: ['Member'] },
  power_user_token: {
    user_name: 'power_user',
    tenant_id: OTHER_TENANT_ID,
    tenant_name: 'other',
    roles: ['Member'],
  },
  visible_token: { user_name: 'visible', tenant_id: DEMO_TENANT_ID, tenant_name: 'demo', roles: ['Visible'] },
  hidden_token: { user_name: 'hidden', tenant_id: DEMO_TENANT_ID, tenant_name: 'demo', roles: ['Hidden'] },
};

export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

export interface TokenStore {
  /** undefined when the token is unknown (→ 401). */
  verify(token: string): Identity | undefined;
}

export function identityOf(entry: TokenEntry): Identity {
  return {
    user_name: entry.user_name,
    tenant_id: entry.tenant_id,
    tenant_name: entry.tenant_name ?? '',
    roles: [...entry.roles],
    is_admin: entry.roles.includes('admin'),
  };
}

export function tokenStore(entries: Readonly<Record<string, TokenEntry>> = DEFAULT_TOKENS): TokenStore {
  const table = new Map(
    Object.entries(entries).map(([token, entry]) => [token, Object.freeze(identityOf(entry))]),
  );
  return { verify: (token) => table.get(token) };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
}

/** Validates the parsed content of a token file; the message names the bad entry. */
export function parseTokenFile(content: unknown, source = 'token file'): Record<string, TokenEntry> {
  const tokens = (content as { tokens?: unknown } | null)?.tokens;
  if (typeof tokens !== 'object' || tokens === null || Array.isArray(tokens)) {
    throw new TokenFileError(`${source}: expected {"tokens": {"<token>": {user_name, tenant_id, roles}}}`);
  }
  const out: Record<string, TokenEntry> = {};
  for (const [token, raw] of Object.entries(tokens as Record<string, unknown>)) {
    const entry = raw as Partial<TokenEntry> | null;
    const where = `${source}: token ${JSON.stringify(token.slice(0, 4) + '…')}`;
    if (token.length < 8) throw new TokenFileError(`${where}: a token must be at least 8 characters`);
    if (typeof entry !== 'object' || entry === null) throw new TokenFileError(`${where}: not an object`);
    if (typeof entry.user_name !== 'string' || entry.user_name === '')
      throw new TokenFileError(`${where}: user_name is required`);
    if (typeof entry.tenant_id !== 'string' || entry.tenant_id === '')
      throw new TokenFileError(`${where}: tenant_id is required`);
    if (!isStringArray(entry.roles) || entry.roles.length === 0)
      throw new TokenFileError(`${where}: roles must be a non-empty string list`);
    if (entry.tenant_name !== undefined && typeof entry.tenant_name !== 'string') {
      throw new TokenFileError(`${where}: tenant_name must be a string`);
    }
    out[token] = {
      user_name: entry.user_name,
      tenant_id: entry.tenant_id,
      roles: [...entry.roles],
      ...(entry.tenant_name ? { tenant_name: entry.tenant_name } : {}),
    };
  }
  return out;
}

/** The token table: the file named by GOHAN_TOKEN_FILE when set, else Gohan's fake Keystone tokens. */
export function loadTokenStore(file: string | undefined): TokenStore {
  if (!file) return tokenStore(DEFAULT_TOKENS);
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TokenFileError(`token file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return tokenStore(parseTokenFile(content, `token file ${file}`));
}

/** X-Auth-Token wins over the Auth-Token cookie (GOHAN_API.md §4). */
export function tokenFromRequest(
  header: string | string[] | undefined,
  cookieHeader: string | undefined,
): string | undefined {
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader && fromHeader.trim() !== '') return fromHeader.trim();
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'Auth-Token') continue;
    const value = safeDecode(part.slice(eq + 1).trim());
    if (value !== '') return value;
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
