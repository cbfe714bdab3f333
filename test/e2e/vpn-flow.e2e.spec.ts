// The whole VPN flow of the fixtures (steps 1–20) through the real HTTP API: the API process
// in-process (decider + command bus + Koa) and a projector loop beside it, on topics and a
// read-model schema of their own (apps/api/test/stack.ts). Every response field that does not
// depend on the routers is compared with the fixture's show output (ids mapped); the fields the
// provisioner and the collector own are checked against the state the API gives before they run
// (PRE_PROVISIONING in fixture-flow.ts; see test/e2e/README.md). Every read sends the last write's
// X-Consistency-Token: nothing sleeps.
import { randomUUID } from 'node:crypto';
import { httpClient } from '../../libs/http-api/test/contract';
import { ApiWorld } from '../../apps/api/test/stack';
import {
  FixtureFlow,
  MAC,
  PRE_PROVISIONING,
  ROUTER_ADDRESS,
  comparable,
  stateOf,
  vpnFlowSteps,
} from './fixture-flow';
import type { Body } from './fixture-flow';

const world = new ApiWorld();
const api = httpClient(() => world.url);
const flow = new FixtureFlow(api, {
  eseDevicePassword: `ese-secret-${randomUUID()}`,
  bgpMd5: `md5-secret-${randomUUID()}`,
});
const stepOf = (type: string) => vpnFlowSteps.find((s) => s.resource_type === type)!;
const fixtureId = (type: string, nth = 0) =>
  vpnFlowSteps.filter((s) => s.resource_type === type)[nth]!.resulting_id;

beforeAll(async () => {
  await world.start();
}, 120_000);
afterAll(async () => {
  await world.close();
}, 60_000);

describe('VPN flow over HTTP (fixtures)', () => {
  describe.each(vpnFlowSteps.map((s) => [`${s.step} ${s.method} ${s.path}`, s] as const))(
    'When step %s is sent',
    (_, step) => {
      const type = step.resource_type;
      let created: Body;
      let shown: Body;

      beforeAll(async () => {
        created = (await flow.post(step)).json[type] as Body;
        shown = await flow.show(type, step.resulting_id);
        await flow.mapDerived(step);
      });

      it(`should answer 201 and show the ${type} as the fixture, router-dependent fields aside`, () => {
        const expected = comparable(type, flow.expected(type, step.resulting_resource[type]!));
        expect(comparable(type, shown)).toEqual(expected);
        expect(comparable(type, created)).toEqual(expected);
      });

      it('should give the state the domain gives before provisioning', () => {
        if (!PRE_PROVISIONING[type]) return; // inventory without router-dependent fields: compared whole above
        expect(stateOf(type, shown)).toEqual(PRE_PROVISIONING[type]);
        expect(stateOf(type, created)).toEqual(PRE_PROVISIONING[type]);
      });

      it('should show every derived resource as the fixture (ids and MACs aside)', async () => {
        for (const d of step.derived_resources ?? []) {
          const show = await flow.show(d.resource_type, d.id);
          const expected = comparable(
            d.resource_type,
            flow.expected(d.resource_type, d.resulting_resource[d.resource_type]!),
          );
          const actual = comparable(d.resource_type, show);
          if (expected['device_owner'] === 'network:gw_interface') {
            expect(actual['mac_address']).toMatch(MAC);
            delete expected['mac_address'];
            delete actual['mac_address'];
            expect({ id: d.id, state: stateOf(d.resource_type, show) }).toEqual({
              id: d.id,
              state: PRE_PROVISIONING[d.resource_type],
            });
          }
          if (d.resource_type === 'ese_logical_port')
            expect(stateOf(d.resource_type, show)).toEqual(PRE_PROVISIONING[d.resource_type]);
          expect({ id: d.id, show: actual }).toEqual({ id: d.id, show: expected });
        }
      });
    },
  );

  describe('When the whole flow has been sent', () => {
    it('should have moved the counters of DOMAIN.md §2.1 (500→499, 3069→3068, 500→490)', async () => {
      expect(await flow.show('ha_router', fixtureId('ha_router'))).toMatchObject({
        maximum_gateways: 500,
        available_gateways: 499,
      });
      expect(await flow.show('ha_interface', fixtureId('ha_interface', 1))).toMatchObject({
        vlan_ids_available: 3068,
        available_ga_bandwidth: 490,
        available_be_bandwidth: 500,
        gateway_instances_count: 1,
      });
      // The uplink's VLAN 122 is taken by the gateway (the fixture's 4093 was VLAN 31, §9.5).
      expect(await flow.show('ha_interface', fixtureId('ha_interface', 0))).toMatchObject({
        vlan_ids_available: 4093,
        gateway_instances_count: 0,
      });
    });

    it('should show the vpn_gateway as rewritten by the vpn_interface (VLAN 1025, names, vrf_name)', async () => {
      const side = stepOf('vpn_interface').side_effects as Record<string, Record<string, Body>>;
      const expected = flow.map(side['vpn_gateway_after_vpn_interface']!['vpn_gateway']!);
      const show = await flow.show('vpn_gateway', fixtureId('vpn_gateway'));
      expect(comparable('vpn_gateway', show)).toEqual(comparable('vpn_gateway', expected));
      expect(show).toMatchObject({
        downlink_vlan_id: '1025',
        vrf_name: 'vrf_gw_sample-ha-router-downlink_1025',
        primary_logical_downlink_interface_name: 'ae0.1025',
        secondary_logical_uplink_interface_name: 'ge-0/0/1.122',
        connected_vpn_interface: flow.ids.get(fixtureId('vpn_interface')),
        ...PRE_PROVISIONING['vpn_gateway'],
      });
    });

    it('should list the subnet in network.subnets (§10.11)', async () => {
      expect((await flow.show('network', fixtureId('network')))['subnets']).toEqual([
        flow.ids.get(fixtureId('subnet')),
      ]);
    });

    it('should point the edge routers at the simulators (MX-2 primary, MX-1 secondary)', async () => {
      const ha = await flow.show('ha_router', fixtureId('ha_router'));
      expect([ha['primary_router_id'], ha['secondary_router_id']]).toEqual([
        flow.ids.get(fixtureId('edge_router', 0)),
        flow.ids.get(fixtureId('edge_router', 1)),
      ]);
      const login = { ssh_port: 8830, login: 'esi' };
      expect(await flow.show('edge_router', fixtureId('edge_router', 0))).toMatchObject({
        name: 'vMX-router-02',
        ip: ROUTER_ADDRESS['vMX-router-02'],
        ...login,
      });
      expect(await flow.show('edge_router', fixtureId('edge_router', 1))).toMatchObject({
        name: 'vMX-router-01',
        ip: ROUTER_ADDRESS['vMX-router-01'],
        ...login,
      });
    });

    it('should never return a secret: not on create, show, list or history', async () => {
      const lists = ['edge_routers', 'ese_devices', 'vpn_interfaces'].map((p) =>
        flow.request('GET', `/v2.0/${p}`),
      );
      const histories = [
        ['ese_devices', fixtureId('ese_device')],
        ['edge_routers', fixtureId('edge_router', 0)],
        ['vpn_interfaces', fixtureId('vpn_interface')],
      ].map(([p, id]) => flow.request('GET', `/v2.0/${p}/${flow.ids.get(id!)}/history`));
      for (const res of await Promise.all([...lists, ...histories])) expect(res.status).toBe(200);
      expect(flow.responses.length).toBeGreaterThan(40);
      for (const res of flow.responses) {
        expect(res.text).not.toContain(flow.secrets.eseDevicePassword);
        expect(res.text).not.toContain(flow.secrets.bgpMd5);
        expect(res.text).not.toMatch(/"(password|bgp_md5)"\s*:/);
      }
    });
  });
});
