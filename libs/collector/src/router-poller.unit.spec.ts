import { RpcError, RpcTimeoutError, TransportError } from '@gohan-es/netconf';
import type { NetconfSession } from '@gohan-es/netconf';
import type { RouterEndpoint } from './endpoints';
import { NetconfRouterPoller, classifyPollError } from './router-poller';

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
