// The demo scripts (apps/api/src/demo: seed.ts, flow.ts) against the API of the e2e world
// (apps/api/test/stack.ts): the seed creates the 14 inventory resources of the fixture in the
// admin's (demo) tenant and, run again, creates nothing; the flow creates the tenant's six
// resources with demo_token and prints every response; both refuse a non-loopback address. The
// healthy lab (lab.ts) is computed from this world's log; its writes are captured, not sent to the
// shared routers.
import { httpClient } from '../../libs/http-api/test/contract';
import { ApiWorld } from '../../apps/api/test/stack';
import { DemoClient } from '../../apps/api/src/demo/client';
import { runFlow } from '../../apps/api/src/demo/flow';
import { seedDemo } from '../../apps/api/src/demo/seed';
import { reportHealthyLab } from '../../apps/api/src/demo/lab';
import type { EnsureResult } from '../../apps/api/src/demo/ensure';

const DEMO_TENANT = 'fc394f2ab2df4114bde39905f800dc57';
const world = new ApiWorld();
const api = httpClient(() => world.url);
const lastToken = (results: EnsureResult[]) =>
  results
    .flatMap((r) => (r.created && r.response.consistencyToken ? [r.response.consistencyToken] : []))
    .pop();

beforeAll(async () => {
  await world.start();
}, 120_000);
afterAll(async () => {
  await world.close();
}, 60_000);

describe('Demo scripts', () => {
  const printed: string[] = [];
  const print = (line: string) => void printed.push(line);
  let seeded: EnsureResult[];

  it('should seed the 14 inventory resources of fixture steps 1–14, routers on the simulators', async () => {
    seeded = await seedDemo({ baseUrl: world.url, print });
    expect(seeded.map((r) => [r.type, r.created])).toEqual(
      [
        'ese_device',
        'ese_physical_port',
        'ese_physical_port',
        'edge_router',
        'edge_router',
        'ha_router',
        'er_physical_interface',
        'er_physical_interface',
        'er_physical_interface',
        'er_physical_interface',
        'ha_interface',
        'ha_interface',
        'vpn_service',
        'qos_option',
      ].map((type) => [type, true]),
    );
    const routers = await api.request('GET', '/v2.0/edge_routers?sort_key=name', {
      token: 'admin_token',
      headers: { 'X-Consistency-Token': lastToken(seeded)! },
    });
    expect(routers.json.edge_routers).toEqual([
      expect.objectContaining({
        name: 'vMX-router-01',
        ip: process.env.MX1_ADDRESS ?? '127.0.0.11',
        ssh_port: Number(process.env.ROUTER_SSH_PORT ?? 8830),
        login: 'esi',
        tenant_id: DEMO_TENANT,
      }),
      expect.objectContaining({
        name: 'vMX-router-02',
        ip: process.env.MX2_ADDRESS ?? '127.0.0.12',
        ssh_port: Number(process.env.ROUTER_SSH_PORT ?? 8830),
        login: 'esi',
        tenant_id: DEMO_TENANT,
      }),
    ]);
    expect(routers.text).not.toContain('password');
    expect(printed.at(-1)).toMatch(/^demo seed: 14 created, 0 already there/);
  });

  it('should create nothing when run again (idempotent by name)', async () => {
    const again = await seedDemo({ baseUrl: world.url, print, consistencyToken: lastToken(seeded)! });
    expect(again.filter((r) => r.created)).toEqual([]);
    expect(again.map((r) => r.id)).toEqual(seeded.map((r) => r.id));
    expect(printed.at(-1)).toMatch(/^demo seed: 0 created, 14 already there/);
  });

  it('should run steps 15–20 for the demo tenant and print every response', async () => {
    printed.length = 0;
    const result = await runFlow({ baseUrl: world.url, print, consistencyToken: lastToken(seeded)! });
    expect(result.steps.map((s) => [s.type, s.created, s.response.status])).toEqual(
      ['vpn_gateway', 'vpn_interface', 'network', 'subnet', 'gw_interface', 'static_route'].map((t) => [
        t,
        true,
        201,
      ]),
    );
    for (const s of result.steps) expect(s.response.json[s.type].tenant_id).toBe(DEMO_TENANT);
    expect(result.steps[0]!.response.json.vpn_gateway).toMatchObject({
      downlink_vlan_id: '1025',
      vrf_name: 'vrf_gw_sample-ha-router-downlink_1025',
    });
    expect(result.ports).toHaveLength(2);
    expect(result.eseLogicalPorts).toHaveLength(2);
    const output = printed.join('\n');
    for (let step = 15; step <= 20; step++) expect(output).toContain(`step ${step}: POST /v2.0/`);
    expect(output).not.toContain('bgp_md5');
  });

  it('should not create the tenant resources twice', async () => {
    const again = await runFlow({ baseUrl: world.url, print: () => undefined });
    expect(again.steps.filter((s) => s.created)).toEqual([]);
  });

  it('should then report the lab healthy on each router: VRRP, BGP, the unit and the links', async () => {
    printed.length = 0;
    const written: Record<string, unknown> = {};
    await reportHealthyLab(world.config, {
      print,
      set: async (router, state) => void (written[router] = state),
    });
    const links = [
      { name: 'ae0', operStatus: 'up' },
      { name: 'ge-0/0/1', operStatus: 'up' },
    ];
    const sideOf = (state: string, neighbor: string) => ({
      vrrpGroups: [{ interface: 'ae0', unit: '1025', group: 20, state }],
      bgpPeers: [{ instance: 'vrf_gw_sample-ha-router-downlink_1025', neighbor, state: 'Established' }],
      logicalInterfaces: [{ name: 'ae0.1025', operStatus: 'up' }],
      physicalInterfaces: expect.arrayContaining(links) as unknown,
    });
    // MX-2 is the primary (MASTER), MX-1 the secondary, as in the seed.
    expect(written).toEqual({ mx2: sideOf('MASTER', '192.168.8.1'), mx1: sideOf('BACKUP', '192.168.8.5') });
    expect(printed).toEqual([
      'demo lab: vMX-router-01 (mx1) reports 1 VRRP groups, 1 BGP peers, 1 units and 2 links healthy',
      'demo lab: vMX-router-02 (mx2) reports 1 VRRP groups, 1 BGP peers, 1 units and 2 links healthy',
    ]);
  });

  it('should refuse any address but loopback', () => {
    expect(() => new DemoClient('http://10.0.0.1:9091')).toThrow(/only http on loopback/);
    expect(() => new DemoClient('http://example.com')).toThrow(/only http on loopback/);
    expect(new DemoClient('http://127.0.0.1:9091/').baseUrl).toBe('http://127.0.0.1:9091');
  });
});
