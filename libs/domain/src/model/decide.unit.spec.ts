import { given } from '../../test/given-when-then';
import {
  OTHER_TENANT,
  TENANT,
  bodyOf,
  createCmd,
  deleteCmd,
  idOf,
  labThrough,
  member,
  updateCmd,
} from '../../test/lab';
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';

const inventory = labThrough('ha_router').events;
const ROUTER_A = idOf('edge_router', 0);

describe('Generic command handling', () => {
  describe('When the resource type is unknown', () => {
    it('should answer 404', () => {
      given().when(createCmd('router', {})).thenThrows(NotFoundError, 'Unknown resource type router');
    });
  });

  describe('When updating', () => {
    it('should merge the change and bump the version, checking If-Match', () => {
      given(inventory)
        .when(updateCmd('edge_router', ROUTER_A, { description: 'MX80 #2 (rack 4)' }, 1))
        .then([
          {
            event_type: 'EdgeRouterUpdated',
            aggregate_type: 'edge_router',
            aggregate_id: ROUTER_A,
            aggregate_version: 2,
            tenant_id: TENANT,
            data: { changes: { description: 'MX80 #2 (rack 4)' } },
          },
        ]);
      given(inventory)
        .when(updateCmd('edge_router', ROUTER_A, { description: 'x' }, 2))
        .thenThrows(VersionConflictError, /is at version 1, not 2/);
    });

    it('should refuse a unique value another resource holds (409)', () => {
      given(inventory)
        .when(updateCmd('edge_router', ROUTER_A, { ip: '10.79.5.184' }))
        .thenThrows(ConflictError, /ip/);
    });

    it('should move available_gateways with maximum_gateways and refuse going below the used ones', () => {
      const withGateway = labThrough('vpn_gateway').events;
      given(withGateway)
        .when(updateCmd('ha_router', idOf('ha_router'), { maximum_gateways: 10 }))
        .then((events) =>
          expect(events[0]!.data).toEqual({ changes: { maximum_gateways: 10, available_gateways: 9 } }),
        );
      given(withGateway)
        .when(updateCmd('ha_router', idOf('ha_router'), { maximum_gateways: 0 }))
        .thenThrows(ConflictError, /below the 1 gateways/);
    });

    it('should not find a resource that does not exist (404)', () => {
      given(inventory)
        .when(updateCmd('edge_router', 'nope', { description: 'x' }))
        .thenThrows(NotFoundError);
    });
  });

  describe('When deleting', () => {
    it('should delete an unreferenced inventory resource at once', () => {
      const extra = given(inventory)
        .when(
          createCmd('edge_router', { ...bodyOf('edge_router'), ip: '10.0.0.9' }, [
            'e2222222-0000-4000-8000-000000000001',
          ]),
        )
        .events();
      given(inventory, extra)
        .when(deleteCmd('edge_router', 'e2222222-0000-4000-8000-000000000001', 1))
        .then([
          {
            event_type: 'EdgeRouterDeleted',
            aggregate_type: 'edge_router',
            aggregate_id: 'e2222222-0000-4000-8000-000000000001',
            aggregate_version: 2,
            tenant_id: TENANT,
            data: {},
          },
        ]);
    });

    it('should refuse a resource others depend on (409) and a stale If-Match (412)', () => {
      given(inventory)
        .when(deleteCmd('edge_router', ROUTER_A))
        .thenThrows(ConflictError, /is in use by/);
      given(inventory)
        .when(deleteCmd('edge_router', ROUTER_A, 5))
        .thenThrows(VersionConflictError);
    });

    it("should not find another tenant's resource (404)", () => {
      given(inventory)
        .when(deleteCmd('edge_router', ROUTER_A, undefined, member(OTHER_TENANT)))
        .thenThrows(NotFoundError);
    });
  });
});
