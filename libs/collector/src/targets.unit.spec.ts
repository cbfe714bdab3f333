import path from 'node:path';
import { decide, evolve } from '@gohan-es/domain';
import { monitoringTargets, routersOf, splitLogicalName, targetOf } from './targets';
import type { Target } from './targets';
import { CollectorLab, loadFixtureSteps, PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, TENANT } from './lab';

const STEPS = loadFixtureSteps(path.join(__dirname, '../../domain/test/fixtures/vpn_flow_fixtures.json'));

const GW = '3dbcfce5-bca5-4182-991a-c23de685fcf1';
const PORT_A = '5eebab65-bf2f-4ac2-969a-15d6ccbfdd4b';
const ELP_A = 'e30fdd19-2f48-422e-9c68-7c59a0e2fae8';
const PORT_B = '53eeb091-3297-4b9b-a200-b6568567e387';
const ELP_B = '257d0a9f-d5ae-4a93-9af4-81ad611e1b0d';
const VPN_IF = '07d4f1fc-5142-4fae-b115-627fc009e222';
const VRF = 'vrf_gw_sample-ha-router-downlink_1025';

function seedLab(): CollectorLab {
  const lab = new CollectorLab({ steps: STEPS });
  lab.inventory();
  lab.seed();
  return lab;
}

const byId = (targets: Target[], id: string) => targets.find((t) => t.id === id);

describe('monitoringTargets', () => {
  describe('When the seed flow is in the model', () => {
    const lab = seedLab();
    const targets = monitoringTargets(lab.model);

    it('should watch the two edge_routers and their four physical interfaces, the gw_interface, its ports and ELPs and the vpn_interface only', () => {
      expect(targets.map((t) => `${t.resource_type}:${t.id.slice(0, 8)}`)).toEqual([
        'edge_router:7a35974a',
        'edge_router:b7e6d8ad',
        'er_physical_interface:2bc8e40d',
        'er_physical_interface:3118d6be',
        'er_physical_interface:c8e2d558',
        'er_physical_interface:f3ecf585',
        'gw_interface:3dbcfce5',
        'ese_logical_port:257d0a9f',
        'ese_logical_port:e30fdd19',
        'port:53eeb091',
        'port:5eebab65',
        'vpn_interface:07d4f1fc',
      ]);
    });

    it('should ask VRRP group vrid on <downlink>.<vlan> of both routers for the gw_interface', () => {
      expect(byId(targets, GW)).toEqual({
        resource_type: 'gw_interface',
        id: GW,
        tenant_id: TENANT,
        config_version: 1,
        rule: 'vrrp-pair',
        routers: { primary: PRIMARY_ROUTER_ID, secondary: SECONDARY_ROUTER_ID },
        vrrp: {
          primary: { interface: 'ae0', unit: '1025', group: 20 },
          secondary: { interface: 'ae0', unit: '1025', group: 20 },
        },
      });
    });

    it('should map port A / ELP A to the primary router and B to the secondary (§10.4)', () => {
      const side = (id: string) => {
        const t = byId(targets, id) as Extract<Target, { rule: 'logical-interface' }>;
        return [t.side, t.router, t.name];
      };
      expect(side(ELP_A)).toEqual(['primary', PRIMARY_ROUTER_ID, 'ae0.1025']);
      expect(side(PORT_A)).toEqual(['primary', PRIMARY_ROUTER_ID, 'ae0.1025']);
      expect(side(ELP_B)).toEqual(['secondary', SECONDARY_ROUTER_ID, 'ae0.1025']);
      expect(side(PORT_B)).toEqual(['secondary', SECONDARY_ROUTER_ID, 'ae0.1025']);
    });

    it('should ask each er_physical_interface’s router for its physical interface by name', () => {
      const physical = targets.filter((t) => t.rule === 'physical-interface');
      expect(physical.map((t) => [t.id, t.router, t.name, t.config_version, routersOf(t)])).toEqual([
        ['2bc8e40d-ab01-4738-a4aa-e69d8fd30688', SECONDARY_ROUTER_ID, 'ge-0/0/1', 1, [SECONDARY_ROUTER_ID]],
        ['3118d6be-b1cb-472a-805f-7e1ec46aa5e7', PRIMARY_ROUTER_ID, 'ae0', 1, [PRIMARY_ROUTER_ID]],
        ['c8e2d558-02ee-4bf3-ba5b-958821a21043', SECONDARY_ROUTER_ID, 'ae0', 1, [SECONDARY_ROUTER_ID]],
        ['f3ecf585-5c3b-445a-97a7-d8e124c99e16', PRIMARY_ROUTER_ID, 'ge-0/0/1', 1, [PRIMARY_ROUTER_ID]],
      ]);
      expect(byId(targets, 'f3ecf585-5c3b-445a-97a7-d8e124c99e16')).toEqual({
        resource_type: 'er_physical_interface',
        id: 'f3ecf585-5c3b-445a-97a7-d8e124c99e16',
        tenant_id: TENANT,
        config_version: 1,
        rule: 'physical-interface',
        router: PRIMARY_ROUTER_ID,
        name: 'ge-0/0/1',
      });
    });

    it('should leave the switch side (ese_device, ese_physical_port) unmonitored (§10.3)', () => {
      expect(
        targets.filter((t) => t.resource_type.startsWith('ese_') && t.resource_type !== 'ese_logical_port'),
      ).toEqual([]);
    });

    it('should name the parent gw_interface of a port', () => {
      expect(byId(targets, PORT_A)?.parent).toEqual({ aggregate_type: 'gw_interface', aggregate_id: GW });
    });

    it('should ask each router for its own eBGP peer in the VRF for the vpn_interface', () => {
      const t = byId(targets, VPN_IF) as Extract<Target, { rule: 'bgp-pair' }>;
      expect(t.bgp).toEqual({
        primary: { instance: VRF, neighbor: '192.168.8.1' },
        secondary: { instance: VRF, neighbor: '192.168.8.5' },
      });
      expect(routersOf(t)).toEqual([PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID]);
    });
  });

  describe('When ports are attached (config version 2)', () => {
    it('should tag their targets with version 2', () => {
      const lab = seedLab();
      lab.settle();
      const targets = monitoringTargets(lab.model);
      expect([byId(targets, PORT_A)?.config_version, byId(targets, PORT_B)?.config_version]).toEqual([2, 2]);
      expect(byId(targets, GW)?.config_version).toBe(1);
    });
  });

  describe('When the gw_interface is being deleted', () => {
    it('should stop watching it and its ports and ELPs', () => {
      const lab = seedLab();
      const meta = {
        command_id: 'c',
        actor: { user_name: 'admin', tenant_id: TENANT, roles: ['admin'], is_admin: true },
        now: '2018-04-16T00:20:00.000Z',
        ids: [],
        macs: [],
      };
      for (const e of decide(lab.model, { kind: 'delete', resource_type: 'gw_interface', id: GW, meta }))
        evolve(lab.model, e);
      const ids = monitoringTargets(lab.model).map((t) => t.id);
      for (const id of [GW, PORT_A, PORT_B, ELP_A, ELP_B]) expect(ids).not.toContain(id);
    });
  });

  describe('When a piece of the chain is missing', () => {
    it('should give an unresolved er_physical_interface target when its router is not in the model', () => {
      const lab = seedLab();
      const id = 'f3ecf585-5c3b-445a-97a7-d8e124c99e16';
      const iface = lab.model.resources.get('er_physical_interface')!.get(id)!;
      iface.body = { ...iface.body, device_id: 'gone' };
      expect(targetOf(lab.model, iface)).toMatchObject({
        rule: 'unresolved',
        reason: `er_physical_interface ${id}: edge_router gone not found`,
      });
    });

    it('should give an unresolved target naming it', () => {
      const lab = seedLab();
      const gw = lab.model.resources.get('gw_interface')!.get(GW)!;
      gw.body = { ...gw.body, vpn_gw_id: 'nope' };
      expect(targetOf(lab.model, gw)).toMatchObject({
        rule: 'unresolved',
        reason: 'gw_interface 3dbcfce5-bca5-4182-991a-c23de685fcf1: vpn_gateway nope not found',
      });
    });
  });
});

describe('splitLogicalName', () => {
  it.each([
    ['ae0.1025', { interface: 'ae0', unit: '1025' }],
    ['ge-0/0/1.122', { interface: 'ge-0/0/1', unit: '122' }],
    ['ae0', undefined],
    ['ae0.', undefined],
  ])('should split %s', (name, expected) => expect(splitLogicalName(name)).toEqual(expected));
});
