import { knownHostKeys, knownHostsLine, knownHostsPattern } from './host-keys';

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAING60B9CpiPP1akQqdKEnMTIa7103N3NghtTZ+afJRoe';

describe('known_hosts', () => {
  it('should use the bracketed OpenSSH pattern for a non-default port', () => {
    expect(knownHostsPattern('127.0.0.11', 8830)).toBe('[127.0.0.11]:8830');
    expect(knownHostsPattern('127.0.0.11', 22)).toBe('127.0.0.11');
    expect(knownHostsLine('127.0.0.11', 8830, `ssh-ed25519 ${KEY}`)).toBe(
      `[127.0.0.11]:8830 ssh-ed25519 ${KEY}`,
    );
  });

  it('should find the keys of exactly that address and port', () => {
    const text = [
      '# comment',
      `[127.0.0.11]:8830 ssh-ed25519 ${KEY}`,
      `[127.0.0.12]:8830 ssh-ed25519 AAAA`,
      `127.0.0.11 ssh-ed25519 AAAB`,
      `other,[127.0.0.11]:8830 ssh-rsa AAAC`,
    ].join('\n');
    expect(knownHostKeys(text, '127.0.0.11', 8830).map((k) => k.toString('base64'))).toEqual([KEY, 'AAAC']);
    expect(knownHostKeys(text, '127.0.0.13', 8830)).toEqual([]);
  });
});
