import { FakeDevice } from '../test/fake-device';
import { encodeChunked } from './framing/chunked';
import { simulatorProfile } from './devices/simulator';
import { FramingError, LockError, RpcError, RpcTimeoutError, TransportError } from './errors';
import type { NetconfLogger } from './logger';
import { NetconfSession } from './session';

const rpcError = (tag: string, severity = 'error', info = ''): string =>
  `<rpc-error><error-type>protocol</error-type><error-tag>${tag}</error-tag><error-severity>${severity}</error-severity>` +
  `<error-message>${tag} happened</error-message>${info}</rpc-error>`;

function capture(): { logger: NetconfLogger; lines: string[] } {
  const lines: string[] = [];
  const log = (obj: Record<string, unknown>, msg?: string): void =>
    void lines.push(JSON.stringify({ ...obj, msg }));
  return { logger: { debug: log, info: log, warn: log, error: log }, lines };
}

describe('NetconfSession', () => {
  describe('When opening', () => {
    it('should switch to chunked framing when both hellos advertise base:1.1', async () => {
      const device = new FakeDevice();
      const session = await NetconfSession.open(device);
      expect(session.sessionId).toBe('77');
      expect(session.framing).toBe('chunked');
      await session.lock();
      const frame = device.writes[1]!.toString();
      expect(frame.startsWith('\n#')).toBe(true);
      expect(frame.endsWith('\n##\n')).toBe(true);
    });

    it('should keep end-of-message framing with a base:1.0-only server', async () => {
      const device = new FakeDevice({ capabilities: ['urn:ietf:params:netconf:base:1.0'] });
      const session = await NetconfSession.open(device);
      expect(session.framing).toBe('eom');
      await session.lock();
      expect(device.writes[1]!.toString().endsWith(']]>]]>')).toBe(true);
    });

    it('should decode chunked bytes that arrive in the same read as the server hello', async () => {
      const notification = encodeChunked(
        '<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"/>',
      );
      const session = await NetconfSession.open(new FakeDevice({ afterHello: notification.toString() }));
      await expect(session.discardChanges()).resolves.toMatchObject({ ok: true });
    });

    it('should wait postHelloDelayMs after the client hello before the first rpc', async () => {
      const device = new FakeDevice();
      const session = await NetconfSession.open(device, { profile: simulatorProfile });
      await session.lock();
      expect(device.writeTimes[1]! - device.writeTimes[0]!).toBeGreaterThanOrEqual(
        simulatorProfile.postHelloDelayMs - 1,
      );
    });

    it('should fail with TransportError when no hello arrives in time', async () => {
      const device = new FakeDevice({ mute: true });
      await expect(NetconfSession.open(device, { connectTimeoutMs: 30 })).rejects.toThrow(
        /no NETCONF <hello> .* within 30 ms/,
      );
    });
  });

  describe('When rpcs are pipelined', () => {
    it('should match out-of-order replies by message-id', async () => {
      const device = new FakeDevice({ handler: () => undefined });
      const session = await NetconfSession.open(device);
      const a = session.get({ filter: '<a/>' });
      const b = session.get({ filter: '<b/>' });
      const c = session.get({ filter: '<c/>' });
      expect(session.inFlight).toBe(3);
      const [idA, idB, idC] = device.requests.map((r) => r.messageId);
      device.reply(idC!, '<data><c>3</c></data>');
      device.reply(idA!, '<data><a>1</a></data>');
      device.reply(idB!, '<data><b>2</b></data>');
      expect((await a).data).toEqual({ a: '1' });
      expect((await b).data).toEqual({ b: '2' });
      expect((await c).data).toEqual({ c: '3' });
      expect(new Set([idA, idB, idC]).size).toBe(3);
    });

    it('should write each framed message in one write', async () => {
      const device = new FakeDevice();
      const session = await NetconfSession.open(device);
      await Promise.all([session.lock(), session.discardChanges(), session.unlock()]);
      expect(device.writes).toHaveLength(4);
      for (const w of device.writes.slice(1))
        expect(w.toString()).toMatch(/^\n#\d+\n<\?xml[\s\S]*<\/rpc>\n##\n$/);
    });
  });

  describe('When the device does not answer', () => {
    it('should fail the rpc with a retriable RpcTimeoutError and stay usable', async () => {
      const device = new FakeDevice({ handler: (req) => (req.op === 'get' ? undefined : '<ok/>') });
      const session = await NetconfSession.open(device);
      const err = await session.get(undefined, { timeoutMs: 20 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcTimeoutError);
      expect(err).toMatchObject({ retriable: true, rpc: 'get', timeoutMs: 20 });
      device.reply(device.requests[0]!.messageId, '<data/>'); // late reply is dropped
      await expect(session.lock()).resolves.toMatchObject({ ok: true });
    });
  });

  describe('When the device replies with errors', () => {
    it('should throw LockError wrapping the RpcError', async () => {
      const info = '<error-info><session-id>12</session-id></error-info>';
      const session = await NetconfSession.open(
        new FakeDevice({ handler: () => rpcError('lock-denied', 'error', info) }),
      );
      const err = await session.lock().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockError);
      expect((err as LockError).cause).toBeInstanceOf(RpcError);
      expect(err).toMatchObject({ tag: 'lock-denied', holderSessionId: '12', retriable: false });
    });

    it('should return warnings when the reply has only warnings', async () => {
      const session = await NetconfSession.open(
        new FakeDevice({ handler: () => `${rpcError('operation-failed', 'warning')}<ok/>` }),
      );
      const reply = await session.commit();
      expect(reply.warnings.map((w) => w.tag)).toEqual(['operation-failed']);
    });
  });

  describe('When the transport fails', () => {
    it('should fail every pending rpc with a retriable TransportError and notify onClose', async () => {
      const device = new FakeDevice({ handler: () => undefined });
      const session = await NetconfSession.open(device);
      const closed = new Promise<Error>((resolve) => session.onClose(resolve));
      const pending = [session.lock(), session.getConfig({ source: 'running' })];
      device.close(new Error('connection reset'));
      for (const p of pending) {
        const err = await p.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransportError);
        expect(err).toMatchObject({ retriable: true, details: { host: 'fake', port: 830 } });
        expect((err as Error).message).toMatch(/session 77 to test@fake:830 closed: connection reset/);
      }
      expect(await closed).toBeInstanceOf(TransportError);
      expect(session.closed).toBe(true);
      await expect(session.lock()).rejects.toThrow(TransportError);
    });

    it('should fail pending rpcs with FramingError on malformed framing', async () => {
      const device = new FakeDevice({ handler: () => undefined });
      const session = await NetconfSession.open(device);
      const p = session.lock();
      device.emit(Buffer.from('\n#abc\n'));
      await expect(p).rejects.toThrow(FramingError);
      expect(session.closed).toBe(true);
    });
  });

  describe('When closing', () => {
    it('should send close-session and close the transport', async () => {
      const device = new FakeDevice();
      const session = await NetconfSession.open(device);
      await session.close();
      expect(device.requests.map((r) => r.op)).toEqual(['close-session']);
      expect(session.closed).toBe(true);
    });
  });

  describe('When logging', () => {
    it('should log rpc names, ids and durations and never secrets', async () => {
      const { logger, lines } = capture();
      const session = await NetconfSession.open(new FakeDevice(), { logger, logXml: true });
      await session.editConfig({
        config: '<configuration><authentication-key>TopSecret</authentication-key></configuration>',
      });
      const all = lines.join('\n');
      expect(all).not.toContain('TopSecret');
      expect(lines.some((l) => /"rpc":"edit-config","messageId":"1","durationMs":\d+/.test(l))).toBe(true);
    });
  });
});
