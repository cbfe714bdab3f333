// A router becomes unreachable and comes back, against the real routers: the secondary (MX-1) is
// reached through a TCP proxy of this test's own, so taking "it" down touches no other suite's
// sessions. Unreachable → everything it carries is FAIL → MONITORING_UNAVAILABLE (gw_interface,
// port B and ELP B, vpn_interface, its er_physical_interfaces), the router itself DOWN, the primary's port A still ACTIVE, and
// the monitoring consumer's FAIL alert open on the gw_interface; back → ACTIVE again on a new
// session, and that alert resolved. Same for a router that hangs (RPC timeout, session torn down).
import { PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, monitoringTargets } from '@gohan-es/collector';
import type { Target } from '@gohan-es/collector';
import { TcpProxy } from './tcp-proxy';
import { CollectorWorld, stackKnownHosts, uniqueKeys } from './world';

const ACTIVE = { status: 'ACTIVE', operational_state: 'UP' };
const UNAVAILABLE = { status: 'MONITORING_UNAVAILABLE', operational_state: 'FAIL' };

describe('Collector with an unreachable router (real routers)', () => {
  let world: CollectorWorld;
  let proxy: TcpProxy;
  let targets: Target[];
  let onSecondary: [string, string][];
  let portA: string;

  beforeAll(async () => {
    const { mx1, mx2 } = new CollectorWorld().config.routers;
    proxy = new TcpProxy({ host: mx1.address, port: mx1.port });
    await proxy.up();
    world = new CollectorWorld({ knownHosts: [proxy.knownHostsLine(stackKnownHosts())] });
    await world.start();
    const lab = world.newLab({
      ...uniqueKeys(),
      primary: { ip: mx2.address, port: mx2.port },
      secondary: { ip: proxy.host, port: proxy.port },
    });
    const inventory = lab.inventory();
    const added = lab.addGateway();
    await world.publishSettled(lab, [...inventory, ...added.events]);
    targets = monitoringTargets(lab.model);
    const ofGw = (t: Target) => t.id === added.gwInterface || t.parent?.aggregate_id === added.gwInterface;
    onSecondary = [
      ['gw_interface', added.gwInterface],
      ['vpn_interface', added.vpnInterface!],
      ...targets
        .filter((t) => ofGw(t) && t.rule === 'logical-interface' && t.side === 'secondary')
        .map((t): [string, string] => [t.resource_type, t.id]),
      ...targets
        .filter((t) => t.rule === 'physical-interface' && t.router === SECONDARY_ROUTER_ID)
        .map((t): [string, string] => [t.resource_type, t.id]),
    ];
    expect(onSecondary.filter(([type]) => type === 'er_physical_interface')).toHaveLength(2);
    portA = targets.find(
      (t) => ofGw(t) && t.rule === 'logical-interface' && t.side === 'primary' && t.resource_type === 'port',
    )!.id;
    await world.routerState(targets, { [PRIMARY_ROUTER_ID]: 'mx2', [SECONDARY_ROUTER_ID]: 'mx1' });
    await world.startCollector();
    for (const [type, id] of [...onSecondary, ['port', portA]])
      await world.waitForShow(type!, id!, ACTIVE, 30_000);
  });

  afterAll(async () => {
    await world?.close();
    await proxy?.close();
  });

  it.each(['refuse', 'hang'] as const)(
    'should go FAIL → MONITORING_UNAVAILABLE and back to ACTIVE (router %s)',
    async (mode) => {
      const opened = world.app!.poller.sessionsOpened.get(`esi@${proxy.host}:${proxy.port}`) ?? 0;
      await proxy.down(mode);
      for (const [type, id] of onSecondary) await world.waitForShow(type, id, UNAVAILABLE);
      await world.waitForShow('edge_router', SECONDARY_ROUTER_ID, {
        status: 'DOWN',
        operational_state: 'DOWN',
      });
      expect(await world.detail('gw_interface', onSecondary[0]![1])).toMatchObject({
        reason: 'secondary router vMX-router-01 unreachable',
        routers: { primary: { vrrp: 'MASTER' }, secondary: { vrrp: 'UNREACHABLE' } },
      });
      expect(await world.show('port', portA, ['status', 'operational_state'])).toEqual(ACTIVE);
      expect(await world.show('edge_router', PRIMARY_ROUTER_ID, ['status', 'operational_state'])).toEqual(
        ACTIVE,
      );
      const link = onSecondary.find(([type]) => type === 'er_physical_interface')![1];
      expect(await world.detail('er_physical_interface', link)).toMatchObject({
        reason: 'router vMX-router-01 unreachable',
        routers: { self: { router: 'vMX-router-01', oper_status: 'UNREACHABLE' } },
      });
      for (const t of targets.filter(
        (x) => x.rule === 'physical-interface' && x.router === PRIMARY_ROUTER_ID,
      ))
        expect(await world.show(t.resource_type, t.id, ['status', 'operational_state'])).toEqual(ACTIVE);
      const gw = onSecondary[0]![1];
      const alert = await world.waitForAlert(
        'gw_interface',
        gw,
        (a) => a.kind === 'operational' && a.condition === 'FAIL' && a.state === 'open',
        'operational FAIL open',
      );
      expect(alert).toMatchObject({
        resource_type: 'gw_interface',
        resource_id: gw,
        kind: 'operational',
        condition: 'FAIL',
        severity: 'warning',
        message: `gw_interface ${gw} cannot be monitored (FAIL): status MONITORING_UNAVAILABLE`,
        state: 'open',
        resolved_at: null,
        resolution: null,
        detail: { reason: 'secondary router vMX-router-01 unreachable' },
      });

      await proxy.up();
      for (const [type, id] of [...onSecondary, ['edge_router', SECONDARY_ROUTER_ID]])
        await world.waitForShow(type!, id!, ACTIVE);
      expect(world.app!.poller.sessionsOpened.get(`esi@${proxy.host}:${proxy.port}`)).toBe(opened + 1);
      const resolved = await world.waitForAlert(
        'gw_interface',
        gw,
        (a) => a.alert_id === alert.alert_id && a.state === 'resolved',
        `${alert.alert_id} resolved`,
      );
      expect(resolved).toMatchObject({ condition: 'FAIL', resolution: 'recovered' });
      expect(await world.alerts({ resource_id: [gw], state: ['open'] })).toEqual([]);
    },
  );
});
