import {
  configuration,
  container,
  desiredConfig,
  detectDrift,
  diffConfig,
  diffToEditXml,
  entry,
  isEmptyDiff,
  leaf,
  leafList,
  mapLeaves,
  mergeTrees,
  planRouter,
  renderDiffText,
  resourceChange,
  type ConfigNode,
  type ConfigTree,
} from '.';
import { IDS, MX1_SECONDARY, SEED, stage } from '../test/seed';

const VRF = 'vrf_gw_sample-ha-router-downlink_1025';
const full = (): ConfigTree => desiredConfig(stage('static_route'), MX1_SECONDARY);
const groups = (...names: string[]): ConfigTree =>
  configuration(
    container(
      'routing-instances',
      entry(
        'instance',
        'v',
        container('protocols', container('bgp', ...names.map((n) => entry('group', n)))),
      ),
    ),
  );

describe('diffConfig', () => {
  describe('When desired and actual are the same', () => {
    it('should find nothing to change, so applying twice is a no-op', () => {
      expect(isEmptyDiff(diffConfig(full(), full()))).toBe(true);
      expect(planRouter(full(), full())).toEqual({ diff: { changes: [] }, xml: undefined, text: '' });
    });

    it('should compare a Junos "$9$" key by its clear text', () => {
      const fromJunos = mapLeaves(full(), (l) =>
        l.name === 'authentication-key' ? '$9$ZiGkPF39pOR/C' : l.value,
      );
      expect(diffConfig(full(), fromJunos).changes).toEqual([]);
      const otherKey = mapLeaves(full(), (l) =>
        l.name === 'authentication-key' ? '$9$6eJ//u1SyK8xdevX' : l.value,
      );
      expect(diffConfig(full(), otherKey).changes).toHaveLength(1);
    });
  });

  describe('When the QoS option of a gateway changes (update)', () => {
    it('should replace the filter names and nothing else', () => {
      const qos2 = {
        ...SEED.qos_option[0],
        id: 'q2',
        incoming_policer_name: '20M-GA-UP-VPN',
        outgoing_policer_name: '20M-GA-DOWN-VPN',
      };
      const resources = stage('static_route', {
        qos_option: [SEED.qos_option[0], qos2],
        vpn_gateway: [{ ...SEED.vpn_gateway[0], qos_option_id: 'q2' }],
      });
      const [, secondary] = resourceChange(
        resources,
        { type: 'vpn_gateway', id: IDS.vpn_gateway },
        'update',
        {
          previous: SEED.vpn_gateway[0],
          pretty: false,
        },
      );
      expect(secondary.text).toBe(
        [
          '[edit interfaces ae0 unit 1025 family inet filter]',
          '-        input FILTER_10M-GA-UP-VPN;',
          '+        input FILTER_20M-GA-UP-VPN;',
          '-        output FILTER_10M-GA-DOWN-VPN;',
          '+        output FILTER_20M-GA-DOWN-VPN;',
          '',
          '[edit]',
        ].join('\n'),
      );
      expect(secondary.xml).toBe(
        '<configuration><interfaces><interface><name>ae0</name><unit><name>1025</name><family><inet><filter>' +
          '<input><filter-name>FILTER_20M-GA-UP-VPN</filter-name></input><output><filter-name>FILTER_20M-GA-DOWN-VPN</filter-name></output>' +
          '</filter></inet></family></unit></interface></interfaces></configuration>',
      );
    });

    it('should mask both sides of a BGP key change', () => {
      const resources = stage('static_route', {
        vpn_interface: [{ ...SEED.vpn_interface[0], bgp_md5: 'n3w' }],
      });
      const [primary] = resourceChange(
        resources,
        { type: 'vpn_interface', id: IDS.vpn_interface },
        'update',
        {
          previous: SEED.vpn_interface[0],
          trailer: false,
        },
      );
      expect(primary.text).toBe(
        [
          `[edit routing-instances ${VRF} protocols bgp group CloudGW1 neighbor 192.168.8.1]`,
          '-        authentication-key "********"; ## SECRET-DATA',
          '+        authentication-key "********"; ## SECRET-DATA',
        ].join('\n'),
      );
      expect(primary.xml).toContain('<authentication-key>n3w</authentication-key>');
    });

    it('should change nothing on the routers when only name/description change', () => {
      const resources = stage('static_route', {
        gw_interface: [{ ...SEED.gw_interface[0], name: 'renamed', description: 'x' }],
      });
      const changes = resourceChange(resources, { type: 'gw_interface', id: IDS.gw_interface }, 'update', {
        previous: SEED.gw_interface[0],
      });
      expect(changes.map((c) => [c.xml, c.text])).toEqual([
        [undefined, ''],
        [undefined, ''],
      ]);
    });
  });

  describe('When a leaf-list differs', () => {
    it('should delete the stale values and merge the desired ones in order', () => {
      const unit = (...groupNames: string[]) =>
        configuration(
          container(
            'interfaces',
            entry('interface', 'ae0', entry('unit', '1025', leafList('apply-groups', ...groupNames))),
          ),
        );
      const diff = diffConfig(unit('VPNGW2-VRRP'), unit('InetGW2-VRRP', 'VPNGW2-VRRP'));
      expect(renderDiffText(diff, { trailer: false })).toBe(
        [
          '[edit interfaces ae0 unit 1025]',
          '-     apply-groups [ InetGW2-VRRP VPNGW2-VRRP ];',
          '+     apply-groups VPNGW2-VRRP;',
        ].join('\n'),
      );
      expect(diffToEditXml(diff, { pretty: false })).toBe(
        '<configuration xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interfaces><interface><name>ae0</name><unit><name>1025</name>' +
          '<apply-groups nc:operation="delete">InetGW2-VRRP</apply-groups><apply-groups>VPNGW2-VRRP</apply-groups></unit></interface></interfaces></configuration>',
      );
    });
  });

  describe('When a node outside the known schema has another shape on the device', () => {
    it('should replace it whole', () => {
      const iface = (n: ConfigNode) => configuration(container('interfaces', entry('interface', 'ae0', n)));
      const diff = diffConfig(
        iface(container('gigether-options', leaf('speed', '10g'))),
        iface(leaf('gigether-options', 'x')),
      );
      expect(diff.changes.map((c) => c.kind)).toEqual(['change']);
      expect(diffToEditXml(diff, { pretty: false })).toBe(
        '<configuration xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interfaces><interface><name>ae0</name>' +
          '<gigether-options nc:operation="replace"><speed>10g</speed></gigether-options></interface></interfaces></configuration>',
      );
    });
  });

  describe('When a group is inserted into a user-ordered list', () => {
    it('should show the kept predecessor as context', () => {
      const text = renderDiffText(diffConfig(groups('a', 'b', 'c'), groups('a', 'c')), { trailer: false });
      expect(text).toBe(
        ['[edit routing-instances v protocols bgp]', '       group a;', '+      group b;'].join('\n'),
      );
      expect(renderDiffText(diffConfig(groups('a', 'b'), groups('b')), { trailer: false })).toBe(
        ['[edit routing-instances v protocols bgp]', '+      group a;'].join('\n'),
      );
    });
  });

  describe('When the router has config Gohan-ES does not own', () => {
    const actual = (): ConfigTree =>
      mergeTrees(
        [
          full(),
          configuration(
            container(
              'interfaces',
              entry('interface', 'ge-0/0/9', leaf('description', 'core link')),
              entry(
                'interface',
                'ae0',
                leaf('description', 'LAG to ESE'),
                entry('unit', '99', leaf('vlan-id', '99')),
                entry('unit', '1025', leaf('description', 'vpn_gw'), leaf('vlan-id', '1025')),
              ),
            ),
            container(
              'routing-instances',
              entry('instance', 'vrf_gw_old_1026', leaf('instance-type', 'virtual-router')),
            ),
            container(
              'routing-instances',
              entry(
                'instance',
                VRF,
                container(
                  'routing-options',
                  container('static', entry('route', '10.9.9.0/24', leafList('next-hop', '172.16.101.9'))),
                ),
              ),
            ),
          ),
        ],
        'right',
      );

    it('should report drift only inside the units and VRFs it manages', () => {
      expect(renderDiffText(detectDrift(full(), actual()), { trailer: false })).toBe(
        [
          `[edit routing-instances ${VRF} routing-options static]`,
          '-      route 10.9.9.0/24 next-hop 172.16.101.9;',
        ].join('\n'),
      );
    });

    it('should also clean up roots passed as extra scope (a gateway being deleted)', () => {
      const extra = [[{ name: 'routing-instances' }, { name: 'instance', key: 'vrf_gw_old_1026' }]];
      const plan = planRouter(full(), actual(), {
        extraScope: extra,
        deleteOperation: 'remove',
        pretty: false,
      });
      expect(plan.text).toBe(
        [
          '[edit routing-instances]',
          '-   vrf_gw_old_1026 {',
          '-       instance-type virtual-router;',
          '-   }',
          `[edit routing-instances ${VRF} routing-options static]`,
          '-      route 10.9.9.0/24 next-hop 172.16.101.9;',
          '',
          '[edit]',
        ].join('\n'),
      );
      expect(plan.xml).toBe(
        '<configuration xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><routing-instances>' +
          '<instance nc:operation="remove"><name>vrf_gw_old_1026</name></instance>' +
          `<instance><name>${VRF}</name><routing-options><static><route nc:operation="remove"><name>10.9.9.0/24</name></route></static></routing-options></instance>` +
          '</routing-instances></configuration>',
      );
    });

    it('should see everything with scope all', () => {
      const kinds = diffConfig(full(), actual()).changes.map(
        (c) => `${c.kind} ${c.kind === 'change' ? c.to.name : c.node.name}`,
      );
      expect(kinds).toEqual([
        'remove interface',
        'remove description',
        'remove unit',
        'remove instance',
        'remove route',
      ]);
    });
  });
});
