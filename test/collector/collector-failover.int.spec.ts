// Failover and DOWN against the real routers, on a downlink interface and VLAN of this run's own
// (so other suites' router state is never touched): MASTER/BACKUP swapped → still UP with the
// failover in the detail; both BACKUP → DOWN and a critical alert (the monitoring consumer's),
// resolved when it is UP again; a port's unit down → that port and its ELP DOWN (the
// gw_interface does not aggregate them, §5.2); an eBGP peer not Established → vpn_interface DOWN;
// a physical interface down → its er_physical_interface DOWN, missing → FAIL / MONITORING_UNAVAILABLE,
// then back UP / ACTIVE.
import { PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, monitoringTargets } from '@gohan-es/collector';
import type { CollectorLab, SimStateSpec, Target } from '@gohan-es/collector';
import { CollectorWorld, uniqueKeys } from './world';

const ACTIVE = { status: 'ACTIVE', operational_state: 'UP' };

describe('Collector failover and DOWN (real routers)', () => {
  let world: CollectorWorld;
  let lab: CollectorLab;
  let targets: Target[];
  let ids: {
    gw: string;
    vi: string;
    portA: string;
    elpA: string;
    portB: string;
    elpB: string;
    /** er_physical_interfaces: the primary's downlink and uplink, the secondary's downlink. */
    downlinkA: string;
    uplinkA: string;
    downlinkB: string;
  };
  let keys: ReturnType<typeof uniqueKeys>;
  const state = (spec: SimStateSpec) =>
    world.routerState(targets, { [PRIMARY_ROUTER_ID]: 'mx2', [SECONDARY_ROUTER_ID]: 'mx1' }, spec);

  beforeAll(async () => {
    world = new CollectorWorld();
    await world.start();
    const { mx1, mx2 } = world.config.routers;
    keys = uniqueKeys();
    lab = world.newLab({
      ...keys,
      primary: { ip: mx2.address, port: mx2.port },
      secondary: { ip: mx1.address, port: mx1.port },
    });
    const inventory = lab.inventory();
    const added = lab.addGateway();
    await world.publishSettled(lab, [...inventory, ...added.events]);
    targets = monitoringTargets(lab.model);
    const portOn = (side: 'primary' | 'secondary') => {
      const t = targets.find(
        (x) =>
          x.rule === 'logical-interface' &&
          x.resource_type === 'port' &&
          x.side === side &&
          x.parent?.aggregate_id === added.gwInterface,
      )!;
      return { port: t.id, elp: String(lab.body('port', t.id)['ese_logical_port_id']) };
    };
    const a = portOn('primary');
    const b = portOn('secondary');
    const physical = (router: string, name: string) =>
      targets.find((x) => x.rule === 'physical-interface' && x.router === router && x.name === name)!.id;
    ids = {
      gw: added.gwInterface,
      vi: added.vpnInterface!,
      portA: a.port,
      elpA: a.elp,
      portB: b.port,
      elpB: b.elp,
      downlinkA: physical(PRIMARY_ROUTER_ID, keys.downlink),
      uplinkA: physical(PRIMARY_ROUTER_ID, keys.uplink),
      downlinkB: physical(SECONDARY_ROUTER_ID, keys.downlink),
    };
    await state({});
    await world.startCollector();
    for (const [type, id] of [
      ['gw_interface', ids.gw],
      ['vpn_interface', ids.vi],
      ['port', ids.portA],
      ['port', ids.portB],
      ['ese_logical_port', ids.elpA],
      ['ese_logical_port', ids.elpB],
      ['er_physical_interface', ids.downlinkA],
      ['er_physical_interface', ids.uplinkA],
      ['er_physical_interface', ids.downlinkB],
    ] as const)
      await world.waitForShow(type, id, ACTIVE, 30_000);
  });

  afterAll(() => world?.close());

  it('should stay UP on a failover, and show it in the detail', async () => {
    const before = await world.detail('gw_interface', ids.gw);
    expect(before?.['master']).toBe('primary');
    await state({ vrrp: { primary: 'BACKUP', secondary: 'MASTER' } });
    const after = await world.waitForDetail(
      'gw_interface',
      ids.gw,
      (d) => d['master'] === 'secondary',
      'master secondary',
    );
    expect(after).toMatchObject({
      reason: null,
      routers: { primary: { vrrp: 'BACKUP' }, secondary: { vrrp: 'MASTER' } },
    });
    expect(Date.parse(String(after['since']))).toBeGreaterThan(Date.parse(String(before?.['since'])));
    expect(await world.show('gw_interface', ids.gw, ['status', 'operational_state'])).toEqual(ACTIVE);
  });

  it('should make the gw_interface DOWN when both routers are BACKUP, and UP again after', async () => {
    await state({ vrrp: { primary: 'BACKUP', secondary: 'BACKUP' } });
    const down = await world.waitForShow('gw_interface', ids.gw, {
      status: 'DOWN',
      operational_state: 'DOWN',
    });
    expect(down).toEqual({ status: 'DOWN', operational_state: 'DOWN' });
    expect(await world.detail('gw_interface', ids.gw)).toMatchObject({
      master: null,
      reason: 'no MASTER (primary BACKUP, secondary BACKUP)',
    });
    const alert = await world.waitForAlert(
      'gw_interface',
      ids.gw,
      (a) => a.kind === 'operational' && a.condition === 'DOWN' && a.state === 'open',
      'operational DOWN open',
    );
    expect(alert).toMatchObject({
      resource_type: 'gw_interface',
      resource_id: ids.gw,
      kind: 'operational',
      condition: 'DOWN',
      severity: 'critical',
      message: `gw_interface ${ids.gw} is DOWN`,
      state: 'open',
      resolved_at: null,
      resolution: null,
      detail: { master: null, reason: 'no MASTER (primary BACKUP, secondary BACKUP)' },
    });
    await state({});
    await world.waitForShow('gw_interface', ids.gw, ACTIVE);
    const resolved = await world.waitForAlert(
      'gw_interface',
      ids.gw,
      (a) => a.alert_id === alert.alert_id && a.state === 'resolved',
      `${alert.alert_id} resolved`,
    );
    expect(resolved).toMatchObject({ condition: 'DOWN', resolution: 'recovered' });
    expect(await world.alerts({ resource_id: [ids.gw], state: ['open'] })).toEqual([]);
  });

  it('should make a port and its ELP DOWN when their unit is down, the rest staying ACTIVE', async () => {
    await state({ interfaces: { primary: 'down' } });
    await world.waitForShow('port', ids.portA, { status: 'DOWN', operational_state: 'DOWN' });
    await world.waitForShow('ese_logical_port', ids.elpA, { status: 'DOWN', operational_state: 'DOWN' });
    expect(await world.show('port', ids.portB, ['status', 'operational_state'])).toEqual(ACTIVE);
    expect(await world.show('gw_interface', ids.gw, ['status', 'operational_state'])).toEqual(ACTIVE);
    await state({});
    await world.waitForShow('port', ids.portA, ACTIVE);
    await world.waitForShow('ese_logical_port', ids.elpA, ACTIVE);
  });

  it('should make the vpn_interface DOWN while an eBGP peer is not Established', async () => {
    await state({ bgp: { secondary: 'Active' } });
    await world.waitForShow('vpn_interface', ids.vi, { status: 'DOWN', operational_state: 'DOWN' });
    await state({});
    await world.waitForShow('vpn_interface', ids.vi, ACTIVE);
  });

  it('should make an er_physical_interface DOWN while its link is down, and UP again after', async () => {
    await state({ physical: { [ids.downlinkA]: 'down' } });
    const down = await world.waitForShow('er_physical_interface', ids.downlinkA, {
      status: 'DOWN',
      operational_state: 'DOWN',
    });
    expect(down).toEqual({ status: 'DOWN', operational_state: 'DOWN' });
    expect(await world.detail('er_physical_interface', ids.downlinkA)).toMatchObject({
      master: null,
      reason: `${keys.downlink} is down`,
      routers: { self: { router: 'vMX-router-02', interface: keys.downlink, oper_status: 'down' } },
    });
    for (const id of [ids.uplinkA, ids.downlinkB])
      expect(await world.show('er_physical_interface', id, ['status', 'operational_state'])).toEqual(ACTIVE);
    await state({});
    await world.waitForShow('er_physical_interface', ids.downlinkA, ACTIVE);
    expect(await world.detail('er_physical_interface', ids.downlinkA)).toMatchObject({
      reason: null,
      routers: { self: { oper_status: 'up' } },
    });
  });

  it('should make an er_physical_interface FAIL → MONITORING_UNAVAILABLE while its router does not have it', async () => {
    await state({ physical: { [ids.uplinkA]: null } });
    await world.waitForShow('er_physical_interface', ids.uplinkA, {
      status: 'MONITORING_UNAVAILABLE',
      operational_state: 'FAIL',
    });
    expect(await world.detail('er_physical_interface', ids.uplinkA)).toMatchObject({
      reason: `physical interface ${keys.uplink} not found on router vMX-router-02`,
      routers: { self: { router: 'vMX-router-02', interface: keys.uplink, oper_status: 'MISSING' } },
    });
    expect(await world.show('edge_router', PRIMARY_ROUTER_ID, ['status', 'operational_state'])).toEqual(
      ACTIVE,
    );
    await state({});
    await world.waitForShow('er_physical_interface', ids.uplinkA, ACTIVE);
  });
});
