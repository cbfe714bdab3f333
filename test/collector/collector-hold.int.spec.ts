// The hold period after creation (COLLECTOR_HOLD_PERIOD_MS, DOMAIN.md §5.3, §10.5), against the real
// routers: of two gw_interfaces created together, the one whose VRRP groups the routers report goes
// ACTIVE at once (a positive result passes and ends the hold); the one whose groups are not there
// yet stays PENDING_CREATE — no FAIL is reported — until the period is over, then FAIL →
// MONITORING_UNAVAILABLE, with `since` the first poll that saw it.
import { PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, monitoringTargets } from '@gohan-es/collector';
import { CollectorWorld, uniqueKeys, waitFor } from './world';

const HOLD_MS = 15_000;

describe('Collector hold period (real routers)', () => {
  let world: CollectorWorld;
  let createdAt: number;
  let ready: string;
  let pending: string;

  beforeAll(async () => {
    world = new CollectorWorld({ holdPeriodMs: HOLD_MS });
    await world.start();
    const { mx1, mx2 } = world.config.routers;
    const lab = world.newLab({
      ...uniqueKeys(),
      primary: { ip: mx2.address, port: mx2.port },
      secondary: { ip: mx1.address, port: mx1.port },
    });
    await world.publish(lab.inventory());
    await world.startCollector();
    // Created while the collector runs, so the hold window does not depend on the setup's speed.
    createdAt = Date.now();
    const a = lab.addGateway(false);
    const b = lab.addGateway(false);
    ready = a.gwInterface;
    pending = b.gwInterface;
    const targets = monitoringTargets(lab.model).filter((t) => t.id !== pending);
    await world.routerState(targets, { [PRIMARY_ROUTER_ID]: 'mx2', [SECONDARY_ROUTER_ID]: 'mx1' });
    await world.publishSettled(lab, [...a.events, ...b.events]);
  });

  afterAll(() => world?.close());

  it('should let a positive result through at once', async () => {
    await world.waitForShow('gw_interface', ready, { status: 'ACTIVE', operational_state: 'UP' });
    const detail = (await world.detail('gw_interface', ready))!;
    expect(Date.parse(String(detail['observed_at']))).toBeLessThan(createdAt + HOLD_MS);
  });

  it('should hold back FAIL while the hold lasts', async () => {
    await waitFor(() => world.cycles.at(-1)?.held === 1, { message: 'a cycle holding one change back' });
    const cycles = await world.cyclesPass(3);
    expect(Date.now()).toBeLessThan(createdAt + HOLD_MS); // still inside the hold period
    expect(cycles.map((c) => c.held)).toEqual([1, 1, 1]);
    expect(await world.show('gw_interface', pending, ['status', 'operational_state'])).toEqual({
      status: 'PENDING_CREATE',
      operational_state: 'NO_STATE',
    });
    expect((await world.statusEvents()).filter((e) => e.aggregate_id === pending)).toEqual([]);
  });

  it('should report FAIL once the hold is over, since its first poll', async () => {
    await world.waitForShow(
      'gw_interface',
      pending,
      { status: 'MONITORING_UNAVAILABLE', operational_state: 'FAIL' },
      HOLD_MS + 20_000,
    );
    const detail = (await world.detail('gw_interface', pending))!;
    expect(Date.parse(String(detail['observed_at']))).toBeGreaterThanOrEqual(createdAt + HOLD_MS);
    expect(Date.parse(String(detail['since']))).toBeLessThan(createdAt + HOLD_MS);
    expect(detail['reason']).toMatch(
      /^VRRP group 20 on ae\d+\.\d+ not found on primary router vMX-router-02; VRRP group 20 on ae\d+\.\d+ not found on secondary router vMX-router-01$/,
    );
  });
});
