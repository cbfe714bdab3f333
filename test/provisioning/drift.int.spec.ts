// Drift (ARCHITECTURE.md §5): a change made by hand on a router is detected — on demand through the
// API (GET .../<id>/drift, the resource's own part) and by the periodic check, reported on the drift
// topic — and repaired on request (POST .../<id>/sync pushes the pair's desired config back).
import { nodeAt } from '@gohan-es/junos';
import type { ConfigPath } from '@gohan-es/junos';
import { ProvisioningWorld, waitFor } from './world';
import { Seed, editRouter, goldenTree, orchestration, resetRouters, runningTree } from './seed';
import { lockRouters, releaseRouters } from './router-lock';

jest.setTimeout(180_000);

const world = new ProvisioningWorld({ provisionerEnv: { PROVISIONER_DRIFT_INTERVAL_MS: '300' } });
const seed = new Seed(world);
const admin = { token: 'admin_token' };
const VRF = 'vrf_gw_sample-ha-router-downlink_1025';
type Drift = {
  router: { name: string };
  in_sync: boolean | null;
  text: string;
  resources: { resource_type: string }[];
};

beforeAll(async () => {
  await lockRouters();
  await resetRouters();
  await world.start();
  await world.startProvisioner();
  await seed.through('static_route');
  await seed.until('static_route', seed.id('static_route'), orchestration('CREATE_COMPLETE'));
  await seed.until('gw_interface', seed.id('gw_interface'), orchestration('CREATE_COMPLETE'));
}, 180_000);
afterAll(async () => {
  await world.close();
  await resetRouters(false);
  releaseRouters();
}, 60_000);

const driftOf = async (plural: string, id: string): Promise<Drift[]> => {
  const res = await world.client.request('GET', `/v2.0/${plural}/${id}/drift`, admin);
  expect(res.status).toBe(200);
  return res.json.drift.routers as Drift[];
};
const byName = (reports: Drift[], name: string) => reports.find((r) => r.router.name === name)!;

describe('When someone changes a router by hand', () => {
  it('should detect the drift on demand and periodically, and repair it on request', async () => {
    const reports = await world.collect(world.settings().driftTopic);
    // MX-2 (primary): VRRP priority changed, a neighbor added to the iBGP group. MX-1: static route removed.
    await editRouter(
      'mx2',
      '<interfaces><interface><name>ae0</name><unit><name>1025</name><family><inet><address><name>172.16.101.152/24</name>' +
        '<vrrp-group><name>20</name><priority>110</priority></vrrp-group></address></inet></family></unit></interface></interfaces>' +
        `<routing-instances><instance><name>${VRF}</name><protocols><bgp><group><name>inet-gw-group</name>` +
        '<neighbor><name>10.9.9.9</name></neighbor></group></bgp></protocols></instance></routing-instances>',
    );
    await editRouter(
      'mx1',
      `<routing-instances><instance><name>${VRF}</name><routing-options><static>` +
        '<route xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>192.168.0.0/24</name></route>' +
        '</static></routing-options></instance></routing-instances>',
    );

    const gw = await driftOf('gw_interfaces', seed.id('gw_interface'));
    expect(byName(gw, 'vMX-router-02')).toMatchObject({ in_sync: false });
    expect(byName(gw, 'vMX-router-02').text).toContain('priority 105;');
    expect(byName(gw, 'vMX-router-02').text).toContain('10.9.9.9');
    expect(byName(gw, 'vMX-router-01')).toMatchObject({ in_sync: true }); // MX-1's drift is the route's
    const route = await driftOf('static_routes', seed.id('static_route'));
    expect(byName(route, 'vMX-router-01')).toMatchObject({ in_sync: false });
    expect(byName(route, 'vMX-router-01').text).toContain('route 192.168.0.0/24 next-hop 172.16.101.1;');

    const reported = (name: string, inSync: boolean) => () =>
      (reports.messages as { drift: Drift }[]).some(
        (m) => m.drift.router.name === name && m.drift.in_sync === inSync,
      );
    await waitFor(() => reported('vMX-router-02', false)() && reported('vMX-router-01', false)(), {
      timeoutMs: 15_000,
      message: 'periodic drift reports of both routers',
    });

    const res = await world.client.request(
      'POST',
      `/v2.0/gw_interfaces/${seed.id('gw_interface')}/sync`,
      admin,
    );
    expect(res.json.sync).toMatchObject({ ok: true });
    expect(await runningTree('mx1')).toEqual(goldenTree('mx1', seed.secrets.bgpMd5));
    expect(await runningTree('mx2')).toEqual(goldenTree('mx2', seed.secrets.bgpMd5));
    for (const r of await driftOf('gw_interfaces', seed.id('gw_interface'))) expect(r.in_sync).toBe(true);
    await waitFor(() => reported('vMX-router-02', true)() && reported('vMX-router-01', true)(), {
      timeoutMs: 15_000,
      message: 'in-sync reports after the repair',
    });
    await reports.stop();
    const neighbor: ConfigPath = [{ name: 'routing-instances' }, { name: 'instance', key: VRF }];
    expect(nodeAt(await runningTree('mx2'), neighbor)).toBeDefined();
  });
});
