import type { Lab } from '../../test/lab';
import { bodyOf, completeDeleteCmd, createCmd, deleteCmd, idOf, labThrough } from '../../test/lab';
import { vpnFlowSteps } from '../../test/vpn-flow-fixtures';
import { ConflictError } from '../errors';
import type { DomainEvent, Json, ResourceBody } from './events';
import type { IndexName } from './indexes';
import { gatewayUnit, lookupKey } from './indexes';
import type { WriteModel } from './write-model';
import { evolve, getResource, lookupIds, referrersOf, replay } from './write-model';

const GW_ID = '11111111-0000-4000-8000-000000000001';
const IDS = [
  GW_ID,
  'p0000000-0000-4000-8000-00000000000a',
  'e0000000-0000-4000-8000-00000000000a',
  'p0000000-0000-4000-8000-00000000000b',
  'e0000000-0000-4000-8000-00000000000b',
];
const MACS = ['fa:16:3e:00:00:0a', 'fa:16:3e:00:00:0b'];

const ids = (model: WriteModel, name: IndexName, ...parts: (Json | undefined)[]): string[] => [
  ...lookupIds(model, name, lookupKey(...parts)),
];

/** The lab through the subnet plus one gw_interface (fixture body) with the ids above. */
function labWithGwInterface(): Lab {
  const lab = labThrough('subnet');
  lab.run(createCmd('gw_interface', bodyOf('gw_interface'), IDS, MACS));
  return lab;
}

function expectGwInterfaceIndexed(model: WriteModel, present: boolean): void {
  const gw = bodyOf('gw_interface');
  const network = gw['network_id'] as string;
  const gateway = getResource(model, 'vpn_gateway', idOf('vpn_gateway'))!;
  const elps = [IDS[2]!, IDS[4]!].map((id) => getResource(model, 'ese_logical_port', id));
  const when = <T>(value: T[]): T[] => (present ? value : []);
  expect(ids(model, 'gw_interface.by_network_vrid', network, gw['vrid'] as number)).toEqual(when([GW_ID]));
  expect(ids(model, 'gw_interface.by_gateway_vrid', gateway.id, gw['vrid'] as number)).toEqual(when([GW_ID]));
  expect(ids(model, 'port.by_device', 'network:gw_interface', GW_ID)).toEqual(when([IDS[1], IDS[3]]));
  expect(ids(model, 'ese_logical_port.by_gw_interface', GW_ID)).toEqual(when([IDS[2], IDS[4]]));
  for (const field of ['gw_vipv4', 'primary_ipv4'])
    expect(ids(model, 'port.by_network_address', network, gw[field]!)).toEqual(when([IDS[1]]));
  expect(ids(model, 'port.by_network_address', network, gw['secondary_ipv4']!)).toEqual(when([IDS[3]]));
  if (present) {
    for (const elp of elps) {
      expect(
        ids(
          model,
          'ese_logical_port.by_physical_vlan',
          elp!.body['ese_physical_port_id']!,
          elp!.body['vlan_id']!,
        ),
      ).toEqual([elp!.id]);
    }
  }
}

describe('Secondary indexes of the write model', () => {
  describe('When the whole flow is replayed', () => {
    it('should rebuild the same indexes from the same events (deterministic)', () => {
      const lab = labThrough('static_route');
      const again = replay(lab.events);
      expect(again.lookups).toEqual(lab.model.lookups);
      expect(again.referrersByType).toEqual(lab.model.referrersByType);
    });

    it('should split the referrers by type exactly as the referrers index lists them', () => {
      const lab = labThrough('static_route');
      for (const [target, keys] of lab.model.referrers) {
        const byType = [...(lab.model.referrersByType.get(target) ?? new Map<string, Set<string>>())]
          .flatMap(([type, members]) => [...members].map((id) => `${type}/${id}`))
          .sort();
        expect(byType).toEqual([...keys].sort());
      }
      expect(lab.model.referrersByType.size).toBe(lab.model.referrers.size);
      const gateway = idOf('vpn_gateway');
      expect(referrersOf(lab.model, 'vpn_gateway', gateway, 'static_route').map((r) => r.id)).toEqual([
        idOf('static_route'),
      ]);
      expect(referrersOf(lab.model, 'vpn_gateway', gateway, 'port')).toEqual([]);
    });

    it('should index the gateways by service and by downlink unit', () => {
      const lab = labThrough('vpn_gateway');
      const gateway = getResource(lab.model, 'vpn_gateway', idOf('vpn_gateway'))!;
      expect(ids(lab.model, 'vpn_gateway.by_service', idOf('vpn_service'))).toEqual([gateway.id]);
      expect(ids(lab.model, 'vpn_gateway.by_unit', gatewayUnit(gateway.body))).toEqual([gateway.id]);
    });
  });

  describe('When a gw_interface is created', () => {
    it('should index it, its ports, their addresses and its ELPs', () => {
      expectGwInterfaceIndexed(labWithGwInterface().model, true);
    });

    it('should index the DHCP port of a subnet by its device', () => {
      const lab = labThrough('subnet');
      const subnet = idOf('subnet');
      const dhcp = ids(lab.model, 'port.by_device', 'network:dhcp', subnet);
      const derived = vpnFlowSteps.find((s) => s.resource_type === 'subnet')!.derived_resources ?? [];
      expect(dhcp).toEqual(derived.filter((d) => d.resource_type === 'port').map((d) => d.id));
    });
  });

  describe('When a gw_interface is requested for deletion and then deleted', () => {
    it('should keep it indexed until complete_delete, then free every bucket', () => {
      const lab = labWithGwInterface();
      lab.run(deleteCmd('gw_interface', GW_ID));
      expectGwInterfaceIndexed(lab.model, true);
      expect(() => lab.run(createCmd('gw_interface', bodyOf('gw_interface'), IDS, MACS))).toThrow(
        ConflictError,
      );
      lab.run(completeDeleteCmd('gw_interface', GW_ID));
      expectGwInterfaceIndexed(lab.model, false);
      for (const buckets of lab.model.lookups.values())
        for (const members of buckets.values()) expect(members.size).toBeGreaterThan(0);
      expect(replay(lab.events).lookups).toEqual(lab.model.lookups);
    });
  });

  describe('When an indexed field is updated', () => {
    const event = (
      lab: Lab,
      type: string,
      id: string,
      eventType: string,
      changes: ResourceBody,
    ): DomainEvent => ({
      event_type: eventType,
      aggregate_type: type,
      aggregate_id: id,
      aggregate_version: getResource(lab.model, type, id)!.version + 1,
      tenant_id: getResource(lab.model, type, id)!.tenant_id,
      data: { changes },
    });

    it('should move a port between address buckets and keep untouched indexes in place', () => {
      const lab = labWithGwInterface();
      const network = bodyOf('gw_interface')['network_id'] as string;
      const port = getResource(lab.model, 'port', IDS[3]!)!;
      const subnet = (port.body['fixed_ips'] as { subnet_id: string }[])[0]!.subnet_id;
      evolve(
        lab.model,
        event(lab, 'port', port.id, 'PortUpdated', {
          fixed_ips: [{ subnet_id: subnet, ip_address: '172.16.101.200' }],
        }),
      );
      expect(ids(lab.model, 'port.by_network_address', network, '172.16.101.153')).toEqual([]);
      expect(ids(lab.model, 'port.by_network_address', network, '172.16.101.200')).toEqual([port.id]);
      expect(ids(lab.model, 'port.by_device', 'network:gw_interface', GW_ID)).toEqual([IDS[1], IDS[3]]);
    });

    it('should move an ELP to its new (physical port, VLAN) bucket', () => {
      const lab = labWithGwInterface();
      const elp = getResource(lab.model, 'ese_logical_port', IDS[2]!)!;
      const physical = elp.body['ese_physical_port_id'] as string;
      const vlan = elp.body['vlan_id'] as number;
      evolve(lab.model, event(lab, 'ese_logical_port', elp.id, 'EseLogicalPortUpdated', { vlan_id: 7 }));
      expect(ids(lab.model, 'ese_logical_port.by_physical_vlan', physical, vlan)).toEqual([]);
      expect(ids(lab.model, 'ese_logical_port.by_physical_vlan', physical, 7)).toEqual([elp.id]);
      expect(ids(lab.model, 'ese_logical_port.by_physical_vlan', physical, '7')).toEqual([]);
    });

    it('should move a gateway to its new downlink unit', () => {
      const lab = labWithGwInterface();
      const gateway = getResource(lab.model, 'vpn_gateway', idOf('vpn_gateway'))!;
      const before = gatewayUnit(gateway.body);
      evolve(
        lab.model,
        event(lab, 'vpn_gateway', gateway.id, 'VpnGatewayUpdated', { downlink_vlan_id: 3000 }),
      );
      expect(ids(lab.model, 'vpn_gateway.by_unit', before)).toEqual([]);
      expect(ids(lab.model, 'vpn_gateway.by_unit', gatewayUnit(gateway.body))).toEqual([gateway.id]);
      expect(gatewayUnit(gateway.body)).toBe(`${String(gateway.body['downlink_interface_id'])}.3000`);
    });
  });

  describe('When the rules read the indexes', () => {
    it('should refuse a VLAN already used on the ESE physical port (409) through the index', () => {
      const lab = labWithGwInterface();
      const elp = getResource(lab.model, 'ese_logical_port', IDS[2]!)!;
      expect(() =>
        lab.run(
          createCmd(
            'ese_logical_port',
            {
              network_id: elp.body['network_id']!,
              ese_physical_port_id: elp.body['ese_physical_port_id']!,
              vlan_id: elp.body['vlan_id']!,
              connected_resource: 'port',
              port_ids: [],
              type: 'L2',
            },
            ['e1111111-0000-4000-8000-000000000001'],
          ),
        ),
      ).toThrow(/VLAN \d+ of ese_physical_port .* is already used by ese_logical_port e0000000/);
    });
  });
});
