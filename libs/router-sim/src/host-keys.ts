// Host keys of the simulated routers and the OpenSSH known_hosts file that lets NETCONF clients
// verify them. Each router keeps one ed25519 key for its whole life under its own state folder;
// the known_hosts entries use the OpenSSH host pattern for a non-default port: "[127.0.0.11]:8830".
import fs from 'node:fs';
import path from 'node:path';
import { utils } from 'ssh2';

export interface HostKey {
  /** OpenSSH private key (PEM-like text), as ssh2's Server wants it. */
  privateKey: string;
  /** "ssh-ed25519 AAAA..." */
  publicKey: string;
}

/**
 * An ed25519 key pair (OpenSSH text) that ssh2 can read back. ssh2's own generateKeyPairSync strips
 * leading zero bytes from the public key, so about one pair in 256 does not parse (mscdex/ssh2#1390,
 * #1513): a router would then fail to start, or a test fail at random. Generate until both halves parse.
 */
export function generateEd25519KeyPair(
  encryption: { passphrase: string; cipher: string; rounds: number } | undefined = undefined,
): { private: string; public: string } {
  for (let attempt = 0; attempt < 32; attempt++) {
    const pair = encryption
      ? utils.generateKeyPairSync('ed25519', encryption)
      : utils.generateKeyPairSync('ed25519');
    const readable =
      !(utils.parseKey(pair.public) instanceof Error) &&
      !(utils.parseKey(pair.private, encryption?.passphrase) instanceof Error);
    if (readable) return pair;
  }
  throw new Error('router-sim: ssh2 generated 32 unreadable ed25519 key pairs in a row');
}

/** Reads the router's host key, generating it once (mode 0600) when it does not exist yet. */
export function ensureHostKey(file: string): HostKey {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const pair = generateEd25519KeyPair();
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, pair.private, { mode: 0o600 });
    fs.renameSync(tmp, file);
    fs.writeFileSync(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
  }
  const privateKey = fs.readFileSync(file, 'utf8');
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`router-sim: cannot read host key ${file}: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error(`router-sim: no key in ${file}`);
  return { privateKey, publicKey: `${key.type} ${key.getPublicSSH().toString('base64')}` };
}

/** OpenSSH host pattern: a bare address for port 22, "[address]:port" otherwise. */
export function knownHostsPattern(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export function knownHostsLine(address: string, port: number, publicKey: string): string {
  return `${knownHostsPattern(address, port)} ${publicKey}`;
}

/**
 * Writes the known_hosts file atomically. Lines for the given hosts are replaced; lines of other
 * hosts (for example a real router someone added by hand) are kept.
 */
export function writeKnownHosts(
  file: string,
  entries: { address: string; port: number; publicKey: string }[],
) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ours = new Set(entries.map((e) => knownHostsPattern(e.address, e.port)));
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const kept = previous.filter((line) => {
    const hosts = line.trim().split(/\s+/)[0];
    return line.trim() !== '' && !(hosts && hosts.split(',').some((h) => ours.has(h)));
  });
  const lines = [...kept, ...entries.map((e) => knownHostsLine(e.address, e.port, e.publicKey))];
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

/**
 * The public key blobs (SSH wire format) that known_hosts accepts for address:port.
 * Hashed entries ("|1|...") and markers (@cert-authority, @revoked) are not supported.
 */
export function knownHostKeys(knownHostsText: string, address: string, port: number): Buffer[] {
  const pattern = knownHostsPattern(address, port);
  const keys: Buffer[] = [];
  for (const raw of knownHostsText.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
    const [hosts, , base64] = line.split(/\s+/);
    if (!hosts || !base64 || !hosts.split(',').includes(pattern)) continue;
    keys.push(Buffer.from(base64, 'base64'));
  }
  return keys;
}

/** A synchronous ssh2 `hostVerifier` that accepts only the keys known_hosts lists for address:port. */
export function knownHostsVerifier(knownHostsFile: string, address: string, port: number) {
  return (key: Buffer): boolean => {
    const text = fs.readFileSync(knownHostsFile, 'utf8');
    return knownHostKeys(text, address, port).some((known) => known.equals(key));
  };
}
