import path from 'node:path';
import { DEVELOPMENT_SECRETS_KEY } from '@gohan-es/config';
import type { DomainEvent } from '@gohan-es/domain';
import { Collector } from './collector';
import type { PollResult, RouterPoller, StatusSink } from './collector';
import type { RouterEndpoint } from './endpoints';
import { ResourceFeed } from './resource-feed';
import type { RouterSnapshot } from './snapshot';
import { bgpKey, vrrpKey } from './snapshot';
import { CollectorLab, loadFixtureSteps } from './lab';
import { DEFAULT_POSITIVE_STATES } from './tracker';

const STEPS = loadFixtureSteps(path.join(__dirname, '../../domain/test/fixtures/vpn_flow_fixtures.json'));

const MX2 = 'esi@10.79.5.185:830'; // primary (fixture vMX-router-02)
const MX1 = 'esi@10.79.5.184:830'; // secondary
const VRF = 'vrf_gw_sample-ha-router-downlink_1025';
const GW = '3dbcfce5-bca5-4182-991a-c23de685fcf1';
const CREATED = Date.parse('2018-04-16T00:12:29.000Z');

function snapshot(
  vrrp: string | undefined,
  lif = 'up',
  bgp = 'Established',
  neighbor = '192.168.8.1',
  links: Record<string, string> = { ae0: 'up', 'ge-0/0/1': 'up' },
): RouterSnapshot {
  return {
    vrrp: new Map(vrrp ? [[vrrpKey({ interface: 'ae0', unit: '1025', group: 20 }), vrrp]] : []),
    bgp: new Map([[bgpKey({ instance: VRF, neighbor }), bgp]]),
    interfaces: new Map([['ae0.1025', lif]]),
    physical: new Map(Object.entries(links)),
  };
}

class FakePoller implements RouterPoller {
  readonly calls: string[][] = [];
  answers = new Map<string, PollResult>();
  async poll(endpoints: readonly RouterEndpoint[]) {
    this.calls.push(endpoints.map((e) => e.key).sort());
    return new Map(
      endpoints.map((e) => [
        e.key,
        this.answers.get(e.key) ?? { status: 'unreachable' as const, error: 'down' },
      ]),
    );
  }
  async close() {}
}

class FakeSink implements StatusSink {
  readonly batches: DomainEvent[][] = [];
  failNext = false;
  async publish(events: readonly DomainEvent[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker gone');
    }
    this.batches.push([...events]);
  }
}

function world(holdPeriodMs = 0) {
  const lab = new CollectorLab({ steps: STEPS, clock: () => new Date(CREATED) });
  const feed = new ResourceFeed({ secretsKey: DEVELOPMENT_SECRETS_KEY });
  for (const e of [...lab.inventory(), ...lab.seed(), ...lab.settle().domain]) feed.apply(e);
  const poller = new FakePoller();
  const sink = new FakeSink();
  let now = CREATED + 1000;
  const collector = new Collector({
    resources: feed,
    poller,
    sink,
    options: { holdPeriodMs, heartbeatMs: 0, positiveStates: DEFAULT_POSITIVE_STATES },
    clock: () => now,
  });
  const routers = (mx2: PollResult, mx1: PollResult) => {
    poller.answers = new Map([
      [MX2, mx2],
      [MX1, mx1],
    ]);
  };
  const tick = async (seconds = 5) => {
    now += seconds * 1000;
    return collector.cycle();
  };
  const summary = (events: DomainEvent[] = sink.batches.at(-1) ?? []) =>
    events.map(
      (e) =>
        `${e.aggregate_type}:${e.aggregate_id.slice(0, 8)} v${e.aggregate_version} ${String(e.data['operational_state'])}`,
    );
  return { feed, poller, sink, collector, routers, tick, summary };
}

const ok = (s: RouterSnapshot): PollResult => ({ status: 'ok', snapshot: s });

describe('Collector', () => {
  describe('When the routers report MASTER/BACKUP, interfaces up and peers Established', () => {
    const w = world();
    beforeAll(async () => {
      w.routers(ok(snapshot('MASTER')), ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5')));
      await w.tick();
    });

    it('should report every monitored resource UP once, tagged with its config version', () => {
      expect(w.summary()).toEqual([
        'edge_router:7a35974a v1 UP',
        'edge_router:b7e6d8ad v1 UP',
        'er_physical_interface:2bc8e40d v1 UP',
        'er_physical_interface:3118d6be v1 UP',
        'er_physical_interface:c8e2d558 v1 UP',
        'er_physical_interface:f3ecf585 v1 UP',
        'gw_interface:3dbcfce5 v1 UP',
        'ese_logical_port:257d0a9f v1 UP',
        'ese_logical_port:e30fdd19 v1 UP',
        'port:53eeb091 v2 UP',
        'port:5eebab65 v2 UP',
        'vpn_interface:07d4f1fc v1 UP',
      ]);
    });

    it('should poll each router once per cycle, and report nothing in a steady state', async () => {
      const report = await w.tick();
      expect(report.events).toBe(0);
      expect(w.sink.batches).toHaveLength(1);
      expect(w.poller.calls).toEqual([
        [MX1, MX2],
        [MX1, MX2],
      ]);
    });

    it('should show the MASTER side, since when, and what each router said in the gw_interface detail', () => {
      const gw = w.sink.batches[0]!.find((e) => e.aggregate_id === GW)!;
      expect(gw.data['detail']).toEqual({
        observed_at: '2018-04-16T00:12:35.000Z',
        since: '2018-04-16T00:12:35.000Z',
        master: 'primary',
        reason: null,
        routers: {
          primary: { router: 'vMX-router-02', interface: 'ae0.1025', group: 20, vrrp: 'MASTER' },
          secondary: { router: 'vMX-router-01', interface: 'ae0.1025', group: 20, vrrp: 'BACKUP' },
        },
      });
    });

    it('should report a failover as one event: still UP, master secondary', async () => {
      w.routers(ok(snapshot('BACKUP')), ok(snapshot('MASTER', 'up', 'Established', '192.168.8.5')));
      await w.tick();
      expect(w.summary()).toEqual(['gw_interface:3dbcfce5 v1 UP']);
      expect(w.sink.batches.at(-1)![0]!.data['detail']).toMatchObject({
        master: 'secondary',
        since: '2018-04-16T00:12:45.000Z',
      });
    });

    it('should report DOWN when both are BACKUP', async () => {
      w.routers(ok(snapshot('BACKUP')), ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5')));
      await w.tick();
      expect(w.summary()).toEqual(['gw_interface:3dbcfce5 v1 DOWN']);
    });

    it('should report FAIL for what the unreachable router carries, and the router itself DOWN', async () => {
      w.routers(ok(snapshot('MASTER')), { status: 'unreachable', error: 'connect ECONNREFUSED' });
      await w.tick();
      expect(w.summary()).toEqual([
        'edge_router:b7e6d8ad v1 DOWN',
        'er_physical_interface:2bc8e40d v1 FAIL',
        'er_physical_interface:c8e2d558 v1 FAIL',
        'gw_interface:3dbcfce5 v1 FAIL',
        'ese_logical_port:257d0a9f v1 FAIL',
        'port:53eeb091 v2 FAIL',
        'vpn_interface:07d4f1fc v1 FAIL',
      ]);
    });

    it('should report the recovery', async () => {
      w.routers(ok(snapshot('MASTER')), ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5')));
      await w.tick();
      expect(w.summary()).toEqual([
        'edge_router:b7e6d8ad v1 UP',
        'er_physical_interface:2bc8e40d v1 UP',
        'er_physical_interface:c8e2d558 v1 UP',
        'gw_interface:3dbcfce5 v1 UP',
        'ese_logical_port:257d0a9f v1 UP',
        'port:53eeb091 v2 UP',
        'vpn_interface:07d4f1fc v1 UP',
      ]);
    });

    it('should report DOWN for a port whose unit is down', async () => {
      w.routers(ok(snapshot('MASTER', 'down')), ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5')));
      await w.tick();
      expect(w.summary()).toEqual(['ese_logical_port:e30fdd19 v1 DOWN', 'port:5eebab65 v2 DOWN']);
    });

    it('should report again in the next cycle what a failed publish lost', async () => {
      w.routers(ok(snapshot('MASTER')), ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5')));
      w.sink.failNext = true;
      await expect(w.tick()).rejects.toThrow('broker gone');
      await w.tick();
      expect(w.summary()).toEqual(['ese_logical_port:e30fdd19 v1 UP', 'port:5eebab65 v2 UP']);
    });

    it('should report an er_physical_interface whose link is down DOWN, missing FAIL, and back UP', async () => {
      const mx1 = ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5'));
      w.routers(
        ok(snapshot('MASTER', 'up', 'Established', '192.168.8.1', { ae0: 'down', 'ge-0/0/1': 'up' })),
        mx1,
      );
      await w.tick();
      expect(w.summary()).toEqual(['er_physical_interface:3118d6be v1 DOWN']);
      w.routers(ok(snapshot('MASTER', 'up', 'Established', '192.168.8.1', { ae0: 'down' })), mx1);
      await w.tick();
      expect(w.summary()).toEqual(['er_physical_interface:f3ecf585 v1 FAIL']);
      expect(w.sink.batches.at(-1)![0]!.data['detail']).toMatchObject({
        reason: 'physical interface ge-0/0/1 not found on router vMX-router-02',
        routers: { self: { router: 'vMX-router-02', interface: 'ge-0/0/1', oper_status: 'MISSING' } },
      });
      w.routers(ok(snapshot('MASTER')), mx1);
      await w.tick();
      expect(w.summary()).toEqual([
        'er_physical_interface:3118d6be v1 UP',
        'er_physical_interface:f3ecf585 v1 UP',
      ]);
    });
  });

  describe('When the resources are within their hold period', () => {
    it('should hold back FAIL (group not configured yet) and let UP through', async () => {
      const w = world(360_000);
      w.routers(ok(snapshot(undefined, 'up')), ok(snapshot(undefined, 'up', 'Established', '192.168.8.5')));
      const first = await w.tick();
      expect(first.held).toBe(1);
      expect(w.summary()).not.toContain('gw_interface:3dbcfce5 v1 FAIL');
      w.routers(ok(snapshot('MASTER')), ok(snapshot('BACKUP', 'up', 'Established', '192.168.8.5')));
      await w.tick();
      expect(w.summary()).toEqual(['gw_interface:3dbcfce5 v1 UP']);
    });
  });
});
