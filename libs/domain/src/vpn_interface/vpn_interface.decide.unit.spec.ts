import { given } from '../../test/given-when-then';
import {
  TENANT,
  bodyOf,
  completeDeleteCmd,
  createCmd,
  deleteCmd,
  idOf,
  labThrough,
  updateCmd,
} from '../../test/lab';
import { ConflictError, ValidationError } from '../errors';
import type { ResourceBody } from '../model/events';

const history = labThrough('vpn_gateway').events;
const GATEWAY = idOf('vpn_gateway');
const VI = 'c1111111-0000-4000-8000-000000000001';
const viCommand = (overrides: ResourceBody = {}, id = VI) =>
  createCmd('vpn_interface', { ...bodyOf('vpn_interface'), ...overrides }, [id]);
const created = given(history).when(viCommand()).events();

describe('VpnInterface', () => {
  describe('When created on a vpn_gateway', () => {
    it('should connect the gateway (config version 2) in the same decision', () => {
      expect(created.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version])).toEqual([
        ['VpnInterfaceCreated', VI, 1],
        ['VpnGatewayUpdated', GATEWAY, 2],
      ]);
      expect(created[1]).toMatchObject({
        tenant_id: TENANT,
        parent: { aggregate_type: 'vpn_interface', aggregate_id: VI },
        data: { changes: { connected_vpn_interface: VI } },
      });
      expect(created[0]!.data['resource']).toMatchObject({
        status: 'PENDING_CREATE',
        orchestration_state: 'CREATE_IN_PROGRESS',
        operational_state: 'NO_STATE',
        bgp_md5: 'test',
      });
    });

    it('should refuse a second one on the same gateway (409)', () => {
      given(history, created)
        .when(viCommand({}, 'c1111111-0000-4000-8000-000000000002'))
        .thenThrows(ConflictError, /vpn_gw_id/);
    });

    it.each<[string, ResourceBody, string]>([
      [
        'a peer outside the /30',
        {
          primary: { bgp_peer_ip: '192.168.9.1', bgp_router_id: '192.168.8.2', ip_address: '192.168.8.2/30' },
        },
        'primary.bgp_peer_ip',
      ],
      [
        'the peer equal to the own address',
        {
          secondary: {
            bgp_peer_ip: '192.168.8.6',
            bgp_router_id: '192.168.8.6',
            ip_address: '192.168.8.6/30',
          },
        },
        'secondary.bgp_peer_ip',
      ],
      [
        'a network address',
        {
          primary: { bgp_peer_ip: '192.168.8.1', bgp_router_id: '192.168.8.2', ip_address: '192.168.8.0/30' },
        },
        'primary.ip_address',
      ],
    ])('should refuse %s with 400', (_, overrides, field) => {
      expect(given(history).when(viCommand(overrides)).thenThrows(ValidationError).message).toContain(
        `\t${field}:`,
      );
    });
  });

  describe('When updated', () => {
    it('should accept a new BGP key only (write-only secret)', () => {
      given(history, created)
        .when(updateCmd('vpn_interface', VI, { bgp_md5: 'rotated' }))
        .then([
          {
            event_type: 'VpnInterfaceUpdated',
            aggregate_type: 'vpn_interface',
            aggregate_id: VI,
            aggregate_version: 2,
            tenant_id: TENANT,
            data: { changes: { bgp_md5: 'rotated' } },
          },
        ]);
      given(history, created)
        .when(updateCmd('vpn_interface', VI, { bgp_remote_as: '1' }))
        .thenThrows(ValidationError);
    });
  });

  describe('When deleted', () => {
    it('should disconnect the gateway once its config is removed', () => {
      const requested = given(history, created).when(deleteCmd('vpn_interface', VI)).events();
      expect(requested.map((e) => e.event_type)).toEqual(['VpnInterfaceDeleteRequested']);
      given(history, created, requested)
        .when(completeDeleteCmd('vpn_interface', VI))
        .then((events) => {
          expect(events.map((e) => [e.event_type, e.aggregate_version])).toEqual([
            ['VpnInterfaceDeleted', 3],
            ['VpnGatewayUpdated', 3],
          ]);
          expect(events[1]!.data).toEqual({ changes: { connected_vpn_interface: '' } });
        });
    });
  });
});
