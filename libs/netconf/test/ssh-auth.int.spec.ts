// RFC 6242 §3 and §6 over a real SSH connection to an in-test ssh2 Server: private-key login
// (plain and passphrase-protected) and host-key verification. The simulated routers accept a
// password; their authorized_keys file belongs to the stack, so key login is exercised here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection, ParsedKey } from 'ssh2';
import { Server, utils } from 'ssh2';
import { generateEd25519KeyPair } from '@gohan-es/router-sim';
import { junosProfile } from '../src/devices/junos';
import { TransportError } from '../src/errors';
import { NetconfSession } from '../src/session';
import { FakeDevice } from './fake-device';

const dir = mkdtempSync(path.join(tmpdir(), 'netconf-ssh-'));
const hostKey = generateEd25519KeyPair();
const clientKey = generateEd25519KeyPair();
const lockedKey = generateEd25519KeyPair({
  passphrase: 'open sesame',
  cipher: 'aes256-ctr',
  rounds: 16,
});
const strangerKey = generateEd25519KeyPair();

function parsed(publicKey: string): ParsedKey {
  const key = utils.parseKey(publicKey);
  if (key instanceof Error) throw key;
  return key;
}
const allowed = [parsed(clientKey.public), parsed(lockedKey.public)];

/** Accepts the allowed public keys; serves the "netconf" subsystem with a FakeDevice. */
function onClient(client: Connection): void {
  client.on('authentication', (ctx) => {
    if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
    const key = allowed.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
    if (!key) return ctx.reject(['publickey']);
    if (!ctx.signature) return ctx.accept(); // key probe
    return key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true
      ? ctx.accept()
      : ctx.reject(['publickey']);
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      acceptSession().on('subsystem', (accept, reject, info) => {
        if (info.name !== 'netconf') return reject();
        const channel = accept();
        const device = new FakeDevice();
        device.onData((chunk) => channel.write(chunk));
        channel.on('data', (chunk: Buffer) => device.write(chunk));
        channel.on('close', () => device.close());
      });
    });
  });
  client.on('error', () => undefined);
}

describe('SSH transport with private-key login', () => {
  const server = new Server({ hostKeys: [hostKey.private] }, onClient);
  let port = 0;
  let knownHostsFile = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    knownHostsFile = path.join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostKey.public}\n`);
  });

  afterAll(() => {
    server.close();
  });

  const options = (extra: object): Parameters<typeof NetconfSession.connect>[0] => ({
    host: '127.0.0.1',
    port,
    username: 'netconf',
    knownHostsFile,
    profile: junosProfile,
    connectTimeoutMs: 5000,
    ...extra,
  });

  it('should log in with a private key and run rpcs', async () => {
    const session = await NetconfSession.connect(options({ privateKey: clientKey.private }));
    try {
      expect(session.framing).toBe('chunked');
      await expect(session.lock()).resolves.toMatchObject({ ok: true });
    } finally {
      await session.close();
    }
  });

  it('should log in with a passphrase-protected private key', async () => {
    const session = await NetconfSession.connect(
      options({ privateKey: lockedKey.private, passphrase: 'open sesame' }),
    );
    await session.close();
  });

  it('should reject a key the server does not accept', async () => {
    const err = await NetconfSession.connect(options({ privateKey: strangerKey.private })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/authentication as netconf failed/);
  });
});
