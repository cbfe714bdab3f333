import { given } from '../../test/given-when-then';
import {
  TENANT,
  OTHER_TENANT,
  attachPortCmd,
  bodyOf,
  completeDeleteCmd,
  createCmd,
  deleteCmd,
  labThrough,
  member,
  updateCmd,
} from '../../test/lab';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../errors';
import type { ResourceBody } from '../model/events';

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

const gwCommand = (overrides: ResourceBody = {}, ids = IDS) =>
  createCmd('gw_interface', { ...bodyOf('gw_interface'), ...overrides }, ids, MACS);

const created = given(history).when(gwCommand()).events();

describe('GwInterface lifecycle', () => {
  describe('When updated', () => {
    it('should change name and description only, bumping the config version', () => {
      given(history, created)
        .when(updateCmd('gw_interface', GW_ID, { name: 'renamed', description: 'd' }, 1))
        .then([
          {
            event_type: 'GwInterfaceUpdated',
            aggregate_type: 'gw_interface',
            aggregate_id: GW_ID,
            aggregate_version: 2,
            tenant_id: TENANT,
            data: { changes: { name: 'renamed', description: 'd' } },
          },
        ]);
    });

    it('should refuse IP or vrid changes (400: delete and recreate instead)', () => {
      given(history, created)
        .when(updateCmd('gw_interface', GW_ID, { vrid: 21 }))
        .thenThrows(ValidationError, 'Additional property vrid is not allowed');
    });

    it('should refuse a stale If-Match with 412', () => {
      given(history, created)
        .when(updateCmd('gw_interface', GW_ID, { name: 'x' }, 7))
        .thenThrows(VersionConflictError);
    });

    it("should not find another tenant's gw_interface (404)", () => {
      given(history, created)
        .when(updateCmd('gw_interface', GW_ID, { name: 'x' }, undefined, member(OTHER_TENANT)))
        .thenThrows(NotFoundError);
    });

    it('should refuse direct changes to its ports and ELPs (409)', () => {
      given(history, created)
        .when(updateCmd('port', IDS[1]!, { name: 'mine' }))
        .thenThrows(ConflictError, /managed by gw_interface/);
      given(history, created)
        .when(deleteCmd('ese_logical_port', IDS[2]!))
        .thenThrows(ConflictError, /managed by gw_interface/);
    });
  });

  describe('When its ese_logical_port completed and the port is attached', () => {
    it('should emit PortAttached at config version 2, once', () => {
      const attached = given(history, created).when(attachPortCmd(IDS[1]!)).events();
      expect(attached).toEqual([
        {
          event_type: 'PortAttached',
          aggregate_type: 'port',
          aggregate_id: IDS[1],
          aggregate_version: 2,
          tenant_id: TENANT,
          data: { changes: { attached: true } },
        },
      ]);
      given(history, created, attached).when(attachPortCmd(IDS[1]!)).then([]);
    });
  });

  describe('When deleted', () => {
    const requested = given(history, created).when(deleteCmd('gw_interface', GW_ID)).events();

    it('should request the deletion of itself, its ports and its ELPs', () => {
      expect(
        requested.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version, e.parent?.aggregate_id]),
      ).toEqual([
        ['GwInterfaceDeleteRequested', GW_ID, 2, undefined],
        ['PortDeleteRequested', IDS[1], 2, GW_ID],
        ['PortDeleteRequested', IDS[3], 2, GW_ID],
        ['EseLogicalPortDeleteRequested', IDS[2], 2, GW_ID],
        ['EseLogicalPortDeleteRequested', IDS[4], 2, GW_ID],
      ]);
    });

    it('should refuse changes while the deletion is under way (409)', () => {
      given(history, created, requested)
        .when(updateCmd('gw_interface', GW_ID, { name: 'x' }))
        .thenThrows(ConflictError, /is being deleted/);
    });

    it('should delete the ports before their ELPs and itself last once the routers are clean', () => {
      const done = given(history, created, requested).when(completeDeleteCmd('gw_interface', GW_ID)).events();
      expect(done.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version])).toEqual([
        ['PortDeleted', IDS[1], 3],
        ['PortDeleted', IDS[3], 3],
        ['EseLogicalPortDeleted', IDS[2], 3],
        ['EseLogicalPortDeleted', IDS[4], 3],
        ['GwInterfaceDeleted', GW_ID, 3],
      ]);
      // Its addresses, vrid and gateway are free again.
      const again = ['51111111-0000-4000-8000-000000000001', 'c1', 'c2', 'c3', 'c4'];
      expect(given(history, created, requested, done).when(gwCommand({}, again)).events()).toHaveLength(5);
    });

    it('should refuse to complete a deletion nobody requested (409)', () => {
      given(history, created)
        .when(completeDeleteCmd('gw_interface', GW_ID))
        .thenThrows(ConflictError, /not marked for deletion/);
    });
  });
});
