import { given } from '../../test/given-when-then';
import {
  OTHER_TENANT,
  SECOND_DOWNLINK,
  TENANT,
  addSecondDownlink,
  bodyOf,
  createCmd,
  idOf,
  labThrough,
  member,
  updateCmd,
} from '../../test/lab';
import { ConflictError, ValidationError } from '../errors';
import type { ResourceBody } from './events';

const inventory = labThrough('ha_router').events;
const ROUTER_A = idOf('edge_router', 0);

describe('Inventory resources', () => {
  describe('When an edge_router is created', () => {
    const events = given()
      .when(createCmd('edge_router', bodyOf('edge_router'), ['e1111111-0000-4000-8000-000000000001']))
      .events();

    it('should apply defaults and wait for its first observation (monitored inventory)', () => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        event_type: 'EdgeRouterCreated',
        aggregate_version: 1,
        tenant_id: TENANT,
      });
      expect(events[0]!.data['resource']).toMatchObject({
        ssh_port: 830,
        status: 'PENDING_CREATE',
        orchestration_state: 'CREATE_COMPLETE',
        operational_state: 'NO_STATE',
      });
    });

    it('should take the tenant from the actor when the body has none', () => {
      const { tenant_id: _t, ...body } = bodyOf('edge_router');
      const [event] = given()
        .when(
          createCmd('edge_router', body, ['e1111111-0000-4000-8000-000000000001'], [], member(OTHER_TENANT)),
        )
        .events();
      expect(event!.tenant_id).toBe(OTHER_TENANT);
    });

    it('should refuse a second router with the same ip (409 unique)', () => {
      given(inventory)
        .when(createCmd('edge_router', bodyOf('edge_router'), ['e1111111-0000-4000-8000-000000000002']))
        .thenThrows(ConflictError, /ip "10.79.5.185" is already used by edge_router/);
    });

    it('should refuse an id that already exists (409)', () => {
      given(inventory)
        .when(createCmd('edge_router', { ...bodyOf('edge_router'), ip: '10.0.0.9', id: ROUTER_A }))
        .thenThrows(ConflictError, /already exists/);
    });
  });

  describe('When an ese_physical_port is created on a missing ese_device', () => {
    it('should refuse it with the related-resource 400', () => {
      given()
        .when(
          createCmd('ese_physical_port', bodyOf('ese_physical_port'), [
            'f1111111-0000-4000-8000-000000000001',
          ]),
        )
        .thenThrows(ValidationError, /^Related resource does not exist/);
    });
  });

  describe('When an ha_router is created', () => {
    it('should start with all gateways available', () => {
      given(labThrough(5).events)
        .when(createCmd('ha_router', bodyOf('ha_router'), ['f1111111-0000-4000-8000-000000000002']))
        .then((events) =>
          expect(events[0]!.data['resource']).toMatchObject({
            maximum_gateways: 500,
            available_gateways: 500,
            status: 'ACTIVE',
          }),
        );
    });

    it('should refuse the same router twice in the pair (409)', () => {
      given(labThrough(5).events)
        .when(
          createCmd('ha_router', { ...bodyOf('ha_router'), secondary_router_id: ROUTER_A }, [
            'f1111111-0000-4000-8000-000000000003',
          ]),
        )
        .thenThrows(ConflictError, /two different edge routers/);
    });
  });

  describe('When an ha_interface is created', () => {
    const lab = labThrough(11).events;

    it('should refuse interfaces not on the pair routers (400)', () => {
      const body = {
        ...bodyOf('ha_interface', 1),
        primary_interface_id: idOf('er_physical_interface', 3),
        secondary_interface_id: idOf('er_physical_interface', 2),
      };
      given(lab)
        .when(createCmd('ha_interface', body, ['f1111111-0000-4000-8000-000000000004']))
        .thenThrows(
          ValidationError,
          /primary_interface_id: er_physical_interface .* is not on the primary router/,
        );
    });

    it('should refuse a malformed restricted_vlans (400)', () => {
      given(lab)
        .when(
          createCmd('ha_interface', { ...bodyOf('ha_interface', 1), restricted_vlans: '5000' }, [
            'f1111111-0000-4000-8000-000000000005',
          ]),
        )
        .thenThrows(ValidationError, /restricted_vlans/);
    });
  });

  describe('When a vpn_service lists interfaces', () => {
    const lab = labThrough('ha_interface').events;
    const downlinkLab = labThrough(12).events;

    it('should refuse an uplink list naming a downlink interface (400)', () => {
      given(downlinkLab)
        .when(
          createCmd(
            'vpn_service',
            { ...bodyOf('vpn_service'), uplink_interfaces: [idOf('ha_interface', 1)] },
            ['f1111111-0000-4000-8000-000000000006'],
          ),
        )
        .thenThrows(ValidationError, /uplink_interfaces.0: ha_interface .* is not a uplink interface/);
    });

    it('should refuse an interface that does not exist (400)', () => {
      given(lab)
        .when(createCmd('vpn_service', bodyOf('vpn_service'), ['f1111111-0000-4000-8000-000000000007']))
        .thenThrows(ValidationError, /^Related resource does not exist/);
    });

    it('should refuse a list that is empty or names the wrong link type (400)', () => {
      const withGateway = labThrough('vpn_gateway').events;
      given(withGateway)
        .when(updateCmd('vpn_service', idOf('vpn_service'), { uplink_interfaces: [] }))
        .thenThrows(ValidationError, /Array must have at least 1 items/);
      given(withGateway)
        .when(
          updateCmd('vpn_service', idOf('vpn_service'), { downlink_interfaces: [idOf('ha_interface', 0)] }),
        )
        .thenThrows(ValidationError, /downlink_interfaces.0/);
    });

    it('should refuse removing an interface a gateway uses (409)', () => {
      const lab = labThrough('vpn_gateway');
      addSecondDownlink(lab);
      given(lab.events)
        .when(updateCmd('vpn_service', idOf('vpn_service'), { downlink_interfaces: [SECOND_DOWNLINK] }))
        .thenThrows(ConflictError, /downlink_interfaces: ha_interface .* is used by vpn_gateway/);
      given(lab.events)
        .when(
          updateCmd('vpn_service', idOf('vpn_service'), {
            downlink_interfaces: [idOf('ha_interface', 1), SECOND_DOWNLINK],
          }),
        )
        .then((events) => expect(events.map((e) => e.event_type)).toEqual(['VpnServiceUpdated']));
    });
  });

  describe('When a qos_option is created', () => {
    const lab = labThrough('vpn_service').events;

    it('should take the ha_router of the service first downlink', () => {
      given(lab)
        .when(createCmd('qos_option', bodyOf('qos_option'), ['f1111111-0000-4000-8000-000000000008']))
        .then((events) =>
          expect(events[0]!.data['resource']).toMatchObject({
            ha_router_id: idOf('ha_router'),
            status: 'ACTIVE',
            orchestration_state: 'SYNC_COMPLETE',
          }),
        );
    });

    it('should refuse another service type (400, §10.1)', () => {
      given(lab)
        .when(createCmd('qos_option', { ...bodyOf('qos_option'), service_type: 'aws' }, ['f1']))
        .thenThrows(ValidationError, /service_type/);
    });
  });

  describe('When a user creates a port', () => {
    const lab = labThrough('subnet').events;
    const network = idOf('network');
    const port = (body: ResourceBody) =>
      createCmd(
        'port',
        { network_id: network, ...body },
        ['f2222222-0000-4000-8000-000000000001'],
        ['fa:16:3e:aa:bb:cc'],
      );

    it('should allocate the lowest free address and a MAC from the command', () => {
      given(lab)
        .when(port({ fixed_ips: [{ subnet_id: idOf('subnet') }] }))
        .then((events) =>
          expect(events[0]!.data['resource']).toMatchObject({
            fixed_ips: [{ subnet_id: idOf('subnet'), ip_address: '172.16.101.3' }],
            mac_address: 'fa:16:3e:aa:bb:cc',
            status: 'ACTIVE',
          }),
        );
    });

    it('should refuse an address in use (409) and a reserved device owner (400)', () => {
      given(lab)
        .when(port({ fixed_ips: [{ ip_address: '172.16.101.2' }] }))
        .thenThrows(ConflictError, /already in use by port/);
      given(lab)
        .when(port({ fixed_ips: [{ ip_address: '172.16.101.1' }] }))
        .thenThrows(ConflictError, /the gateway of subnet/);
      given(lab)
        .when(port({ device_owner: 'network:gw_interface' }))
        .thenThrows(ValidationError, /device_owner/);
    });
  });

  describe('When a user creates an ese_logical_port', () => {
    const lab = labThrough('subnet').events;
    const elp = (body: ResourceBody) =>
      createCmd(
        'ese_logical_port',
        {
          network_id: idOf('network'),
          ese_physical_port_id: idOf('ese_physical_port'),
          connected_resource: 'port',
          vlan_id: 300,
          ...body,
        },
        ['f3333333-0000-4000-8000-000000000001'],
      );

    it('should name it <physical port>.<vlan>', () => {
      given(lab)
        .when(elp({}))
        .then((events) =>
          expect(events[0]!.data['resource']).toMatchObject({ name: 'xe-0/0/3.300', status: 'ACTIVE' }),
        );
    });

    it('should refuse a gw_interface ELP (400) and a VLAN taken on the physical port (409)', () => {
      given(lab)
        .when(elp({ connected_resource: 'gw_interface' }))
        .thenThrows(ValidationError, /connected_resource/);
      const withGw = labThrough('gw_interface').events;
      given(withGw)
        .when(elp({ vlan_id: 1025 }))
        .thenThrows(ConflictError, /VLAN 1025 of ese_physical_port/);
    });
  });
});
