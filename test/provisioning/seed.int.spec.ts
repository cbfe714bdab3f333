// Item 7 of issue 4 against the two simulated routers: the seed flow through the API ends with the
// running config of MX-1 and MX-2 equal to the seed's config node by node; dry-run shows the exact
// §4.1 diff; applying the same state again changes nothing; update and delete (a static_route, the
// gw_interface with its ports and ELPs, then the gateway) remove exactly what each resource added.
import { withoutSubtrees } from '@gohan-es/junos';
import type { ConfigPath } from '@gohan-es/junos';
import { lockRouters, releaseRouters } from './router-lock';
import { ProvisioningWorld } from './world';
import { Seed, baseTree, goldenTree, orchestration, resetRouters, runningTree, treeText } from './seed';

jest.setTimeout(180_000);

const world = new ProvisioningWorld({ provisionerEnv: { PROVISIONER_LOG_XML: 'true' } });
const logLines: string[] = [];
const seed = new Seed(world);
const admin = { token: 'admin_token' };

beforeAll(async () => {
  await lockRouters();
  await resetRouters();
  await world.start();
  await world.startProvisioner({}, undefined, logLines);
}, 180_000);
afterAll(async () => {
  await world.close();
  await resetRouters(false);
  releaseRouters();
}, 60_000);

const VRF = { name: 'instance', key: 'vrf_gw_sample-ha-router-downlink_1025' };
const routes: ConfigPath = [
  { name: 'routing-instances' },
  VRF,
  { name: 'routing-options' },
  { name: 'static' },
];
const gwNodes = (address: string): ConfigPath[] => [
  [
    { name: 'interfaces' },
    { name: 'interface', key: 'ae0' },
    { name: 'unit', key: '1025' },
    { name: 'family' },
    { name: 'inet' },
    { name: 'address', key: address },
  ],
  [
    { name: 'routing-instances' },
    VRF,
    { name: 'protocols' },
    { name: 'bgp' },
    { name: 'group', key: 'inet-gw-group' },
  ],
];

describe('Provisioning the seed flow on MX-1 and MX-2', () => {
  it('should complete every provisioned resource and leave exactly the seed config on both routers', async () => {
    await seed.through('static_route');
    const complete = orchestration('CREATE_COMPLETE');
    await seed.until('vpn_gateway', seed.id('vpn_gateway'), (s) =>
      String(s['orchestration_state']).endsWith('_COMPLETE'),
    );
    await seed.until('vpn_interface', seed.id('vpn_interface'), complete);
    const gw = await seed.until('gw_interface', seed.id('gw_interface'), complete);
    expect(gw['status']).toBe('PENDING_CREATE'); // monitored: ACTIVE only once the collector sees VRRP
    const route = await seed.until('static_route', seed.id('static_route'), complete);
    expect(route['status']).toBe('ACTIVE');
    const { ports, elps } = await seed.childrenOf(seed.id('gw_interface'));
    expect([ports.length, elps.length]).toEqual([2, 2]);
    for (const elp of elps) await seed.until('ese_logical_port', elp, complete);
    for (const port of ports) {
      const shown = await seed.until(
        'port',
        port,
        (s) => s['attached'] === true && s['orchestration_state'] === 'UPDATE_COMPLETE',
      );
      expect(shown['status']).not.toBe('ERROR');
    }
    const [mx1, mx2] = await Promise.all([runningTree('mx1'), runningTree('mx2')]);
    expect(treeText(mx1)).toBe(treeText(goldenTree('mx1', seed.secrets.bgpMd5)));
    expect(mx1).toEqual(goldenTree('mx1', seed.secrets.bgpMd5));
    expect(mx2).toEqual(goldenTree('mx2', seed.secrets.bgpMd5));
  });

  it('should preview the exact per-router diffs of §4.1 (gw_interface) and §2.2 (vpn_gateway) with GET .../config', async () => {
    const res = await world.client.request(
      'GET',
      `/v2.0/gw_interfaces/${seed.id('gw_interface')}/config`,
      admin,
    );
    expect(res.status).toBe(200);
    const routers = res.json.config.routers as { role: string; router: { name: string }; text: string }[];
    const secondary = routers.find((r) => r.role === 'secondary')!;
    expect(secondary.router.name).toBe('vMX-router-01');
    expect(secondary.text).toBe(
      [
        '[edit interfaces ae0 unit 1025 family inet]',
        '+       address 172.16.101.153/24 {',
        '+           vrrp-group 20 {',
        '+               virtual-address 172.16.101.151;',
        '+               priority 100;',
        '+           }',
        '+       }',
        '[edit routing-instances vrf_gw_sample-ha-router-downlink_1025 protocols bgp]',
        '       group CloudGW1 { ... }',
        '+      group inet-gw-group {',
        '+          apply-groups VPNGW2-RI-IBGP;',
        '+          local-address 172.16.101.153;',
        '+          peer-as 65101;',
        '+          neighbor 172.16.101.152;',
        '+      }',
        '',
        '[edit]',
      ].join('\n'),
    );
    const primary = routers.find((r) => r.role === 'primary')!;
    expect(primary.text).toContain('+       address 172.16.101.152/24 {');
    expect(primary.text).toContain('+               priority 105;');
    expect(primary.text).toContain('+          apply-groups VPNGW1-RI-IBGP;');
    expect(JSON.stringify(res.json)).not.toContain(seed.secrets.bgpMd5);
    // The vpn_gateway's own part, in the router's context (its interfaces and VRFs): §2.2 exactly.
    const gw = await world.client.request(
      'GET',
      `/v2.0/vpn_gateways/${seed.id('vpn_gateway')}/config`,
      admin,
    );
    const mx1 = (gw.json.config.routers as { role: string; text: string }[]).find(
      (r) => r.role === 'secondary',
    )!;
    expect(mx1.text).toBe(
      [
        '[edit interfaces ge-0/0/1]',
        '+    unit 122 {',
        '+        description CloudGW_vpn;',
        '+        vlan-id 122;',
        '+    }',
        '[edit interfaces ae0]',
        '+    unit 1025 {',
        '+        apply-groups VPNGW2-VRRP;',
        '+        description vpn_gw;',
        '+        vlan-id 1025;',
        '+        family inet {',
        '+            filter {',
        '+                input FILTER_10M-GA-UP-VPN;',
        '+                output FILTER_10M-GA-DOWN-VPN;',
        '+            }',
        '+        }',
        '+    }',
        '[edit routing-instances]',
        '+   vrf_gw_sample-ha-router-downlink_1025 {',
        '+       instance-type virtual-router;',
        '+       interface ge-0/0/1.122;',
        '+       interface ae0.1025;',
        '+   }',
        '',
        '[edit]',
      ].join('\n'),
    );
  });

  it('should change nothing when the same state is applied again (sync and router repair)', async () => {
    const res = await world.client.request(
      'POST',
      `/v2.0/gw_interfaces/${seed.id('gw_interface')}/sync`,
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.json.sync).toMatchObject({ ok: true });
    expect((res.json.sync.routers as { changed: boolean }[]).map((r) => r.changed)).toEqual([false, false]);
    const before = world.provisioner!.provisioner.scheduler.stats.commits;
    for (const id of [seed.id('edge_router', 0), seed.id('edge_router', 1)])
      expect((await world.control('POST', `/v1/routers/${id}/repair`)).status).toBe(200);
    expect(world.provisioner!.provisioner.scheduler.stats.commits).toBe(before);
    expect(await runningTree('mx2')).toEqual(goldenTree('mx2', seed.secrets.bgpMd5));
  });

  it('should complete an update that changes no router config (name) without touching the routers', async () => {
    const id = seed.id('gw_interface');
    const before = world.provisioner!.provisioner.scheduler.stats.commits;
    const res = await world.client.request('PUT', `/v2.0/gw_interfaces/${id}`, {
      ...admin,
      body: { gw_interface: { name: 'renamed' } },
    });
    expect(res.status).toBe(200);
    await seed.until(
      'gw_interface',
      id,
      (s) => s['name'] === 'renamed' && s['orchestration_state'] === 'UPDATE_COMPLETE',
    );
    expect(world.provisioner!.provisioner.scheduler.stats.commits).toBe(before);
  });

  it('should remove exactly what a deleted static_route, then the gw_interface (ports, ELPs) added', async () => {
    const golden = {
      mx1: goldenTree('mx1', seed.secrets.bgpMd5),
      mx2: goldenTree('mx2', seed.secrets.bgpMd5),
    };
    expect(
      (await world.client.request('DELETE', `/v2.0/static_routes/${seed.id('static_route')}`, admin)).status,
    ).toBe(204);
    await seed.gone('static_route', seed.id('static_route'));
    expect(await runningTree('mx1')).toEqual(withoutSubtrees(golden.mx1, [routes]));
    expect(await runningTree('mx2')).toEqual(withoutSubtrees(golden.mx2, [routes]));

    const gw = seed.id('gw_interface');
    const { ports, elps } = await seed.childrenOf(gw);
    expect((await world.client.request('DELETE', `/v2.0/gw_interfaces/${gw}`, admin)).status).toBe(204);
    await seed.gone('gw_interface', gw);
    for (const p of ports) await seed.gone('port', p);
    for (const e of elps) await seed.gone('ese_logical_port', e);
    expect(await runningTree('mx1')).toEqual(
      withoutSubtrees(golden.mx1, [routes, ...gwNodes('172.16.101.153/24')]),
    );
    expect(await runningTree('mx2')).toEqual(
      withoutSubtrees(golden.mx2, [routes, ...gwNodes('172.16.101.152/24')]),
    );
  });

  it('should log the NETCONF traffic without the BGP key or the router password', () => {
    const logs = logLines.join('');
    expect(logs).toContain('netconf rpc request');
    expect(logs).toContain('<authentication-key>********</authentication-key>');
    expect(logs).not.toContain(seed.secrets.bgpMd5);
    expect(logs).not.toMatch(/"password":"(?!\[REDACTED\])/);
    expect(logs).not.toContain('<password>');
  });

  it('should leave both routers as they were before (their physical interfaces) once the gateway is deleted', async () => {
    expect(
      (await world.client.request('DELETE', `/v2.0/vpn_interfaces/${seed.id('vpn_interface')}`, admin))
        .status,
    ).toBe(204);
    await seed.gone('vpn_interface', seed.id('vpn_interface'));
    expect(
      (await world.client.request('DELETE', `/v2.0/vpn_gateways/${seed.id('vpn_gateway')}`, admin)).status,
    ).toBe(204);
    await seed.gone('vpn_gateway', seed.id('vpn_gateway'));
    for (const router of ['mx1', 'mx2'] as const) {
      const left = await runningTree(router);
      expect({ router, left: treeText(left) }).toEqual({ router, left: treeText(baseTree()) });
      expect(left).toEqual(baseTree());
    }
  });
});
