// RFC 6242 §6 (security considerations: the client must authenticate the server's host key) with
// OpenSSH's known_hosts format: `[marker] patterns keytype base64 [comment]`, where patterns are
// `host`, `[host]:port`, wildcards (`*`, `?`), negations (`!`) or hashed `|1|salt|hmac-sha1`.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  marker?: 'cert-authority' | 'revoked';
  /** Comma-separated host patterns, or one hashed `|1|salt|hash` entry. */
  patterns: string[];
  keyType: string;
  key: Buffer;
  line: number;
}

export type HostKeyVerdict =
  | { ok: true; fingerprint: string }
  | { ok: false; reason: 'unknown' | 'mismatch' | 'revoked'; fingerprint: string; message: string };

/** Parses known_hosts text; blank, comment and malformed lines are skipped. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!.slice(1);
      if (m !== 'cert-authority' && m !== 'revoked') return;
      marker = m;
    }
    const [patterns, keyType, b64] = fields;
    if (!patterns || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    if (sshKeyType(key) !== keyType) return;
    entries.push({ ...(marker ? { marker } : {}), patterns: patterns.split(','), keyType, key, line: i + 1 });
  });
  return entries;
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** True when the entry's patterns name `host:port` (a negated match excludes the entry). */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  let matched = false;
  for (const p of entry.patterns) {
    if (p.startsWith('|')) matched ||= hashedMatch(p, name);
    else if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else matched ||= globMatch(p, name);
  }
  return matched;
}

/** OpenSSH-style fingerprint: "SHA256:" + unpadded base64 of the key blob's SHA-256. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (e.g. "ssh-ed25519"). */
export function sshKeyType(key: Buffer): string {
  if (key.length < 4) return '';
  const len = key.readUInt32BE(0);
  return len > 0 && len < 64 && key.length >= 4 + len ? key.toString('latin1', 4, 4 + len) : '';
}

/** Checks a presented host key against the entries for `host:port`. */
export function verifyHostKey(
  entries: KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const fingerprint = fingerprintSha256(key);
  const type = sshKeyType(key) || 'unknown-type';
  const name = knownHostName(host, port);
  const mine = entries.filter((e) => entryMatches(e, host, port));
  if (mine.some((e) => e.marker === 'revoked' && e.key.equals(key))) {
    return {
      ok: false,
      reason: 'revoked',
      fingerprint,
      message: `host key ${type} ${fingerprint} of ${name} is revoked`,
    };
  }
  const plain = mine.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.key.equals(key))) return { ok: true, fingerprint };
  if (plain.length === 0) {
    return {
      ok: false,
      reason: 'unknown',
      fingerprint,
      message: `host ${name} is not in known_hosts (presented ${type} ${fingerprint})`,
    };
  }
  const known = plain.map((e) => `${e.keyType} ${fingerprintSha256(e.key)} (line ${e.line})`).join(', ');
  return {
    ok: false,
    reason: 'mismatch',
    fingerprint,
    message: `host key mismatch for ${name}: presented ${type} ${fingerprint}, known_hosts has ${known}`,
  };
}

/** Key types known for `host:port`, to prefer them during key exchange. */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const types = entries
    .filter((e) => e.marker === undefined && entryMatches(e, host, port))
    .map((e) => e.keyType);
  return [...new Set(types)];
}
