// The steady state against the real routers, on a downlink interface and VLANs of this run's own:
// three gateways (18 monitored resources + 2 routers and their 4 physical interfaces) reported once — before the provisioner's
// results, which the projector waits for (version guards) — then one NETCONF session per
// router reused by every poll, no event at all while nothing changes, and none after a restart of
// the collector either (what was reported is read back from the status topic).
import { PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, monitoringTargets } from '@gohan-es/collector';
import type { CollectorLab, Target } from '@gohan-es/collector';
import { CollectorWorld, uniqueKeys, waitFor } from './world';

const RESOURCES = 2 + 4 + 3 * 6;

describe('Collector in a steady state (real routers)', () => {
  let world: CollectorWorld;
  let targets: Target[];
  let settled: ReturnType<CollectorLab['settle']>;

  beforeAll(async () => {
    world = new CollectorWorld();
    await world.start();
    const { mx1, mx2 } = world.config.routers;
    const lab = world.newLab({
      ...uniqueKeys(),
      primary: { ip: mx2.address, port: mx2.port },
      secondary: { ip: mx1.address, port: mx1.port },
    });
    const events = [...lab.inventory(), ...[1, 2, 3].flatMap(() => lab.addGateway().events)];
    settled = lab.settle();
    await world.publish([...events, ...settled.domain]);
    targets = monitoringTargets(lab.model);
    expect(targets).toHaveLength(RESOURCES);
    await world.routerState(targets, { [PRIMARY_ROUTER_ID]: 'mx2', [SECONDARY_ROUTER_ID]: 'mx1' });
    await world.startCollector();
    await waitFor(async () => (await world.statusEvents()).length === RESOURCES, {
      message: `${RESOURCES} status events`,
    });
  });

  afterAll(() => world?.close());

  it('should keep the observations of a config version until its provisioning result arrives', async () => {
    const gw = targets.find((t) => t.resource_type === 'gw_interface')!;
    await world.waitForShow('edge_router', PRIMARY_ROUTER_ID, { status: 'ACTIVE' }); // projected by now
    expect(await world.show('gw_interface', gw.id, ['status', 'operational_state'])).toEqual({
      status: 'PENDING_CREATE',
      operational_state: 'NO_STATE',
    });
    await world.publishProvisioning(settled.provisioning);
    for (const t of targets) await world.waitForShow(t.resource_type, t.id, { status: 'ACTIVE' }, 30_000);
  });

  it('should reuse one NETCONF session per router across polls', async () => {
    await world.cyclesPass(5);
    expect([...world.app!.poller.sessionsOpened.values()]).toEqual([1, 1]);
    expect(world.cycles.at(-1)!.routers.map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('should publish no event while nothing changes', async () => {
    const cycles = await world.cyclesPass(10);
    expect(cycles.map((c) => c.events)).toEqual(Array(10).fill(0));
    expect((await world.statusEvents()).length).toBe(RESOURCES);
  });

  it('should publish nothing again after a restart (what was reported is read back)', async () => {
    await world.stopCollector();
    await world.startCollector();
    const cycles = await world.cyclesPass(5);
    expect(cycles.map((c) => c.events)).toEqual(Array(5).fill(0));
    expect((await world.statusEvents()).length).toBe(RESOURCES);
  });
});
