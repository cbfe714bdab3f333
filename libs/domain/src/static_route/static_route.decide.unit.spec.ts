import { given } from '../../test/given-when-then';
import { bodyOf, createCmd, idOf, labThrough, updateCmd } from '../../test/lab';
import { ConflictError, ValidationError } from '../errors';
import type { ResourceBody } from '../model/events';

const history = labThrough('gw_interface').events;
const ROUTE = 'd1111111-0000-4000-8000-000000000001';
const routeCommand = (overrides: ResourceBody = {}, id = ROUTE) =>
  createCmd('static_route', { ...bodyOf('static_route'), ...overrides }, [id]);
const created = given(history).when(routeCommand()).events();

describe('StaticRoute', () => {
  describe('When created in a vpn_gateway', () => {
    it('should be born pending and provisioned', () => {
      expect(created.map((e) => e.event_type)).toEqual(['StaticRouteCreated']);
      expect(created[0]!.data['resource']).toMatchObject({
        destination: '192.168.0.0/24',
        nexthop: '172.16.101.1',
        status: 'PENDING_CREATE',
        orchestration_state: 'CREATE_IN_PROGRESS',
      });
    });
  });

  describe('When the request is refused', () => {
    it('should refuse another service type with 400 (§10.1)', () => {
      given(history)
        .when(routeCommand({ service_type: 'internet', vpn_gw_id: null, internet_gw_id: 'x' }))
        .thenThrows(ValidationError, /service_type: service_type "internet" is not supported yet/);
    });

    it('should refuse the same destination twice on a gateway (409)', () => {
      given(history, created)
        .when(routeCommand({}, 'd1111111-0000-4000-8000-000000000002'))
        .thenThrows(ConflictError, /destination 192.168.0.0\/24 already has static_route/);
    });

    it('should refuse more routes than maximum_static_routes (409)', () => {
      const limit = given(history, created)
        .when(updateCmd('vpn_gateway', idOf('vpn_gateway'), { maximum_static_routes: 1 }))
        .events();
      given(history, created, limit)
        .when(routeCommand({ destination: '192.168.1.0/24' }, 'd1111111-0000-4000-8000-000000000002'))
        .thenThrows(ConflictError, /maximum of 1 static routes/);
    });
  });
});
