import { JUNOS_CONF_NAMESPACE, parseConfigXml } from '@gohan-es/junos';
import { blockedReason, dryRun, planPair } from './planner';
import { desiredSource } from './source';
import { GW, KEY, MX1, MX2, VPN_GW, labTracker } from './test-support/lab';

const pair = {
  ha_router_id: 'ha',
  primary: { id: MX2, name: 'MX-2', ip: '' },
  secondary: { id: MX1, name: 'MX-1', ip: '' },
};

describe('dryRun', () => {
  it("should preview the seed gw_interface's exact §4.1 diff on MX-1 (secondary), secrets masked", () => {
    const tracker = labTracker('gw_interface', ['vpn_gateway', 'vpn_interface']);
    const run = dryRun(tracker, 'gw_interface', GW, KEY, JUNOS_CONF_NAMESPACE)!;
    expect(run).toMatchObject({ action: 'create', config_version: 1, applied_version: null });
    const secondary = run.routers.find((r) => r.role === 'secondary')!;
    expect(secondary.router).toMatchObject({ id: MX1, name: 'vMX-router-01' });
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
    expect(secondary.xml).toContain(`<configuration xmlns="${JUNOS_CONF_NAMESPACE}">`);
  });

  it("should preview the vpn_gateway of §2.2 on MX-1 in the router's context, and mask the BGP key", () => {
    const tracker = labTracker('vpn_interface', ['vpn_gateway']);
    const running = parseConfigXml(
      '<configuration><interfaces><interface><name>ge-0/0/1</name></interface><interface><name>ae0</name></interface></interfaces>' +
        '<routing-instances><instance><name>other-vrf</name></instance></routing-instances></configuration>',
    );
    const gw = dryRun(tracker, 'vpn_gateway', VPN_GW, KEY, undefined, new Map([[MX1, running]]))!;
    const mx1 = gw.routers.find((r) => r.router.id === MX1)!.text;
    expect(mx1).toContain('[edit interfaces ae0]\n+    unit 1025 {\n+        apply-groups VPNGW2-VRRP;');
    expect(mx1).toContain('[edit routing-instances]\n+   vrf_gw_sample-ha-router-downlink_1025 {');
    const vif = dryRun(tracker, 'vpn_interface', '07d4f1fc-5142-4fae-b115-627fc009e222', KEY)!;
    const all = JSON.stringify(vif);
    expect(all).toContain('authentication-key');
    expect(all).not.toContain('"test"'); // the lab's bgp_md5
    expect(all).toContain('********');
  });

  it("should preview a child's gw_interface, and nothing for an unknown resource", () => {
    const tracker = labTracker('gw_interface', ['vpn_gateway', 'vpn_interface']);
    const port = tracker.all().find((t) => t.type === 'port')!;
    expect(dryRun(tracker, 'port', port.id, KEY)?.resource_type).toBe('gw_interface');
    expect(dryRun(tracker, 'gw_interface', 'nope', KEY)).toBeUndefined();
  });
});

describe('planPair', () => {
  it('should plan both routers, primary first, with the old managed subtrees in scope', () => {
    const tracker = labTracker('gw_interface', ['vpn_gateway', 'vpn_interface']);
    const gw = tracker.workItem(tracker.get('gw_interface', GW)!);
    const plans = planPair(tracker, pair, [gw], KEY);
    expect(plans.map((p) => [p.role, p.target.name, p.target.host])).toEqual([
      ['primary', 'vMX-router-02', '10.79.5.185'],
      ['secondary', 'vMX-router-01', '10.79.5.184'],
    ]);
    expect(plans[0]!.target.password).toMatch(/^enc:v1:/); // decrypted only when the session opens
    const units = plans[0]!.extraScope.map((p) => p.map((s) => s.key ?? s.name).join('/'));
    expect(units).toEqual([
      'interfaces/ge-0/0/1/122',
      'interfaces/ae0/1025',
      'routing-instances/vrf_gw_sample-ha-router-downlink_1025',
    ]);
    expect(JSON.stringify(plans[0]!.desired)).toContain('172.16.101.152/24');
    expect(JSON.stringify(plans[0]!.previous)).not.toContain('172.16.101.152/24');
  });

  it('should keep a never-applied resource out of the desired state and block what lives in it', () => {
    const tracker = labTracker('gw_interface', ['vpn_interface']); // the vpn_gateway failed / never applied
    const source = desiredSource(tracker, new Set(), KEY);
    expect(source.exclude).toContainEqual({ type: 'vpn_gateway', id: VPN_GW });
    const gw = tracker.workItem(tracker.get('gw_interface', GW)!);
    expect(blockedReason(tracker, source, gw)).toBe(`vpn_gateway ${VPN_GW} is not configured on its routers`);
  });
});
