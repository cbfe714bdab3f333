// The seed against the real routers: the fixture flow (steps 1–20, the seed's ids and addresses),
// the edge_routers' inventory addresses aliased to the simulated MX-2 (primary) and MX-1, which
// report VRRP MASTER/BACKUP, the units and the physical interfaces (ae0, ge-0/0/1) up and the eBGP
// peers Established. The collector makes every
// monitored resource UP → ACTIVE, and the final shows are the seed's (DOMAIN.md §5.4: port B's
// FAIL / MONITORING_UNAVAILABLE was a test-bench artifact; here it is UP / ACTIVE like port A).
// Also: the status detail through the read side. (The seed's router keys — ae0.1025, VRRP group 20 —
// are the ones other suites use too; the steady-state checks run on keys of their own instead, in
// collector-steady.int.spec.ts.)
import { PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, monitoringTargets } from '@gohan-es/collector';
import type { CollectorLab } from '@gohan-es/collector';
import { schemaById, secretProperties } from '@gohan-es/domain';
import type { ResourceBody } from '@gohan-es/domain';
import { CollectorWorld, STEPS } from './world';

const PORT_B = '53eeb091-3297-4b9b-a200-b6568567e387';
const GW = '3dbcfce5-bca5-4182-991a-c23de685fcf1';
const PHYSICAL_AE0_MX2 = '3118d6be-b1cb-472a-805f-7e1ec46aa5e7';
const MONITORED = new Set([
  'edge_router',
  'er_physical_interface',
  'gw_interface',
  'port',
  'ese_logical_port',
  'vpn_interface',
]);

/** The fixture's final show of every monitored resource (secrets are write-only: left out). */
function seedShows(): { type: string; id: string; show: ResourceBody }[] {
  const out: { type: string; id: string; show: ResourceBody }[] = [];
  const add = (type: string, id: string, show: ResourceBody) => {
    if (!MONITORED.has(type) || (type === 'port' && show['device_owner'] !== 'network:gw_interface')) return;
    const clean = { ...show };
    for (const secret of secretProperties(schemaById(type)!)) delete clean[secret];
    if (id === PORT_B) Object.assign(clean, { status: 'ACTIVE', operational_state: 'UP' }); // §5.4
    out.push({ type, id, show: clean });
  };
  for (const step of STEPS) {
    add(step.resource_type, step.resulting_id, step.resulting_resource[step.resource_type]!);
    for (const d of step.derived_resources ?? [])
      add(d.resource_type, d.id, d.resulting_resource[d.resource_type]!);
  }
  return out;
}

describe('Collector on the seed (real routers)', () => {
  let world: CollectorWorld;
  let lab: CollectorLab;

  beforeAll(async () => {
    const { mx1, mx2 } = new CollectorWorld().config.routers;
    world = new CollectorWorld({
      aliases: `10.79.5.185=${mx2.address}:${mx2.port},10.79.5.184=${mx1.address}:${mx1.port}`,
    });
    await world.start();
    lab = world.newLab();
    await world.publishSettled(lab, [...lab.inventory(), ...lab.seed()]);
    await world.routerState(monitoringTargets(lab.model), {
      [PRIMARY_ROUTER_ID]: 'mx2',
      [SECONDARY_ROUTER_ID]: 'mx1',
    });
    await world.startCollector();
  });

  afterAll(() => world?.close());

  it('should make every monitored resource UP / ACTIVE with exactly the seed’s final show', async () => {
    const expected = seedShows();
    expect(expected).toHaveLength(12);
    expect(expected.filter((e) => e.type === 'er_physical_interface')).toHaveLength(4);
    for (const { type, id } of expected)
      await world.waitForShow(type, id, { status: 'ACTIVE', operational_state: 'UP' }, 30_000);
    for (const { type, id, show } of expected)
      expect({ type, id, show: await world.show(type, id) }).toEqual({ type, id, show });
  });

  it('should show which router is MASTER, since when and when it was observed (status_detail)', async () => {
    const found = await world.show('gw_interface', GW, ['status', 'status_detail']);
    const detail = found!['status_detail'] as Record<string, unknown>;
    expect(found!['status']).toBe('ACTIVE');
    expect(detail).toMatchObject({
      master: 'primary',
      reason: null,
      routers: {
        primary: { router: 'vMX-router-02', interface: 'ae0.1025', group: 20, vrrp: 'MASTER' },
        secondary: { router: 'vMX-router-01', interface: 'ae0.1025', group: 20, vrrp: 'BACKUP' },
      },
    });
    expect(Date.parse(String(detail['observed_at']))).toBeGreaterThanOrEqual(
      Date.parse(String(detail['since'])),
    );
    expect(await world.show('gw_interface', GW)).not.toHaveProperty('status_detail');
  });

  it('should show the router and the link state of an er_physical_interface (status_detail)', async () => {
    const found = await world.show('er_physical_interface', PHYSICAL_AE0_MX2, ['status', 'status_detail']);
    expect(found!['status']).toBe('ACTIVE');
    expect(found!['status_detail']).toMatchObject({
      master: null,
      reason: null,
      routers: { self: { router: 'vMX-router-02', interface: 'ae0', oper_status: 'up' } },
    });
  });
});
