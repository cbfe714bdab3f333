import { given } from '../../test/given-when-then';
import { TENANT, bodyOf, createCmd, deleteCmd, idOf, labThrough } from '../../test/lab';
import { ConflictError, ValidationError } from '../errors';
import type { ResourceBody } from '../model/events';

const lab = labThrough('network');
const history = lab.events;
const NETWORK = idOf('network');
const SUBNET = 'b1111111-0000-4000-8000-000000000001';
const DHCP = 'b1111111-0000-4000-8000-000000000002';

const subnetCommand = (overrides: ResourceBody = {}, ids = [SUBNET, DHCP]) =>
  createCmd('subnet', { ...bodyOf('subnet'), ...overrides }, ids);
const created = given(history).when(subnetCommand()).events();
const resourceOf = (i: number) => created[i]!.data['resource'] as ResourceBody;

describe('Subnet', () => {
  describe('When created with only a CIDR', () => {
    it('should default gateway .1, pool .2–.254 and the DHCP server .2', () => {
      expect(resourceOf(0)).toMatchObject({
        gateway_ip: '172.16.101.1',
        allocation_pools: [{ start: '172.16.101.2', end: '172.16.101.254' }],
        dhcp_server_address: '172.16.101.2',
        enable_dhcp: true,
        ip_version: 4,
        status: 'ACTIVE',
        orchestration_state: 'CREATE_COMPLETE',
      });
    });

    it('should create the DHCP port and list the subnet in its network', () => {
      expect(created.map((e) => [e.event_type, e.aggregate_id, e.parent?.aggregate_id])).toEqual([
        ['SubnetCreated', SUBNET, undefined],
        ['PortCreated', DHCP, SUBNET],
        ['NetworkUpdated', NETWORK, SUBNET],
      ]);
      expect(resourceOf(1)).toMatchObject({
        name: 'dhcp-server-port',
        description: 'DHCP Server Port',
        device_owner: 'network:dhcp',
        device_id: SUBNET,
        mac_address: '00:00:5e:00:01:00',
        fixed_ips: [{ subnet_id: SUBNET, ip_address: '172.16.101.2' }],
        segmentation_type: null,
        segmentation_id: null,
        status: 'ACTIVE',
        orchestration_state: 'SYNC_COMPLETE',
        operational_state: '',
        tenant_id: TENANT,
      });
      expect(created[2]!.data).toEqual({ changes: { subnets: [SUBNET] } });
    });

    it('should split the pool around a gateway in the middle', () => {
      const events = given(history)
        .when(subnetCommand({ gateway_ip: '172.16.101.100' }))
        .events();
      expect(events[0]!.data['resource']).toMatchObject({
        allocation_pools: [
          { start: '172.16.101.1', end: '172.16.101.99' },
          { start: '172.16.101.101', end: '172.16.101.254' },
        ],
        dhcp_server_address: '172.16.101.1',
      });
    });

    it('should create no DHCP port without DHCP', () => {
      const events = given(history)
        .when(subnetCommand({ enable_dhcp: false }))
        .events();
      expect(events.map((e) => e.event_type)).toEqual(['SubnetCreated', 'NetworkUpdated']);
      expect(events[0]!.data['resource']).toMatchObject({ dhcp_server_address: null });
    });
  });

  describe('When the request is invalid', () => {
    it.each<[string, ResourceBody, string]>([
      [
        'a CIDR with host bits',
        { cidr: '172.16.101.5/24' },
        'cidr: 172.16.101.5/24 is not a network address',
      ],
      ['a /31', { cidr: '172.16.101.0/31' }, 'cidr: the prefix length must be 30 or less'],
      ['a gateway outside the CIDR', { gateway_ip: '10.0.0.1' }, 'gateway_ip'],
      [
        'a pool containing the gateway',
        { allocation_pools: [{ start: '172.16.101.1', end: '172.16.101.9' }] },
        'allocation_pools.0',
      ],
      ['an IPv6 mode', { ipv6_ra_mode: 'slaac' }, 'ipv6_ra_mode'],
      ['IP version 6', { ip_version: 6 }, 'ip_version'],
    ])('should refuse %s with 400', (_, overrides, text) => {
      expect(given(history).when(subnetCommand(overrides)).thenThrows(ValidationError).message).toContain(
        text,
      );
    });

    it('should refuse a CIDR overlapping another subnet of the network (409)', () => {
      given(history, created)
        .when(
          subnetCommand({ cidr: '172.16.0.0/16' }, [
            'b1111111-0000-4000-8000-000000000003',
            'b1111111-0000-4000-8000-000000000004',
          ]),
        )
        .thenThrows(ConflictError, /overlaps subnet/);
    });
  });

  describe('When deleted', () => {
    it('should delete its DHCP port and unlist itself from the network', () => {
      given(history, created)
        .when(deleteCmd('subnet', SUBNET))
        .then((events) => {
          expect(events.map((e) => [e.event_type, e.aggregate_id])).toEqual([
            ['PortDeleted', DHCP],
            ['SubnetDeleted', SUBNET],
            ['NetworkUpdated', NETWORK],
          ]);
          expect(events[2]!.data).toEqual({ changes: { subnets: [] } });
        });
    });

    it('should be refused while another port holds an address in it (409)', () => {
      const port = given(history, created)
        .when(
          createCmd(
            'port',
            { network_id: NETWORK, fixed_ips: [{ subnet_id: SUBNET }] },
            ['b1111111-0000-4000-8000-000000000005'],
            ['fa:16:3e:00:00:01'],
          ),
        )
        .events();
      given(history, created, port)
        .when(deleteCmd('subnet', SUBNET))
        .thenThrows(ConflictError, /is in use by port b1111111-0000-4000-8000-000000000005/);
    });

    it('should not let its DHCP port be deleted on its own (409)', () => {
      given(history, created)
        .when(deleteCmd('port', DHCP))
        .thenThrows(ConflictError, `port ${DHCP} is managed by subnet ${SUBNET}`);
    });

    it('should block the network delete while the subnet exists (409)', () => {
      given(history, created)
        .when(deleteCmd('network', NETWORK))
        .thenThrows(ConflictError, /is in use by subnet/);
    });
  });
});
