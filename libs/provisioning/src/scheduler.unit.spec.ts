// Convergence on in-memory routers: changes queued while a pair is busy coalesce into one
// transaction, never two changes in flight on one router, results reported per resource (the
// ports and ELPs of a gw_interface with it), a failed resource left out until re-applied.
import { createCmd, labThrough } from '../../domain/test/lab';
import { DevicePool } from './device-pool';
import { MemorySink } from './results';
import { Scheduler } from './scheduler';
import { FAST_PROFILE, FakeRouter, rpcErrorXml } from './test-support/fake-router';
import { GW, KEY, VPN_GW, sealed } from './test-support/lab';
import { Tracker, keyOf } from './tracker';

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function world(routes: number) {
  const lab = labThrough('gw_interface');
  const ids = Array.from(
    { length: routes },
    (_, i) => `5a000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  ids.forEach((id, i) =>
    lab.run(
      createCmd(
        'static_route',
        { destination: `10.${i}.0.0/24`, nexthop: '172.16.101.1', service_type: 'vpn', vpn_gw_id: VPN_GW },
        [id],
      ),
    ),
  );
  const tracker = new Tracker();
  for (const e of lab.events) tracker.onEvent(sealed(e));
  for (const t of tracker.all())
    if (['vpn_gateway', 'vpn_interface'].includes(t.type))
      tracker.markApplied(t, tracker.record(t.type, t.id)!.version);
  const routers = new Map([
    ['10.79.5.185', new FakeRouter('MX-2')],
    ['10.79.5.184', new FakeRouter('MX-1')],
  ]);
  const pool = new DevicePool({
    profile: FAST_PROFILE,
    knownHostsFile: '/dev/null',
    secretsKey: KEY,
    connectTimeoutMs: 1000,
    open: (target) => routers.get(target.host)!.open(),
  });
  const sink = new MemorySink();
  const scheduler = new Scheduler({
    tracker,
    pool,
    sink,
    secretsKey: KEY,
    commit: { profile: FAST_PROFILE, confirmTimeoutSec: 60, lockWaitMs: 100 },
    retry: { initialMs: 5, maxMs: 10, deadlineMs: 50 },
    coalesce: true,
    maxBatch: 500,
    logger: quiet,
  });
  return { tracker, routers, pool, sink, scheduler, routeKeys: ids.map((id) => keyOf('static_route', id)) };
}

const results = (sink: MemorySink, type: string) =>
  sink.events
    .filter((e) => e.aggregate_type === type)
    .map((e) => `${e.event_type} ${String(e.data['action'])}`);

describe('Scheduler', () => {
  describe('When changes arrive while the pair is busy', () => {
    it('should coalesce them into one more transaction, one change in flight per router', async () => {
      const { routers, pool, sink, scheduler, routeKeys } = world(10);
      for (const r of routers.values()) r.delayMs = 5;
      void scheduler.enqueue(routeKeys[0]!);
      scheduler.kick(); // the first route goes alone
      for (const key of routeKeys.slice(1)) void scheduler.enqueue(key);
      scheduler.kick(); // the pair is busy: the other nine wait, together
      await scheduler.whenIdle();
      expect(scheduler.stats).toMatchObject({ batches: 2, items: 10, commits: 4, failed: 0 });
      for (const r of routers.values()) {
        expect(r.contention).toBe(0);
        expect(r.ops.filter((o) => o === 'commit confirmed')).toHaveLength(2);
      }
      expect(results(sink, 'static_route').filter((r) => r === 'ProvisioningSucceeded create')).toHaveLength(
        10,
      );
      await pool.closeAll();
    });
  });

  describe('When a gw_interface is applied', () => {
    it('should report its ports and ELPs with it, and then report nothing more to do', async () => {
      const { sink, scheduler, pool, tracker } = world(0);
      void scheduler.enqueue(keyOf('gw_interface', GW));
      for (const child of tracker.childrenOf(keyOf('gw_interface', GW)))
        void scheduler.enqueue(keyOf(child.type, child.id));
      scheduler.kick();
      await scheduler.whenIdle();
      expect(results(sink, 'gw_interface')).toEqual([
        'ProvisioningStarted create',
        'ProvisioningSucceeded create',
      ]);
      expect(results(sink, 'port')).toEqual([
        'ProvisioningStarted create',
        'ProvisioningStarted create',
        'ProvisioningSucceeded create',
        'ProvisioningSucceeded create',
      ]);
      expect(tracker.pending()).toEqual([]);
      await pool.closeAll();
    });
  });

  describe('When the routers refuse a coalesced batch', () => {
    it('should apply its items one by one so that only the offending resource fails', async () => {
      const { routers, sink, scheduler, pool, routeKeys, tracker } = world(3);
      routers.get('10.79.5.184')!.refuse = (op, xml) =>
        op === 'edit-config' && xml.includes('10.1.0.0/24') ? rpcErrorXml('invalid-value', 'no') : undefined;
      for (const key of routeKeys) void scheduler.enqueue(key);
      scheduler.kick();
      await scheduler.whenIdle();
      expect(scheduler.stats.failed).toBe(1);
      const failed = sink.events.filter((e) => e.event_type === 'ProvisioningFailed');
      expect(failed.map((e) => [e.aggregate_id, e.data['router']])).toEqual([
        [routeKeys[1]!.split('/')[1], 'vMX-router-01'],
      ]);
      expect(tracker.pending().filter((i) => i.type === 'static_route')).toEqual([]); // waits for a re-apply
      const reapplied = scheduler.enqueue(routeKeys[1]!, { force: true });
      routers.get('10.79.5.184')!.refuse = undefined;
      scheduler.kick();
      expect(await reapplied).toMatchObject({ ok: true });
      await pool.closeAll();
    });
  });
});
