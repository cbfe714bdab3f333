import { GraphResolutionError, resolveGraph, roleOf, type RouterView } from '.';
import { IDS, MX1_SECONDARY, MX2_PRIMARY, SEED, stage } from '../test/seed';

const GATEWAY = {
  vpn_gateway: {
    id: IDS.vpn_gateway,
    vrf_name: 'vrf_gw_sample-ha-router-downlink_1025',
    uplink_vlan_id: '122',
    downlink_vlan_id: '1025',
    local_as_number: '65101',
  },
  groups: {
    vpn_service_id: 'c8d57f7e-b439-475e-a6fb-ee2594390177',
    primary: { vrrp: 'VPNGW1-VRRP', ibgp: 'VPNGW1-RI-IBGP', ebgp: 'VPNGW1-RI-EBGP' },
    secondary: { vrrp: 'VPNGW2-VRRP', ibgp: 'VPNGW2-RI-IBGP', ebgp: 'VPNGW2-RI-EBGP' },
  },
  qos_option: {
    id: 'd35a3c95-8647-44d7-b32f-405b77d77f51',
    incoming_policer_name: '10M-GA-UP-VPN',
    outgoing_policer_name: '10M-GA-DOWN-VPN',
  },
  uplink: {
    ha_interface_id: 'c50006de-8afe-48fc-b7b8-37dc7617764a',
    primary: 'ge-0/0/1',
    secondary: 'ge-0/0/1',
  },
  downlink: { ha_interface_id: '66bdfe91-b9e6-42f2-8942-bb4d4a67d5ba', primary: 'ae0', secondary: 'ae0' },
  routers: {
    ha_router_id: '8c233862-895f-4cca-b377-c353e733c768',
    primary: { id: MX2_PRIMARY, name: 'vMX-router-02', ip: '10.79.5.185' },
    secondary: { id: MX1_SECONDARY, name: 'vMX-router-01', ip: '10.79.5.184' },
  },
};

describe('resolveGraph', () => {
  describe('When the seed graph is complete', () => {
    it('should resolve the gw_interface with its gateway, service, links and routers', () => {
      const view = resolveGraph(stage('static_route').get, 'gw_interface', IDS.gw_interface);
      expect(view).toEqual<RouterView>({
        type: 'gw_interface',
        id: IDS.gw_interface,
        gateway: GATEWAY,
        gw_interface: {
          vrid: 20,
          gw_vipv4: '172.16.101.151',
          primary_ipv4: '172.16.101.152',
          secondary_ipv4: '172.16.101.153',
          netmask: 24,
        },
      });
      expect(roleOf(view!, MX2_PRIMARY)).toBe('primary');
      expect(roleOf(view!, MX1_SECONDARY)).toBe('secondary');
      expect(roleOf(view!, 'another-router')).toBeUndefined();
    });

    it('should resolve the vpn_interface sides and the clear key', () => {
      const view = resolveGraph(stage('static_route').get, 'vpn_interface', IDS.vpn_interface);
      expect(view).toEqual<RouterView>({
        type: 'vpn_interface',
        id: IDS.vpn_interface,
        gateway: GATEWAY,
        vpn_interface: {
          primary: { bgp_peer_ip: '192.168.8.1', bgp_router_id: '192.168.8.2', ip_address: '192.168.8.2/30' },
          secondary: {
            bgp_peer_ip: '192.168.8.5',
            bgp_router_id: '192.168.8.6',
            ip_address: '192.168.8.6/30',
          },
          bgp_remote_as: '9598',
          bgp_md5: 'test',
        },
      });
    });

    it('should give nothing for resource types without router config', () => {
      expect(
        resolveGraph(stage('static_route').get, 'network', 'afa0d9d6-84dc-4755-9c6e-db2f23f9dde2'),
      ).toBeUndefined();
      expect(resolveGraph(stage('static_route').get, 'edge_router', MX2_PRIMARY)).toBeUndefined();
    });
  });

  describe('When the graph is broken', () => {
    it('should name the missing resource', () => {
      const resources = stage('static_route', { qos_option: [] });
      expect(() => resolveGraph(resources.get, 'static_route', IDS.static_route)).toThrow(
        new GraphResolutionError(
          `vpn_gateway ${IDS.vpn_gateway}: qos_option d35a3c95-8647-44d7-b32f-405b77d77f51 not found`,
        ),
      );
      expect(() => resolveGraph(stage().get, 'gw_interface', IDS.gw_interface)).toThrow(
        `resolveGraph: gw_interface ${IDS.gw_interface} not found`,
      );
    });

    it('should refuse a gateway whose derived fields are not set', () => {
      const resources = stage('vpn_gateway', { vpn_gateway: [{ ...SEED.vpn_gateway[0], vrf_name: '' }] });
      expect(() => resolveGraph(resources.get, 'vpn_gateway', IDS.vpn_gateway)).toThrow(
        `vpn_gateway ${IDS.vpn_gateway}: vrf_name is missing`,
      );
    });

    it('should refuse a physical interface cabled to the wrong router', () => {
      const er = SEED.er_physical_interface.map((e) =>
        e.id === '3118d6be-b1cb-472a-805f-7e1ec46aa5e7' ? { ...e, device_id: MX1_SECONDARY } : e,
      );
      const resources = stage('vpn_gateway', { er_physical_interface: er });
      expect(() => resolveGraph(resources.get, 'vpn_gateway', IDS.vpn_gateway)).toThrow(
        'er_physical_interface 3118d6be-b1cb-472a-805f-7e1ec46aa5e7 is not on the primary router',
      );
    });

    it('should refuse service types other than vpn', () => {
      const resources = stage('static_route', {
        static_route: [{ ...SEED.static_route[0], service_type: 'internet' }],
      });
      expect(() => resolveGraph(resources.get, 'static_route', IDS.static_route)).toThrow(
        'service_type internet has no router config',
      );
    });
  });
});
