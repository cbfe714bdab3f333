import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  entryMatches,
  fingerprintSha256,
  knownHostName,
  knownKeyTypes,
  parseKnownHosts,
  sshKeyType,
  verifyHostKey,
} from './known-hosts';

/** An OpenSSH ed25519 public key blob: string "ssh-ed25519", string key. */
function ed25519Blob(): Buffer {
  const der = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
  const raw = der.subarray(der.length - 32);
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
}

const keyA = ed25519Blob();
const keyB = ed25519Blob();
const b64 = (k: Buffer): string => k.toString('base64');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  const text = [
    '# comment',
    '',
    `[127.0.0.11]:8830 ssh-ed25519 ${b64(keyA)} mx1`,
    `[127.0.0.12]:8830,[mx2.lab]:8830 ssh-ed25519 ${b64(keyB)}`,
    `${hashed('[10.0.0.1]:830')} ssh-ed25519 ${b64(keyA)}`,
    `router.lab ssh-ed25519 ${b64(keyA)}`,
    `*.pod1.lab,!bad.pod1.lab ssh-ed25519 ${b64(keyA)}`,
    `@revoked [127.0.0.13]:8830 ssh-ed25519 ${b64(keyB)}`,
    'garbage line',
    `[127.0.0.14]:8830 ssh-rsa ${b64(keyA)}`,
  ].join('\n');
  const entries = parseKnownHosts(text);

  it('should parse host patterns, markers and keys, skipping malformed lines', () => {
    expect(entries).toHaveLength(6);
    expect(entries[0]).toMatchObject({ patterns: ['[127.0.0.11]:8830'], keyType: 'ssh-ed25519', line: 3 });
    expect(entries[5]).toMatchObject({ marker: 'revoked', line: 8 });
    expect(sshKeyType(keyA)).toBe('ssh-ed25519');
  });

  it('should name hosts as OpenSSH does', () => {
    expect(knownHostName('r1', 22)).toBe('r1');
    expect(knownHostName('127.0.0.11', 8830)).toBe('[127.0.0.11]:8830');
  });

  it('should match plain, bracketed, hashed, wildcard and negated patterns', () => {
    expect(entryMatches(entries[1]!, 'mx2.lab', 8830)).toBe(true);
    expect(entryMatches(entries[1]!, 'mx2.lab', 830)).toBe(false);
    expect(entryMatches(entries[2]!, '10.0.0.1', 830)).toBe(true);
    expect(entryMatches(entries[2]!, '10.0.0.2', 830)).toBe(false);
    expect(entryMatches(entries[3]!, 'router.lab', 22)).toBe(true);
    expect(entryMatches(entries[4]!, 'r7.pod1.lab', 22)).toBe(true);
    expect(entryMatches(entries[4]!, 'bad.pod1.lab', 22)).toBe(false);
  });

  it('should accept the known key', () => {
    expect(verifyHostKey(entries, '127.0.0.11', 8830, keyA)).toEqual({
      ok: true,
      fingerprint: fingerprintSha256(keyA),
    });
  });

  it('should reject a mismatched key naming the host and both fingerprints', () => {
    const v = verifyHostKey(entries, '127.0.0.11', 8830, keyB);
    expect(v).toMatchObject({ ok: false, reason: 'mismatch', fingerprint: fingerprintSha256(keyB) });
    expect(!v.ok && v.message).toContain('[127.0.0.11]:8830');
    expect(!v.ok && v.message).toContain(fingerprintSha256(keyB));
    expect(!v.ok && v.message).toContain(fingerprintSha256(keyA));
  });

  it('should reject an unknown host with the presented fingerprint', () => {
    const v = verifyHostKey(entries, '127.0.0.99', 8830, keyA);
    expect(v).toMatchObject({ ok: false, reason: 'unknown' });
    expect(!v.ok && v.message).toBe(
      `host [127.0.0.99]:8830 is not in known_hosts (presented ssh-ed25519 ${fingerprintSha256(keyA)})`,
    );
  });

  it('should reject a revoked key', () => {
    expect(verifyHostKey(entries, '127.0.0.13', 8830, keyB)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('should format fingerprints like ssh-keygen -l', () => {
    expect(fingerprintSha256(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });

  it('should list the known key types of a host', () => {
    expect(knownKeyTypes(entries, '127.0.0.12', 8830)).toEqual(['ssh-ed25519']);
    expect(knownKeyTypes(entries, '127.0.0.13', 8830)).toEqual([]);
  });
});
