import { given } from '../../test/given-when-then';
import {
  SECOND_DOWNLINK,
  TENANT,
  addSecondDownlink,
  bodyOf,
  completeDeleteCmd,
  createCmd,
  deleteCmd,
  idOf,
  labThrough,
  updateCmd,
} from '../../test/lab';
import { ConflictError, ValidationError } from '../errors';
import type { DomainEvent, ResourceBody } from '../model/events';
import { countFree, decodePool, isUsed } from './vlan-pool';

const lab = labThrough('qos_option');
const history = lab.events;
const GW = '61111111-0000-4000-8000-000000000001';
const DOWNLINK = idOf('ha_interface', 1);
const UPLINK = idOf('ha_interface', 0);
const HA_ROUTER = idOf('ha_router');
const SERVICE = idOf('vpn_service');

const gatewayCommand = (overrides: ResourceBody = {}, id = GW) =>
  createCmd('vpn_gateway', { ...bodyOf('vpn_gateway'), ...overrides }, [id]);
const changesOf = (events: DomainEvent[], id: string) =>
  events.find((e) => e.aggregate_id === id)!.data['changes'] as ResourceBody;
const created = given(history).when(gatewayCommand()).events();

describe('VpnGateway', () => {
  describe('When created in a vpn_service with one uplink and one downlink ha_interface', () => {
    it('should derive interfaces, VLAN 1025, VRF and logical interface names', () => {
      expect(created[0]!.data['resource']).toMatchObject({
        downlink_interface_id: DOWNLINK,
        uplink_interface_id: UPLINK,
        downlink_vlan_id: '1025',
        uplink_vlan_id: '122',
        vrf_name: 'vrf_gw_sample-ha-router-downlink_1025',
        primary_logical_downlink_interface_name: 'ae0.1025',
        secondary_logical_downlink_interface_name: 'ae0.1025',
        primary_logical_uplink_interface_name: 'ge-0/0/1.122',
        secondary_logical_uplink_interface_name: 'ge-0/0/1.122',
        connected_vpn_interface: '',
        status: 'PENDING_CREATE',
        orchestration_state: 'CREATE_IN_PROGRESS',
      });
    });

    it('should take a VLAN, a gateway slot and the QoS bandwidth in the same decision', () => {
      expect(
        created.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version, e.parent?.aggregate_id]),
      ).toEqual([
        ['VpnGatewayCreated', GW, 1, undefined],
        ['HaInterfaceUpdated', DOWNLINK, 2, GW],
        ['HaInterfaceUpdated', UPLINK, 2, GW],
        ['HaRouterUpdated', HA_ROUTER, 2, GW],
      ]);
      const downlink = changesOf(created, DOWNLINK);
      expect(downlink).toMatchObject({
        vlan_ids_available: 3068,
        gateway_instances_count: 1,
        available_ga_bandwidth: 490,
      });
      expect(isUsed(decodePool(downlink['vlan_pool_state'] as string), 1025)).toBe(true);
      const uplink = changesOf(created, UPLINK);
      expect(uplink).toEqual({ vlan_pool_state: expect.any(String), vlan_ids_available: 4093 });
      expect(isUsed(decodePool(uplink['vlan_pool_state'] as string), 122)).toBe(true);
      expect(changesOf(created, HA_ROUTER)).toEqual({ available_gateways: 499 });
    });

    it('should take the next free VLAN for the next gateway', () => {
      const second = given(history, created)
        .when(gatewayCommand({ uplink_vlan_id: '123' }, '61111111-0000-4000-8000-000000000002'))
        .events();
      expect(second[0]!.data['resource']).toMatchObject({
        downlink_vlan_id: '1026',
        vrf_name: 'vrf_gw_sample-ha-router-downlink_1026',
      });
    });

    it('should default maximum_static_routes from the service', () => {
      const { maximum_static_routes: _m, ...body } = bodyOf('vpn_gateway');
      const events = given(history)
        .when(createCmd('vpn_gateway', body, [GW]))
        .events();
      expect(events[0]!.data['resource']).toMatchObject({ maximum_static_routes: 32 });
    });
  });

  describe('When no ha_interface has capacity', () => {
    it('should refuse an uplink VLAN already used (409 on uplink_vlan_id)', () => {
      const error = given(history, created)
        .when(gatewayCommand({}, '61111111-0000-4000-8000-000000000002'))
        .thenThrows(ConflictError, /VLAN 122/);
      expect((error as ConflictError).field).toBe('uplink_vlan_id');
    });

    it('should refuse when the downlink bandwidth is exhausted (409)', () => {
      const shrink = given(history, created)
        .when(updateCmd('ha_interface', DOWNLINK, { maximum_ga_bandwidth: 15 }))
        .events();
      expect(changesOf(shrink, DOWNLINK)).toEqual({ maximum_ga_bandwidth: 15, available_ga_bandwidth: 5 });
      given(history, created, shrink)
        .when(gatewayCommand({ uplink_vlan_id: '123' }, '61111111-0000-4000-8000-000000000002'))
        .thenThrows(ConflictError, /lacks available_ga_bandwidth/);
    });

    it('should refuse when the ha_router has no gateway slot left (409)', () => {
      const full = given(history, created)
        .when(updateCmd('ha_router', HA_ROUTER, { maximum_gateways: 1 }))
        .events();
      given(history, created, full)
        .when(gatewayCommand({ uplink_vlan_id: '123' }, '61111111-0000-4000-8000-000000000002'))
        .thenThrows(ConflictError, /has no gateway slot left/);
    });

    it('should take the second downlink listed when the first is full', () => {
      const extra = labThrough('qos_option');
      addSecondDownlink(extra);
      extra.run(updateCmd('vpn_service', SERVICE, { downlink_interfaces: [DOWNLINK, SECOND_DOWNLINK] }));
      extra.run(updateCmd('ha_interface', DOWNLINK, { maximum_ga_bandwidth: 5 }));
      const events = given(extra.events).when(gatewayCommand()).events();
      expect(events[0]!.data['resource']).toMatchObject({
        downlink_interface_id: SECOND_DOWNLINK,
        downlink_vlan_id: '1',
        primary_logical_downlink_interface_name: 'ae1.1',
      });
    });
  });

  describe('When the request is invalid', () => {
    it('should refuse a QoS option of another service or type (400 on qos_option_id)', () => {
      const other = given(history)
        .when(
          createCmd('vpn_service', { ...bodyOf('vpn_service') }, ['81111111-0000-4000-8000-000000000001']),
        )
        .events();
      given(history, other)
        .when(gatewayCommand({ vpn_service_id: '81111111-0000-4000-8000-000000000001' }))
        .thenThrows(ValidationError, /qos_option_id: qos_option .* is not a QoS option of vpn_service/);
    });

    it.each(['0', '4095'])('should refuse uplink VLAN %s (400)', (vlan) => {
      given(history)
        .when(gatewayCommand({ uplink_vlan_id: vlan }))
        .thenThrows(ValidationError, /uplink_vlan_id/);
    });
  });

  describe('When its QoS option changes', () => {
    it('should give back the old bandwidth and take the new one', () => {
      const qos2 = given(history, created)
        .when(
          createCmd('qos_option', { ...bodyOf('qos_option'), bandwidth: '100', qos_type: 'besteffort' }, [
            '91111111-0000-4000-8000-000000000001',
          ]),
        )
        .events();
      const events = given(history, created, qos2)
        .when(updateCmd('vpn_gateway', GW, { qos_option_id: '91111111-0000-4000-8000-000000000001' }, 1))
        .events();
      expect(events.map((e) => [e.event_type, e.aggregate_version])).toEqual([
        ['VpnGatewayUpdated', 2],
        ['HaInterfaceUpdated', 3],
      ]);
      expect(changesOf(events, DOWNLINK)).toEqual({
        available_ga_bandwidth: 500,
        available_be_bandwidth: 400,
      });
    });
  });

  describe('When deleted', () => {
    it('should be refused while a gw_interface, vpn_interface or static_route uses it (409)', () => {
      const withInterface = given(history, created)
        .when(
          createCmd('vpn_interface', { ...bodyOf('vpn_interface'), vpn_gw_id: GW }, [
            'a1111111-0000-4000-8000-000000000001',
          ]),
        )
        .events();
      given(history, created, withInterface)
        .when(deleteCmd('vpn_gateway', GW))
        .thenThrows(ConflictError, `vpn_gateway ${GW} is in use by vpn_interface`);
    });

    it('should give back VLANs, bandwidth and the gateway slot once the routers are clean', () => {
      const requested = given(history, created).when(deleteCmd('vpn_gateway', GW)).events();
      expect(requested.map((e) => e.event_type)).toEqual(['VpnGatewayDeleteRequested']);
      const done = given(history, created, requested).when(completeDeleteCmd('vpn_gateway', GW)).events();
      expect(done.map((e) => [e.event_type, e.aggregate_id])).toEqual([
        ['VpnGatewayDeleted', GW],
        ['HaInterfaceUpdated', DOWNLINK],
        ['HaInterfaceUpdated', UPLINK],
        ['HaRouterUpdated', HA_ROUTER],
      ]);
      const downlink = changesOf(done, DOWNLINK);
      expect(downlink).toMatchObject({
        vlan_ids_available: 3069,
        gateway_instances_count: 0,
        available_ga_bandwidth: 500,
      });
      expect(countFree(decodePool(changesOf(done, UPLINK)['vlan_pool_state'] as string))).toBe(4094);
      expect(changesOf(done, HA_ROUTER)).toEqual({ available_gateways: 500 });
      expect(done.every((e) => e.tenant_id === TENANT)).toBe(true);
    });
  });
});
