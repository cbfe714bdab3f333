// Against the simulated routers: SSH transport, host-key verification, hello and framing.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TransportError } from '../src/errors';
import { CAP_BASE_11 } from '../src/hello';
import { fingerprintSha256, parseKnownHosts } from '../src/known-hosts';
import { NetconfSession } from '../src/session';
import { connect, connectOptions, interfaceFilter, routerEnv } from './routers';

const dir = mkdtempSync(path.join(tmpdir(), 'netconf-int-'));

function ed25519Base64(): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(der.subarray(der.length - 32))]).toString(
    'base64',
  );
}

function knownHostsFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('NETCONF over SSH to the simulated routers', () => {
  describe('When the host key is in known_hosts', () => {
    it.each([
      ['MX-1', routerEnv.mx1],
      ['MX-2', routerEnv.mx2],
    ])('should open a verified session to %s with chunked framing', async (_name, host) => {
      const session = await connect(host);
      try {
        expect(session.sessionId).toMatch(/^\d+$/);
        expect(session.framing).toBe('chunked');
        expect(session.hasCapability(CAP_BASE_11)).toBe(true);
        expect(session.hasCapability('urn:ietf:params:netconf:capability:candidate:1.0')).toBe(true);
        expect(session.hasCapability('urn:ietf:params:netconf:capability:confirmed-commit:1.1')).toBe(true);
        const reply = await session.getConfig({ source: 'running', filter: interfaceFilter('none/0/0') });
        expect(reply.ok).toBe(false);
      } finally {
        await session.close();
      }
      expect(session.closed).toBe(true);
    });

    it('should speak end-of-message framing when the client offers only base:1.0', async () => {
      const session = await connect(routerEnv.mx1, { framing: 'eom' });
      try {
        expect(session.framing).toBe('eom');
        await expect(
          session.getConfig({ source: 'running', filter: interfaceFilter('none/0/0') }),
        ).resolves.toBeDefined();
      } finally {
        await session.close();
      }
    });
  });

  describe('When the host key does not match', () => {
    it('should refuse with a TransportError naming the host and the presented SHA256 fingerprint', async () => {
      const real = parseKnownHosts(readFileSync(routerEnv.knownHostsFile, 'utf8')).find((e) =>
        e.patterns.includes(`[${routerEnv.mx1}]:${routerEnv.port}`),
      );
      const file = knownHostsFile(
        'wrong',
        `[${routerEnv.mx1}]:${routerEnv.port} ssh-ed25519 ${ed25519Base64()}\n`,
      );
      const err = await NetconfSession.connect(connectOptions(routerEnv.mx1, { knownHostsFile: file })).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TransportError);
      const message = (err as Error).message;
      expect(message).toContain(`host key mismatch for [${routerEnv.mx1}]:${routerEnv.port}`);
      expect(real).toBeDefined();
      expect(message).toContain(fingerprintSha256(real!.key));
      expect((err as TransportError).details.fingerprint).toBe(fingerprintSha256(real!.key));
    });

    it('should refuse an unknown host', async () => {
      const file = knownHostsFile('empty', '# nothing\n');
      await expect(
        NetconfSession.connect(connectOptions(routerEnv.mx2, { knownHostsFile: file })),
      ).rejects.toThrow(
        new RegExp(
          `host \\[${routerEnv.mx2.replace(/\./g, '\\.')}\\]:${routerEnv.port} is not in known_hosts \\(presented ssh-ed25519 SHA256:`,
        ),
      );
    });

    it('should connect with acceptAnyHostKey (tests only)', async () => {
      const session = await connect(routerEnv.mx2, { knownHostsFile: undefined, acceptAnyHostKey: true });
      await session.close();
    });
  });

  describe('When authentication or the network fails', () => {
    it('should report a wrong password as a retriable TransportError without the password', async () => {
      const err = await connect(routerEnv.mx1, { password: 'not-the-password' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ retriable: true });
      expect((err as Error).message).toMatch(/authentication as .* failed/);
      expect((err as Error).message).not.toContain('not-the-password');
    });

    it('should give up after connectTimeoutMs when the server never speaks SSH', async () => {
      const sockets: Socket[] = [];
      const server: Server = createServer((s) => void sockets.push(s));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const file = knownHostsFile('silent', `[127.0.0.1]:${port} ssh-ed25519 ${ed25519Base64()}\n`);
      try {
        const started = Date.now();
        const err = await NetconfSession.connect(
          connectOptions('127.0.0.1', { port, knownHostsFile: file, connectTimeoutMs: 300 }),
        ).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransportError);
        expect((err as Error).message).toMatch(/timed out|handshake/i);
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        sockets.forEach((s) => s.destroy());
        server.close();
      }
    });

    it('should report a refused connection', async () => {
      const file = knownHostsFile('refused', '');
      await expect(
        NetconfSession.connect(connectOptions('127.0.0.1', { port: 1, knownHostsFile: file })),
      ).rejects.toThrow(TransportError);
    });
  });
});
