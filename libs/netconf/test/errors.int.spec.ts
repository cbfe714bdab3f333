// Against the simulated routers: typed rpc-errors (RFC 6241 Appendix A tags) and per-RPC timeouts.
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
    it('should fail only that rpc with a retriable RpcTimeoutError and keep the session usable', async () => {
      const filter = interfaceFilter('none/0/0');
      const queued = Array.from({ length: 30 }, () => a.getConfig({ source: 'running', filter }));
      const late = a.getConfig({ source: 'running', filter }, { timeoutMs: 1 });
      const err = await late.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcTimeoutError);
      expect(err).toMatchObject({ retriable: true, rpc: 'get-config', timeoutMs: 1 });
      await expect(Promise.all(queued)).resolves.toHaveLength(30);
      await expect(a.getConfig({ source: 'running', filter })).resolves.toMatchObject({ ok: false });
      expect(a.inFlight).toBe(0);
    });
  });
});
