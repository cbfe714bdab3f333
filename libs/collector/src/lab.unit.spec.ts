import path from 'node:path';
import { CollectorLab, PRIMARY_ROUTER_ID, SECONDARY_ROUTER_ID, loadFixtureSteps } from './lab';
import { simulatorStateFor } from './lab-state';
import { monitoringTargets } from './targets';

const STEPS = loadFixtureSteps(path.join(__dirname, '../../domain/test/fixtures/vpn_flow_fixtures.json'));

describe('CollectorLab', () => {
  describe('When fresh gateways are added on a downlink and VLANs of the test’s own', () => {
    const lab = new CollectorLab({
      steps: STEPS,
      downlink: 'ae42',
      uplink: 'ge-4/2/0',
      firstVlan: 3001,
      capacity: 10,
    });
    lab.inventory();
    const added = [lab.addGateway(), lab.addGateway(false)];
    const settled = lab.settle();
    const targets = monitoringTargets(lab.model);

    it('should give 6 monitored resources per gateway with a vpn_interface, 5 without, plus the 2 routers and their 4 physical interfaces', () => {
      expect(targets).toHaveLength(2 + 4 + 6 + 5);
      expect(targets.filter((t) => t.rule === 'unresolved')).toEqual([]);
    });

    it('should play the provisioner up to the ports’ attach (version 2)', () => {
      expect(settled.domain.map((e) => e.event_type)).toEqual([
        'PortAttached',
        'PortAttached',
        'PortAttached',
        'PortAttached',
      ]);
      expect(targets.filter((t) => t.resource_type === 'port').map((t) => t.config_version)).toEqual([
        2, 2, 2, 2,
      ]);
      expect(settled.provisioning.every((e) => e.event_type === 'ProvisioningSucceeded')).toBe(true);
    });

    it('should set the router state on the test’s interface and units only', () => {
      const state = simulatorStateFor(targets, { vrrp: { primary: 'BACKUP', secondary: 'MASTER' } });
      const primary = state.get(PRIMARY_ROUTER_ID)!;
      expect([...primary.vrrpGroups].sort((a, b) => a.unit.localeCompare(b.unit))).toEqual([
        { interface: 'ae42', unit: '3001', group: 20, state: 'BACKUP' },
        { interface: 'ae42', unit: '3002', group: 20, state: 'BACKUP' },
      ]);
      expect(
        state
          .get(SECONDARY_ROUTER_ID)!
          .logicalInterfaces.map((i) => i.name)
          .sort(),
      ).toEqual(['ae42.3001', 'ae42.3002']);
      expect(primary.bgpPeers).toHaveLength(1);
      expect(added[0]!.vpnInterface).toBeDefined();
    });

    it('should set the physical interfaces of the test’s own names, up unless chosen per resource', () => {
      const down = targets.find(
        (t) => t.rule === 'physical-interface' && t.router === PRIMARY_ROUTER_ID && t.name === 'ae42',
      )!;
      const missing = targets.find(
        (t) => t.rule === 'physical-interface' && t.router === SECONDARY_ROUTER_ID && t.name === 'ge-4/2/0',
      )!;
      const state = simulatorStateFor(targets, { physical: { [down.id]: 'down', [missing.id]: null } });
      expect(state.get(PRIMARY_ROUTER_ID)!.physicalInterfaces).toEqual([
        { name: 'ae42', operStatus: 'down' },
        { name: 'ge-4/2/0', operStatus: 'up' },
      ]);
      expect(state.get(SECONDARY_ROUTER_ID)!.physicalInterfaces).toEqual([
        { name: 'ae42', operStatus: 'up' },
      ]);
    });
  });
});
