// Against the simulated routers: typed rpc-errors (RFC 6241 Appendix A tags) and per-RPC timeouts.
import { createServer, connect as connectTcp } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { configurationXml } from '../src/devices/profile';
import { simulatorProfile } from '../src/devices/simulator';
import { ConfigLoadError, LockError, RpcError, RpcTimeoutError } from '../src/errors';
import type { NetconfSession } from '../src/session';
import {
  connect,
  interfaceFilter,
  lockCandidate,
  removeInterfaces,
  routerEnv,
  testInterface,
  unitXml,
} from './routers';

const IF = testInterface('3');
const config = (inner: string): string => configurationXml(simulatorProfile, inner);

describe('NETCONF errors from a simulated router', () => {
  let a: NetconfSession;
  let b: NetconfSession;

  beforeAll(async () => {
    [a, b] = await Promise.all([connect(routerEnv.mx2), connect(routerEnv.mx2)]);
  });

  afterAll(async () => {
    try {
      if (a) await removeInterfaces(a, [IF]);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });

  describe('When two sessions lock the candidate', () => {
    it('should refuse the second with LockError lock-denied naming the holder', async () => {
      await lockCandidate(a);
      try {
        const err = await b.lock().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LockError);
        expect(err).toMatchObject({ tag: 'lock-denied', holderSessionId: a.sessionId, retriable: false });
        expect((err as LockError).cause).toBeInstanceOf(RpcError);
        expect((err as LockError).cause).toMatchObject({ type: 'protocol', severity: 'error' });
      } finally {
        await a.unlock();
      }
    });
  });

  describe('When an edit is refused', () => {
    it('should throw ConfigLoadError data-missing when deleting a missing node', async () => {
      await lockCandidate(a);
      try {
        const missing = `<interfaces><interface operation="delete"><name>${IF}</name></interface></interfaces>`;
        const err = await a.editConfig({ config: config(missing) }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConfigLoadError);
        expect(err).toMatchObject({ tag: 'data-missing' });
        expect((err as ConfigLoadError).cause).toMatchObject({ rpc: 'edit-config', severity: 'error' });
        expect((err as ConfigLoadError).cause.path).toBeTruthy();
      } finally {
        await a.discardChanges();
        await a.unlock();
      }
    });

    it('should throw ConfigLoadError invalid-value for a value out of range', async () => {
      await lockCandidate(a);
      try {
        const bad = unitXml(IF, 4095).replace('<vlan-id>4095</vlan-id>', '<vlan-id>5000</vlan-id>');
        const err = await a.editConfig({ config: config(bad) }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConfigLoadError);
        expect((err as ConfigLoadError).cause).toMatchObject({ tag: 'invalid-value', severity: 'error' });
        expect((err as ConfigLoadError).message).toMatch(/^edit-config on .*: edit-config failed: /);
      } finally {
        await a.discardChanges();
        await a.unlock();
      }
    });
  });

  describe('When a reply does not arrive in time', () => {
    // A TCP relay between the session and MX-2 holds the router's bytes while `stalled` is set, so
    // "the reply is late" is a fact of the test, not a race between a 1 ms timer and the router.
    let relay: StallingRelay;
    let c: NetconfSession;

    beforeAll(async () => {
      relay = await StallingRelay.start(routerEnv.mx2, routerEnv.port);
      // The relay's address is not in known_hosts; host keys are covered by ssh-auth.int.spec.ts.
      c = await connect('127.0.0.1', { port: relay.port, knownHostsFile: undefined, acceptAnyHostKey: true });
    });

    afterAll(async () => {
      relay?.release();
      await c?.close();
      await relay?.stop();
    });

    it('should fail only that rpc with a retriable RpcTimeoutError and keep the session usable', async () => {
      const filter = interfaceFilter('none/0/0');
      relay.stall();
      const patient = c.getConfig({ source: 'running', filter });
      const late = c.getConfig({ source: 'running', filter }, { timeoutMs: 200 });
      const err = await late.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcTimeoutError);
      expect(err).toMatchObject({ retriable: true, rpc: 'get-config', timeoutMs: 200 });
      expect(c.inFlight).toBe(1);
      relay.release();
      await expect(patient).resolves.toMatchObject({ ok: false });
      // The timed-out rpc's reply arrived too and was dropped; the next rpc gets its own reply.
      await expect(c.getConfig({ source: 'running', filter })).resolves.toMatchObject({ ok: false });
      expect(c.inFlight).toBe(0);
    });
  });
});

/** Loopback TCP relay to a router that can hold everything the router sends until released. */
class StallingRelay {
  private stalled = false;
  private readonly held: Array<{ to: Socket; chunk: Buffer }> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(host: string, port: number): Promise<StallingRelay> {
    const server = createServer();
    const relay = new StallingRelay(server);
    server.on('connection', (client) => relay.relay(client, host, port));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  stall(): void {
    this.stalled = true;
  }

  release(): void {
    this.stalled = false;
    for (const { to, chunk } of this.held.splice(0)) to.write(chunk);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, host: string, port: number): void {
    const router = connectTcp(port, host);
    for (const s of [client, router]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        router.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => router.write(chunk));
    router.on('data', (chunk: Buffer) => {
      if (this.stalled) this.held.push({ to: client, chunk });
      else client.write(chunk);
    });
  }
}
