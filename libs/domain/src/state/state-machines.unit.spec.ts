import { TENANT } from '../../test/lab';
import type { DomainEvent, ResourceBody } from '../model/events';
import { completeBody } from '../schema/validate';
import { schemaById } from '../resources';
import { initialStateFields } from './initial-state';
import {
  operationalStateObserved,
  provisioningFailed,
  provisioningStarted,
  provisioningSucceeded,
} from './state-events';
import { applyStateEvent, recomputeStatus } from './state-machines';
import type { ResourceState, StateContext } from './state-machines';

const ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const target = (type: string) => ({ resource_type: type, id: ID, tenant_id: TENANT });

function createdEvent(type: string, body: ResourceBody = {}): DomainEvent {
  const schema = schemaById(type)!;
  const full = completeBody(schema, { id: ID, tenant_id: TENANT, ...body });
  const resource = { ...full, ...initialStateFields(schema, full) };
  const name = type
    .split('_')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return {
    event_type: `${name}Created`,
    aggregate_type: type,
    aggregate_id: ID,
    aggregate_version: 1,
    tenant_id: TENANT,
    data: { resource },
  };
}

const configEvent = (type: string, suffix: string, version: number): DomainEvent => ({
  event_type:
    type
      .split('_')
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join('') + suffix,
  aggregate_type: type,
  aggregate_id: ID,
  aggregate_version: version,
  tenant_id: TENANT,
  data: suffix === 'Updated' ? { changes: {} } : {},
});

const detail = { observed_at: '2018-04-16T00:13:47Z', since: '2018-04-16T00:13:47Z', master: 'primary' };
const succeeded = (type: string, action: 'create' | 'update' | 'delete', v: number) =>
  provisioningSucceeded(target(type), { action, config_version: v, router: null });
const observed = (type: string, state: 'UP' | 'DOWN' | 'FAIL', v: number) =>
  operationalStateObserved(target(type), { operational_state: state, config_version: v, detail });

/** Applies events in order, failing on an ignored one unless listed in `ignored`. */
function play(events: DomainEvent[], context: StateContext = {}, ignored: number[] = []): ResourceState {
  let state: ResourceState | undefined;
  events.forEach((event, i) => {
    const outcome = applyStateEvent(state, event, context);
    expect({ i, applied: outcome.applied }).toEqual({ i, applied: !ignored.includes(i) });
    if (outcome.applied) state = outcome.state;
  });
  return state!;
}

const pick = (s: ResourceState) => [s.orchestration_state, s.operational_state, s.status];

describe('State machines', () => {
  describe('When a gw_interface goes through the seed timeline (§3.3)', () => {
    it('should be PENDING_CREATE until VRRP is observed, then ACTIVE', () => {
      const created = play([createdEvent('gw_interface')]);
      expect(pick(created)).toEqual(['CREATE_IN_PROGRESS', 'NO_STATE', 'PENDING_CREATE']);
      const complete = play([
        createdEvent('gw_interface'),
        provisioningStarted(target('gw_interface'), { action: 'create', config_version: 1, router: null }),
        succeeded('gw_interface', 'create', 1),
      ]);
      expect(pick(complete)).toEqual(['CREATE_COMPLETE', 'NO_STATE', 'PENDING_CREATE']);
      const up = play([
        createdEvent('gw_interface'),
        succeeded('gw_interface', 'create', 1),
        observed('gw_interface', 'UP', 1),
      ]);
      expect(pick(up)).toEqual(['CREATE_COMPLETE', 'UP', 'ACTIVE']);
      expect(up).toMatchObject({ config_version: 1, state_version: 1 });
    });

    it('should map DOWN to DOWN and FAIL to MONITORING_UNAVAILABLE, and back', () => {
      const base = [createdEvent('gw_interface'), succeeded('gw_interface', 'create', 1)];
      expect(play([...base, observed('gw_interface', 'DOWN', 1)]).status).toBe('DOWN');
      expect(play([...base, observed('gw_interface', 'FAIL', 1)]).status).toBe('MONITORING_UNAVAILABLE');
      expect(
        play([...base, observed('gw_interface', 'FAIL', 1), observed('gw_interface', 'UP', 1)]).status,
      ).toBe('ACTIVE');
    });
  });

  describe('When the version guards of §5.5 apply', () => {
    it('should ignore monitoring before the state caught up with the config', () => {
      play([createdEvent('gw_interface'), observed('gw_interface', 'UP', 1)], {}, [1]);
    });

    it('should ignore a result for a version already reported and an older one', () => {
      play(
        [
          createdEvent('gw_interface'),
          succeeded('gw_interface', 'create', 1),
          succeeded('gw_interface', 'create', 1),
        ],
        {},
        [2],
      );
      play(
        [
          createdEvent('gw_interface'),
          succeeded('gw_interface', 'create', 1),
          configEvent('gw_interface', 'Updated', 2),
          configEvent('gw_interface', 'Updated', 3),
          succeeded('gw_interface', 'update', 3),
          succeeded('gw_interface', 'update', 2),
        ],
        {},
        [5],
      );
    });

    it('should ignore monitoring of an old config version', () => {
      play(
        [
          createdEvent('gw_interface'),
          succeeded('gw_interface', 'create', 1),
          configEvent('gw_interface', 'Updated', 2),
          succeeded('gw_interface', 'update', 2),
          observed('gw_interface', 'UP', 1),
        ],
        {},
        [4],
      );
    });
  });

  describe('When a provisioned resource is updated', () => {
    it('should go PENDING_UPDATE / UPDATE_IN_PROGRESS and back to ACTIVE (vpn_gateway after vpn_interface)', () => {
      const events = [
        createdEvent('vpn_gateway'),
        succeeded('vpn_gateway', 'create', 1),
        configEvent('vpn_gateway', 'Updated', 2),
      ];
      expect(pick(play(events))).toEqual(['UPDATE_IN_PROGRESS', null, 'PENDING_UPDATE']);
      expect(pick(play([...events, succeeded('vpn_gateway', 'update', 2)]))).toEqual([
        'UPDATE_COMPLETE',
        null,
        'ACTIVE',
      ]);
    });

    it('should keep a monitored resource ACTIVE after its update when it was UP', () => {
      const events = [
        createdEvent('gw_interface'),
        succeeded('gw_interface', 'create', 1),
        observed('gw_interface', 'UP', 1),
        configEvent('gw_interface', 'Updated', 2),
      ];
      expect(play(events).status).toBe('PENDING_UPDATE');
      expect(play([...events, succeeded('gw_interface', 'update', 2)]).status).toBe('ACTIVE');
    });
  });

  describe('When provisioning fails (§10.6)', () => {
    it('should show <ACTION>_FAILED, ERROR and the router message; a re-apply starts over', () => {
      const failed = [
        createdEvent('vpn_gateway'),
        provisioningFailed(target('vpn_gateway'), {
          action: 'create',
          config_version: 1,
          error: 'commit failed: syntax error',
          router: '10.79.5.184',
        }),
      ];
      const state = play(failed);
      expect(pick(state)).toEqual(['CREATE_FAILED', null, 'ERROR']);
      expect(state.state_error).toBe('10.79.5.184: commit failed: syntax error');
      const retried = play([...failed, configEvent('vpn_gateway', 'Updated', 2)]);
      expect(pick(retried)).toEqual(['CREATE_IN_PROGRESS', null, 'PENDING_CREATE']);
      const done = play([
        ...failed,
        configEvent('vpn_gateway', 'Updated', 2),
        succeeded('vpn_gateway', 'create', 2),
      ]);
      expect(done).toMatchObject({ status: 'ACTIVE', state_error: null });
    });

    it('should accept a re-apply of the same failed version: Started reopens it, the result closes it', () => {
      const failed = [
        createdEvent('vpn_gateway'),
        provisioningFailed(target('vpn_gateway'), {
          action: 'create',
          config_version: 1,
          error: 'timeout',
          router: 'MX-1',
        }),
      ];
      const started = provisioningStarted(target('vpn_gateway'), {
        action: 'create',
        config_version: 1,
        router: null,
      });
      const reopened = play([...failed, started]);
      expect(pick(reopened)).toEqual(['CREATE_IN_PROGRESS', null, 'PENDING_CREATE']);
      const done = play([...failed, started, succeeded('vpn_gateway', 'create', 1)]);
      expect(done).toMatchObject({
        status: 'ACTIVE',
        orchestration_state: 'CREATE_COMPLETE',
        state_error: null,
      });
      // Without a re-apply's Started, a late duplicate result of the failed version stays ignored.
      play([...failed, succeeded('vpn_gateway', 'create', 1)], {}, [2]);
    });
  });

  describe('When a provisioned resource is deleted (§10.7)', () => {
    it('should be PENDING_DELETE / DELETE_IN_PROGRESS until removed, DELETE_FAILED → ERROR', () => {
      const requested = [
        createdEvent('static_route'),
        succeeded('static_route', 'create', 1),
        configEvent('static_route', 'DeleteRequested', 2),
      ];
      expect(pick(play(requested))).toEqual(['DELETE_IN_PROGRESS', null, 'PENDING_DELETE']);
      expect(pick(play([...requested, succeeded('static_route', 'delete', 2)]))).toEqual([
        'DELETE_COMPLETE',
        null,
        'PENDING_DELETE',
      ]);
      const failed = play([
        ...requested,
        provisioningFailed(target('static_route'), {
          action: 'delete',
          config_version: 2,
          error: 'timeout',
          router: null,
        }),
      ]);
      expect(pick(failed)).toEqual(['DELETE_FAILED', null, 'ERROR']);
      expect(
        play([
          ...requested,
          succeeded('static_route', 'delete', 2),
          configEvent('static_route', 'Deleted', 3),
        ]).deleted,
      ).toBe(true);
    });
  });

  describe('When a gw_interface port is attached (§5.2 port rows)', () => {
    const port = (): DomainEvent =>
      createdEvent('port', { network_id: 'n', device_owner: 'network:gw_interface' });

    it('should stay PENDING_CREATE through attach and become ACTIVE on UP with its ELP ACTIVE', () => {
      const events = [port(), succeeded('port', 'create', 1), configEvent('port', 'Updated', 2)];
      const attached = play(events, { ese_logical_port_status: 'ACTIVE' });
      expect(pick(attached)).toEqual(['UPDATE_IN_PROGRESS', 'NO_STATE', 'PENDING_CREATE']);
      const done = [...events, succeeded('port', 'update', 2)];
      expect(pick(play(done, { ese_logical_port_status: 'ACTIVE' }))).toEqual([
        'UPDATE_COMPLETE',
        'NO_STATE',
        'PENDING_CREATE',
      ]);
      expect(play([...done, observed('port', 'UP', 2)], { ese_logical_port_status: 'ACTIVE' }).status).toBe(
        'ACTIVE',
      );
      expect(play([...done, observed('port', 'FAIL', 2)], { ese_logical_port_status: 'ACTIVE' }).status).toBe(
        'MONITORING_UNAVAILABLE',
      );
    });

    it('should wait for its ELP to be ACTIVE', () => {
      const state = play([port(), succeeded('port', 'create', 1), observed('port', 'UP', 1)], {
        ese_logical_port_status: 'PENDING_CREATE',
      });
      expect(state.status).toBe('PENDING_CREATE');
      expect(recomputeStatus(state, { ese_logical_port_status: 'ACTIVE' })).toBe('ACTIVE');
    });
  });

  describe('When an inventory resource is created', () => {
    it('should be born complete: ACTIVE, or PENDING_CREATE until observed when monitored (edge_router)', () => {
      expect(
        pick(play([createdEvent('ese_physical_port', { name: 'xe-0/0/3', ese_device_id: 'd' })])),
      ).toEqual(['CREATE_COMPLETE', 'NO_STATE', 'ACTIVE']);
      expect(pick(play([createdEvent('qos_option')]))).toEqual(['SYNC_COMPLETE', null, 'ACTIVE']);
      expect(pick(play([createdEvent('ha_router')]))).toEqual([null, null, 'ACTIVE']);
      const router = [createdEvent('edge_router')];
      expect(pick(play(router))).toEqual(['CREATE_COMPLETE', 'NO_STATE', 'PENDING_CREATE']);
      expect(pick(play([...router, observed('edge_router', 'UP', 1)]))).toEqual([
        'CREATE_COMPLETE',
        'UP',
        'ACTIVE',
      ]);
    });

    it('should make an er_physical_interface wait for its link to be observed UP (§5.2), DOWN / FAIL after', () => {
      const iface = [createdEvent('er_physical_interface', { name: 'ae0', device_id: 'r' })];
      expect(pick(play(iface))).toEqual(['CREATE_COMPLETE', 'NO_STATE', 'PENDING_CREATE']);
      const up = [...iface, observed('er_physical_interface', 'UP', 1)];
      expect(pick(play(up))).toEqual(['CREATE_COMPLETE', 'UP', 'ACTIVE']);
      expect(pick(play([...up, observed('er_physical_interface', 'DOWN', 1)]))).toEqual([
        'CREATE_COMPLETE',
        'DOWN',
        'DOWN',
      ]);
      expect(pick(play([...up, observed('er_physical_interface', 'FAIL', 1)]))).toEqual([
        'CREATE_COMPLETE',
        'FAIL',
        'MONITORING_UNAVAILABLE',
      ]);
    });

    it('should keep state and config versions together on updates', () => {
      const state = play([
        createdEvent('edge_router'),
        configEvent('edge_router', 'Updated', 2),
        observed('edge_router', 'UP', 2),
      ]);
      expect(state).toMatchObject({ config_version: 2, state_version: 2, status: 'ACTIVE' });
    });

    it('should ignore provisioning results (nothing is pushed for it)', () => {
      play([createdEvent('network'), succeeded('network', 'create', 1)], {}, [1]);
    });
  });

  describe('When the event is not for a known resource', () => {
    it('should not apply it', () => {
      expect(applyStateEvent(undefined, succeeded('gw_interface', 'create', 1)).applied).toBe(false);
      expect(
        applyStateEvent(undefined, { ...succeeded('gw_interface', 'create', 1), event_type: 'Nope' }).applied,
      ).toBe(false);
    });
  });
});
