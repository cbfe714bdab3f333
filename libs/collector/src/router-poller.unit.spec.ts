import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RpcError, RpcTimeoutError, TransportError, junosProfile, simulatorProfile } from '@gohan-es/netconf';
import type { NetconfSession } from '@gohan-es/netconf';
import type { RouterEndpoint } from './endpoints';
import { JunosReplyError } from './junos-state';
import {
  COLLECTOR_DEVICE_PROFILES,
  NetconfRouterPoller,
  classifyPollError,
  parseCollectorDeviceProfile,
} from './router-poller';

const MX1: RouterEndpoint = {
  key: 'esi@127.0.0.11:8830',
  host: '127.0.0.11',
  port: 8830,
  username: 'esi',
  password: 'esi',
};

/** A session that answers get-config with `reply()` (or throws what it returns). */
function fakeSession(reply: () => unknown) {
  const session = {
    closed: false,
    filters: [] as string[],
    destroyed: 0,
    async getConfig(args: { filter?: string }) {
      session.filters.push(args.filter ?? '');
      const r = reply();
      if (r instanceof Error) throw r;
      return { data: r };
    },
    destroy() {
      session.destroyed += 1;
      session.closed = true;
    },
    async close() {
      session.closed = true;
    },
  };
  return session;
}

function poller(sessions: ReturnType<typeof fakeSession>[], connectError?: () => Error | undefined) {
  let next = 0;
  return new NetconfRouterPoller({
    knownHostsFile: 'unused',
    connectTimeoutMs: 1000,
    rpcTimeoutMs: 1000,
    connect: async () => {
      const error = connectError?.();
      if (error) throw error;
      return sessions[next++] as unknown as NetconfSession;
    },
  });
}

const parsed = {
  'simulator-state': { 'vrrp-group': [{ interface: 'ae0', unit: '1025', group: '20', state: 'MASTER' }] },
};

describe('NetconfRouterPoller', () => {
  it('should open one session per router and reuse it, one filtered get-config per poll', async () => {
    const s = fakeSession(() => parsed);
    const p = poller([s]);
    for (let i = 0; i < 3; i++) {
      const result = (await p.poll([MX1])).get(MX1.key)!;
      expect(result.status).toBe('ok');
    }
    expect(p.sessionsOpened.get(MX1.key)).toBe(1);
    expect(s.filters).toEqual(Array(3).fill('<simulator-state xmlns="urn:gohan-es:router-sim"/>'));
  });

  it('should tear a timed-out session down and reconnect at the next poll', async () => {
    let hung = true;
    const first = fakeSession(() => (hung ? new RpcTimeoutError('get-config', '7', 1000) : parsed));
    const second = fakeSession(() => parsed);
    const p = poller([first, second]);
    expect((await p.poll([MX1])).get(MX1.key)).toEqual({
      status: 'unreachable',
      error: expect.stringContaining('got no reply'),
    });
    expect(first.destroyed).toBe(1);
    hung = false;
    expect((await p.poll([MX1])).get(MX1.key)!.status).toBe('ok');
    expect(p.sessionsOpened.get(MX1.key)).toBe(2);
  });

  it('should keep the session after an rpc-error (the router answered)', async () => {
    const error = new RpcError(
      [{ type: 'application', tag: 'operation-failed', severity: 'error', message: 'boom', info: {} }],
      'get-config',
      '1',
      '',
    );
    const s = fakeSession(() => error);
    const p = poller([s]);
    expect((await p.poll([MX1])).get(MX1.key)!.status).toBe('error');
    expect(s.destroyed).toBe(0);
  });

  it('should report a refused connection as unreachable', async () => {
    const p = poller(
      [],
      () => new TransportError('ssh to esi@127.0.0.11:8830: connect ECONNREFUSED 127.0.0.11:8830'),
    );
    expect((await p.poll([MX1])).get(MX1.key)!.status).toBe('unreachable');
  });
});

describe('classifyPollError', () => {
  it.each([
    ['a connect timeout', 'unreachable', new TransportError('connect to esi@h:1 timed out after 1000 ms')],
    ['a connection closed', 'unreachable', new TransportError('ssh to esi@h:1 closed while connecting')],
    [
      'an authentication failure',
      'error',
      new TransportError('ssh to esi@h:1: authentication as esi failed'),
    ],
    ['a host key mismatch', 'error', new TransportError('host key mismatch', { fingerprint: 'SHA256:x' })],
    ['an RPC timeout', 'unreachable', new RpcTimeoutError('get-config', '1', 1000)],
    ['anything else', 'error', new Error('anything else')],
  ])('should classify %s as %s', (_, status, error) => expect(classifyPollError(error).status).toBe(status));
});

const junosFixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../test/fixtures/junos', `${name}.xml`), 'utf8');

const JUNOS_REPLIES: Record<string, string> = {
  '<get-vrrp-information/>': junosFixture('get-vrrp-information'),
  '<get-bgp-neighbor-information/>': junosFixture('get-bgp-neighbor-information'),
  '<get-interface-information><terse/></get-interface-information>': junosFixture(
    'get-interface-information-terse',
  ),
};

/**
 * A session that answers the Junos RPCs with the fixtures (or what `override` returns for one); it
 * records every request and how many were in flight when each was sent (pipelining).
 */
function junosSession(override: (rpc: string) => string | Error | undefined = () => undefined) {
  const pending: Array<() => void> = [];
  const session = {
    closed: false,
    destroyed: 0,
    sent: [] as string[],
    inFlightAtSend: [] as number[],
    getConfig() {
      throw new Error('the junos profile sends no get-config');
    },
    rpc(xml: string, options: { timeoutMs?: number }) {
      session.sent.push(xml);
      session.inFlightAtSend.push(pending.length);
      expect(options.timeoutMs).toBe(1000);
      return new Promise((resolve, reject) => {
        pending.push(() => {
          const r = override(xml) ?? JUNOS_REPLIES[xml];
          if (r instanceof Error) reject(r);
          else resolve({ messageId: '1', ok: false, warnings: [], body: {}, raw: r });
        });
        // Replies come once all three are on the wire (a microtask later), in request order.
        if (pending.length === 3) queueMicrotask(() => pending.splice(0).forEach((settle) => settle()));
      });
    },
    destroy() {
      session.destroyed += 1;
      session.closed = true;
    },
    async close() {
      session.closed = true;
    },
  };
  return session;
}

function junosPoller(sessions: ReturnType<typeof junosSession>[]) {
  let next = 0;
  return new NetconfRouterPoller({
    knownHostsFile: 'unused',
    connectTimeoutMs: 1000,
    rpcTimeoutMs: 1000,
    deviceProfile: 'junos',
    connect: async () => sessions[next++] as unknown as NetconfSession,
  });
}

describe('NetconfRouterPoller (junos profile)', () => {
  it('should send the three operational RPCs pipelined on one reused session per router', async () => {
    const s = junosSession();
    const p = junosPoller([s]);
    for (let i = 0; i < 2; i++) {
      const result = (await p.poll([MX1])).get(MX1.key)!;
      expect(result.status === 'ok' && [...result.snapshot.vrrp]).toEqual([
        ['ae0|1025|20', 'MASTER'],
        ['ae0|1026|7', 'BACKUP'],
      ]);
    }
    expect(p.sessionsOpened.get(MX1.key)).toBe(1);
    expect(s.sent).toEqual([
      '<get-vrrp-information/>',
      '<get-bgp-neighbor-information/>',
      '<get-interface-information><terse/></get-interface-information>',
      '<get-vrrp-information/>',
      '<get-bgp-neighbor-information/>',
      '<get-interface-information><terse/></get-interface-information>',
    ]);
    expect(s.inFlightAtSend).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('should build the whole snapshot from the three replies', async () => {
    const result = (await junosPoller([junosSession()]).poll([MX1])).get(MX1.key)!;
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect([...result.snapshot.bgp.keys()]).toEqual([
      'vrf_a|192.168.8.1',
      'vrf_a|2001:db8:8::1',
      'vrf_b|192.168.9.1',
      'master|10.255.0.2',
    ]);
    expect([...result.snapshot.interfaces]).toEqual([
      ['ge-0/0/1.0', 'down'],
      ['ae0.1025', 'up'],
      ['ae0.1026', 'up'],
      ['lo0.0', 'up'],
    ]);
    expect([...result.snapshot.physical]).toEqual([
      ['ge-0/0/1', 'down'],
      ['ae0', 'up'],
      ['lo0', 'up'],
    ]);
  });

  it('should report a reply it cannot read as an error and keep the session', async () => {
    const s = junosSession((rpc) => (rpc === '<get-vrrp-information/>' ? '<rpc-reply/>' : undefined));
    const p = junosPoller([s]);
    expect((await p.poll([MX1])).get(MX1.key)).toEqual({
      status: 'error',
      error: 'get-vrrp-information reply: no <vrrp-information> (got an empty <rpc-reply>)',
    });
    expect(s.destroyed).toBe(0);
  });

  it('should tear the session down when one of the three RPCs times out', async () => {
    const hung = junosSession((rpc) =>
      rpc.startsWith('<get-bgp') ? new RpcTimeoutError('get-bgp-neighbor-information', '2', 1000) : undefined,
    );
    const p = junosPoller([hung, junosSession()]);
    expect((await p.poll([MX1])).get(MX1.key)!.status).toBe('unreachable');
    expect(hung.destroyed).toBe(1);
    expect((await p.poll([MX1])).get(MX1.key)!.status).toBe('ok');
    expect(p.sessionsOpened.get(MX1.key)).toBe(2);
  });

  it('should classify a JunosReplyError as an error (the router answered)', () => {
    expect(classifyPollError(new JunosReplyError('get-vrrp-information', 'empty reply'))).toEqual({
      status: 'error',
      error: 'get-vrrp-information reply: empty reply',
    });
  });
});

describe('parseCollectorDeviceProfile', () => {
  it.each([
    [undefined, 'simulator'],
    ['', 'simulator'],
    ['simulator', 'simulator'],
    [' junos ', 'junos'],
  ])('should read %j as %s', (text, name) => expect(parseCollectorDeviceProfile(text)).toBe(name));

  it.each(['Junos', 'toString', 'cisco'])('should refuse %j', (text) => {
    expect(() => parseCollectorDeviceProfile(text)).toThrow(`must be one of simulator, junos, got "${text}"`);
  });

  it('should open sessions with the netconf lib profile of the same name', () => {
    expect(COLLECTOR_DEVICE_PROFILES).toEqual({ simulator: simulatorProfile, junos: junosProfile });
  });
});
