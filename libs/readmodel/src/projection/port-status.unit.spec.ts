// A gw_interface port's status follows its ese_logical_port's (DOMAIN.md §5.2): the projection
// re-evaluates the port when the ELP's status changes, so the order of their events does not matter.
import {
  EVENTS,
  GW_ID,
  NETWORK_ID,
  PROVISIONING,
  STATUS,
  TENANT,
  created,
  event,
  observed,
  on,
  succeeded,
} from '../../test/fixtures';
import type { ResourceBody } from '@gohan-es/domain';
import { createProjectionModel } from './model';
import { reduceEvents, rowKey } from './reduce';
import type { PositionedEvent, RowState } from './types';

const model = createProjectionModel();
const given = (events: PositionedEvent[], rows = new Map<string, RowState>()) =>
  reduceEvents(model, { rows, parked: new Map() }, events, '2026-01-01T00:00:00.000Z');
const rowsOf = (out: ReturnType<typeof given>) =>
  new Map([...out.rows].filter((e): e is [string, RowState] => e[1] !== null));
const withoutTimes = (row: RowState | null | undefined) => row && { ...row, updated_at: null };

describe('reduceEvents', () => {
  describe('When a gw_interface port and its ese_logical_port report in any order', () => {
    const PORT = 'port-a';
    const ELP = 'elp-a';
    const port: ResourceBody = {
      id: PORT,
      tenant_id: TENANT,
      network_id: NETWORK_ID,
      device_id: GW_ID,
      device_owner: 'network:gw_interface',
      ese_logical_port_id: ELP,
      status: 'PENDING_CREATE',
      orchestration_state: 'CREATE_IN_PROGRESS',
      operational_state: 'NO_STATE',
    };
    const elp: ResourceBody = {
      id: ELP,
      tenant_id: TENANT,
      network_id: NETWORK_ID,
      gw_interface_id: GW_ID,
      connected_resource: 'gw_interface',
      port_ids: [PORT],
      vlan_id: 1025,
      status: 'PENDING_CREATE',
      orchestration_state: 'CREATE_IN_PROGRESS',
      operational_state: 'NO_STATE',
    };
    const config = on(
      EVENTS,
      0,
      created('ese_logical_port', 'EseLogicalPort', elp),
      created('port', 'Port', port),
      event('PortAttached', 'port', PORT, 2, { changes: { attached: true } }),
    );
    const results = on(
      PROVISIONING,
      0,
      succeeded('ese_logical_port', ELP, 1),
      succeeded('port', PORT, 1),
      succeeded('port', PORT, 2, 'update'),
    );
    const portUp = on(STATUS, 0, observed('port', PORT, 2, 'UP'));
    const elpUp = on(STATUS, 1, observed('ese_logical_port', ELP, 1, 'UP'));

    it('should keep the port PENDING_CREATE until its ELP is ACTIVE, then make it ACTIVE', () => {
      const portFirst = given([...config, ...results, ...portUp]);
      expect(portFirst.rows.get(rowKey('port', PORT))!.values.status).toBe('PENDING_CREATE');
      const then = given(elpUp, rowsOf(portFirst));
      expect(then.rows.get(rowKey('port', PORT))!.values).toMatchObject({
        status: 'ACTIVE',
        attached: true,
        orchestration_state: 'UPDATE_COMPLETE',
      });
    });

    it('should end in the same rows when the ELP reports first', () => {
      const a = given([...config, ...results, ...portUp, ...elpUp]);
      const b = given([...config, ...results, ...elpUp, ...portUp]);
      for (const key of [rowKey('port', PORT), rowKey('ese_logical_port', ELP)])
        expect(withoutTimes(a.rows.get(key))).toEqual(withoutTimes(b.rows.get(key)));
    });
  });
});
