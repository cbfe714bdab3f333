import { given } from '../../test/given-when-then';
import {
  TENANT,
  OTHER_TENANT,
  bodyOf,
  createCmd,
  deleteCmd,
  idOf,
  labThrough,
  updateCmd,
} from '../../test/lab';
import { ConflictError, ValidationError } from '../errors';
import type { DomainEvent, ResourceBody } from '../model/events';

const lab = labThrough('subnet');
const history = lab.events;
const GW_ID = '11111111-0000-4000-8000-000000000001';
const IDS = [
  GW_ID,
  'p0000000-0000-4000-8000-00000000000a',
  'e0000000-0000-4000-8000-00000000000a',
  'p0000000-0000-4000-8000-00000000000b',
  'e0000000-0000-4000-8000-00000000000b',
];
const MACS = ['fa:16:3e:00:00:0a', 'fa:16:3e:00:00:0b'];
const ESP_PRIMARY = idOf('ese_physical_port', 0);
const ESP_SECONDARY = idOf('ese_physical_port', 1);
const SUBNET = idOf('subnet');
const NETWORK = idOf('network');
const GATEWAY = idOf('vpn_gateway');

const gwCommand = (overrides: ResourceBody = {}, ids = IDS) =>
  createCmd('gw_interface', { ...bodyOf('gw_interface'), ...overrides }, ids, MACS);

const resourceOf = (e: DomainEvent) => e.data['resource'] as ResourceBody;
const created = given(history).when(gwCommand()).events();

describe('GwInterface', () => {
  describe('When created on a vpn_gateway with a network and subnet', () => {
    it('should emit the gw_interface, then per side its ese_logical_port and port', () => {
      expect(created.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version])).toEqual([
        ['GwInterfaceCreated', GW_ID, 1],
        ['EseLogicalPortCreated', IDS[2], 1],
        ['PortCreated', IDS[1], 1],
        ['EseLogicalPortCreated', IDS[4], 1],
        ['PortCreated', IDS[3], 1],
      ]);
      expect(
        created
          .slice(1)
          .every((e) => e.parent?.aggregate_type === 'gw_interface' && e.parent.aggregate_id === GW_ID),
      ).toBe(true);
      expect(created[0]!.parent).toBeUndefined();
    });

    it('should be born PENDING_CREATE / CREATE_IN_PROGRESS / NO_STATE with its children', () => {
      for (const e of created) {
        expect(resourceOf(e)).toMatchObject({
          status: 'PENDING_CREATE',
          orchestration_state: 'CREATE_IN_PROGRESS',
          operational_state: 'NO_STATE',
          tenant_id: TENANT,
        });
      }
    });

    it('should derive the primary-side port: VIP + primary IP on the ESE port cabled to the primary router', () => {
      expect(resourceOf(created[2]!)).toMatchObject({
        name: `Port for : ${ESP_PRIMARY}`,
        description: '',
        fixed_ips: [
          { subnet_id: SUBNET, ip_address: '172.16.101.151' },
          { subnet_id: SUBNET, ip_address: '172.16.101.152' },
        ],
        mac_address: MACS[0],
        device_id: GW_ID,
        device_owner: 'network:gw_interface',
        managed_by_service: true,
        segmentation_type: 'vlan',
        segmentation_id: 1025,
        attached: false,
        admin_state_up: true,
        ese_logical_port_id: IDS[2],
        network_id: NETWORK,
        'binding:vif_type': 'vrouter',
      });
    });

    it('should derive the secondary-side port with the secondary IP only', () => {
      expect(resourceOf(created[4]!)).toMatchObject({
        name: `Port for : ${ESP_SECONDARY}`,
        fixed_ips: [{ subnet_id: SUBNET, ip_address: '172.16.101.153' }],
        mac_address: MACS[1],
        ese_logical_port_id: IDS[4],
      });
    });

    it('should derive the ese_logical_ports <physical port>.<vlan> bound to their port', () => {
      expect(resourceOf(created[1]!)).toMatchObject({
        name: 'xe-0/0/3.1025',
        description: `ESE Logical port for Port ${IDS[1]}`,
        ese_physical_port_id: ESP_PRIMARY,
        port_ids: [IDS[1]],
        gw_interface_id: GW_ID,
        connected_resource: 'gw_interface',
        type: 'L2',
        vlan_id: 1025,
        network_id: NETWORK,
        common_function_gateway_id: null,
      });
      expect(resourceOf(created[3]!)).toMatchObject({
        name: 'xe-0/0/4.1025',
        ese_physical_port_id: ESP_SECONDARY,
        port_ids: [IDS[3]],
      });
    });
  });

  describe('When the request breaks a rule of §10.8', () => {
    it.each<[string, ResourceBody, string]>([
      ['a service type other than vpn', { service_type: 'aws' }, 'service_type'],
      ['an IPv6 address', { gw_vipv6: 'fd00::1' }, 'gw_vipv6'],
      ['no vpn_gw_id', { vpn_gw_id: null }, '(root): vpn_gw_id is required for service_type vpn'],
      ['another gateway reference', { aws_gw_id: 'x' }, 'aws_gw_id'],
      [
        'the VIP equal to the primary IP',
        { primary_ipv4: '172.16.101.151' },
        'primary_ipv4: primary_ipv4 must differ from gw_vipv4',
      ],
      ['a VIP outside every subnet of the network', { gw_vipv4: '10.0.0.1' }, 'gw_vipv4'],
      ['an address outside the VIP subnet', { secondary_ipv4: '10.0.0.1' }, 'secondary_ipv4'],
      [
        'the subnet gateway_ip',
        { secondary_ipv4: '172.16.101.1' },
        'secondary_ipv4: 172.16.101.1 is the gateway_ip',
      ],
      [
        'the network address',
        { primary_ipv4: '172.16.101.0' },
        'primary_ipv4: 172.16.101.0 is not a host address',
      ],
      ['a netmask other than the prefix length', { netmask: 25 }, 'netmask: netmask must be 24'],
      ['a vrid out of 1–255', { vrid: 0 }, 'vrid: Must be greater than or equal to 1'],
    ])('should refuse %s with 400 naming the field', (_, overrides, field) => {
      const error = given(history).when(gwCommand(overrides)).thenThrows(ValidationError);
      expect(error.message).toContain(field);
    });

    it("should refuse a network that does not exist with Gohan's related-resource 400", () => {
      given(history)
        .when(gwCommand({ network_id: '99999999-9999-4999-8999-999999999999' }))
        .thenThrows(ValidationError, /^Related resource does not exist\. Please check your request: /);
    });

    it("should refuse another tenant's network as not found (400)", () => {
      const foreign = createCmd('network', { name: 'theirs', tenant_id: OTHER_TENANT }, [
        '99999999-9999-4999-8999-999999999999',
      ]);
      const events = given(history).when(foreign).events();
      given(history, events)
        .when(gwCommand({ network_id: '99999999-9999-4999-8999-999999999999' }))
        .thenThrows(
          ValidationError,
          'Related resource network ID "99999999-9999-4999-8999-999999999999" not found',
        );
    });
  });

  describe('When the request conflicts with existing resources', () => {
    it('should refuse a second gw_interface on the same vpn_gateway (409 on vpn_gw_id)', () => {
      const other = ['21111111-0000-4000-8000-000000000001', 'a1', 'a2', 'a3', 'a4'];
      const error = given(history, created)
        .when(
          gwCommand(
            { gw_vipv4: '172.16.101.161', primary_ipv4: '172.16.101.162', secondary_ipv4: '172.16.101.163' },
            other,
          ),
        )
        .thenThrows(ConflictError);
      expect((error as ConflictError).field).toBe('vpn_gw_id');
    });

    it('should refuse an address held by another port (the DHCP port) with 409', () => {
      given(history)
        .when(gwCommand({ secondary_ipv4: '172.16.101.2' }))
        .thenThrows(ConflictError, /secondary_ipv4 172.16.101.2 is already in use by port/);
    });

    it('should refuse a vrid already used on the same network (409)', () => {
      const secondGateway = createCmd('vpn_gateway', { ...bodyOf('vpn_gateway'), uplink_vlan_id: '123' }, [
        '31111111-0000-4000-8000-000000000001',
      ]);
      const gatewayEvents = given(history, created).when(secondGateway).events();
      const ids = ['41111111-0000-4000-8000-000000000001', 'b1', 'b2', 'b3', 'b4'];
      const error = given(history, created, gatewayEvents)
        .when(
          gwCommand(
            {
              vpn_gw_id: '31111111-0000-4000-8000-000000000001',
              gw_vipv4: '172.16.101.171',
              primary_ipv4: '172.16.101.172',
              secondary_ipv4: '172.16.101.173',
            },
            ids,
          ),
        )
        .thenThrows(ConflictError, /vrid 20 is already used by gw_interface/);
      expect((error as ConflictError).field).toBe('vrid');
    });

    it('should refuse a gateway whose downlink is not cabled to an ESE port (409)', () => {
      const uncable = updateCmd('er_physical_interface', idOf('er_physical_interface', 2), {
        connected_ese_port_id: null,
      });
      const events = given(history).when(uncable).events();
      given(history, events)
        .when(gwCommand())
        .thenThrows(ConflictError, /is not cabled to an ese_physical_port/);
    });

    it('should refuse a vpn_gateway under deletion (409)', () => {
      const withoutInterface = labThrough('vpn_gateway');
      const network = [
        createCmd('network', bodyOf('network'), [NETWORK]),
        createCmd('subnet', bodyOf('subnet'), [SUBNET, 'dhcp-port']),
      ];
      network.forEach((c) => withoutInterface.run(c));
      withoutInterface.run(deleteCmd('vpn_gateway', GATEWAY));
      given(withoutInterface.events)
        .when(gwCommand())
        .thenThrows(ConflictError, `vpn_gateway ${GATEWAY} is being deleted`);
    });
  });
});
