import { initialStateFields, resourceSchemas, schemaById } from '@gohan-es/domain';
import {
  EVENTS,
  GW_ID,
  PROVISIONING,
  ROUTER_ID,
  STATUS,
  TENANT,
  created,
  event,
  failed,
  gwLifecycle,
  observed,
  on,
  seedGwInterface,
  succeeded,
  updated,
} from '../../test/fixtures';
import { createProjectionModel } from './model';
import { changesOf, reduceEvents, rowKey } from './reduce';
import type { ParkedEvent, PositionedEvent, RowState } from './types';

const model = createProjectionModel();
const NOW = '2026-01-01T00:00:00.000Z';
const GW = rowKey('gw_interface', GW_ID);

function given(
  events: PositionedEvent[],
  rows = new Map<string, RowState>(),
  parked = new Map<string, ParkedEvent[]>(),
) {
  return reduceEvents(model, { rows, parked }, events, NOW);
}
const rowsOf = (out: ReturnType<typeof given>) =>
  new Map([...out.rows].filter((e): e is [string, RowState] => e[1] !== null));
const withoutTimes = (row: RowState | null | undefined) => row && { ...row, updated_at: null };
const lifecycle = () => {
  const l = gwLifecycle();
  return [
    ...on(EVENTS, 0, l.created),
    ...on(PROVISIONING, 0, l.started, l.succeeded),
    ...on(STATUS, 0, l.observedUp),
  ];
};

describe('reduceEvents (with the domain state machines)', () => {
  describe('When a GwInterfaceCreated arrives', () => {
    it('should create the row with the full seed resource at config version 1, state version 0', () => {
      const out = given(on(EVENTS, 0, gwLifecycle().created));
      const row = out.rows.get(GW)!;
      expect(row.values).toEqual(
        Object.fromEntries(Object.entries(seedGwInterface()).filter(([, v]) => v !== null)),
      );
      expect(row).toMatchObject({
        config_version: 1,
        state_version: 0,
        state_error: null,
        marked_for_deletion: false,
        created_at: '2018-04-16T00:12:29.333Z',
      });
      expect(row.state).toMatchObject({
        resource_type: 'gw_interface',
        provisioned: true,
        monitored: true,
        status: 'PENDING_CREATE',
      });
    });

    it('should never keep a secret, not even its ciphertext', () => {
      const router = {
        id: ROUTER_ID,
        tenant_id: TENANT,
        ip: '10.79.5.185',
        login: 'esi',
        password: 'enc:v1:AAAA',
        ssh_port: 830,
      };
      const out = given(on(EVENTS, 0, created('edge_router', 'EdgeRouter', router)));
      expect(JSON.stringify(out.rows.get(rowKey('edge_router', ROUTER_ID)))).not.toContain('enc:v1');
    });
  });

  describe('When the gw_interface is provisioned and observed', () => {
    it('should follow orchestration, then operational state, to ACTIVE', () => {
      const row = given(lifecycle()).rows.get(GW)!;
      expect(row.values).toMatchObject({
        orchestration_state: 'CREATE_COMPLETE',
        operational_state: 'UP',
        status: 'ACTIVE',
      });
      expect(row).toMatchObject({
        config_version: 1,
        state_version: 1,
        status_detail: { master: 'primary' },
      });
    });

    it('should reach the same row whatever order the three topics are read in', () => {
      const [c, s1, s2, o] = lifecycle();
      const statusFirst = given([o!, s1!, s2!, c!]);
      expect(withoutTimes(statusFirst.rows.get(GW))).toEqual(withoutTimes(given(lifecycle()).rows.get(GW)));
      expect(statusFirst.parked.get(GW)).toEqual([]);
    });

    it('should park an observation that arrives before the provisioning result', () => {
      const l = gwLifecycle();
      const out = given([...on(EVENTS, 0, l.created), ...on(STATUS, 7, l.observedUp)]);
      expect(out.rows.get(GW)!.values).toMatchObject({
        operational_state: 'NO_STATE',
        status: 'PENDING_CREATE',
      });
      expect(out.parked.get(GW)).toEqual([
        expect.objectContaining({
          topic: STATUS,
          offset: '7',
          event_type: 'OperationalStateObserved',
          version: 1,
        }),
      ]);
    });

    it('should show a failed provisioning as ERROR with the router’s message', () => {
      const l = gwLifecycle();
      const out = given([
        ...on(EVENTS, 0, l.created),
        ...on(PROVISIONING, 0, l.started, failed('gw_interface', GW_ID, 1, 'commit failed')),
      ]);
      expect(out.rows.get(GW)).toMatchObject({
        state_version: 1,
        state_error: 'MX-1: commit failed',
        values: { status: 'ERROR', orchestration_state: 'CREATE_FAILED' },
      });
    });

    it('should let the guards refuse a result that is already applied', () => {
      const base = rowsOf(given(lifecycle()));
      const out = given(on(PROVISIONING, 2, succeeded('gw_interface', GW_ID, 1)), base);
      expect(out).toMatchObject({ applied: 0, ignored: 1 });
      expect(out.rows.size).toBe(0);
    });
  });

  describe('When the gw_interface is updated', () => {
    it('should merge the changes and move to UPDATE_IN_PROGRESS / PENDING_UPDATE at config version 2', () => {
      const out = given(
        on(
          EVENTS,
          1,
          updated('gw_interface', 'GwInterface', GW_ID, 2, { name: 'renamed', description: null }),
        ),
        rowsOf(given(lifecycle())),
      );
      const row = out.rows.get(GW)!;
      expect(row).toMatchObject({ config_version: 2, state_version: 1 });
      expect(row.values).toMatchObject({
        name: 'renamed',
        vrid: 20,
        orchestration_state: 'UPDATE_IN_PROGRESS',
        status: 'PENDING_UPDATE',
      });
      expect(row.values).not.toHaveProperty('description');
    });

    it('should ignore an update of a resource it never saw', () => {
      const out = given(on(EVENTS, 0, updated('gw_interface', 'GwInterface', GW_ID, 2, { name: 'x' })));
      expect(out).toMatchObject({ applied: 0, ignored: 1 });
      expect(out.rows.size).toBe(0);
    });
  });

  describe('When the gw_interface is deleted', () => {
    it('should mark it PENDING_DELETE / DELETE_IN_PROGRESS at the next config version on DeleteRequested', () => {
      const out = given(
        on(EVENTS, 1, event('GwInterfaceDeleteRequested', 'gw_interface', GW_ID, 2, {})),
        rowsOf(given(lifecycle())),
      );
      expect(out.rows.get(GW)).toMatchObject({
        config_version: 2,
        marked_for_deletion: true,
        values: { status: 'PENDING_DELETE', orchestration_state: 'DELETE_IN_PROGRESS' },
      });
    });

    it('should remove the row, drop its parked events, and drop later state events of it', () => {
      const l = gwLifecycle();
      const base = rowsOf(given(on(EVENTS, 0, l.created)));
      const parked = given(on(STATUS, 3, l.observedUp), base).parked;
      const out = given(
        [
          ...on(EVENTS, 1, event('GwInterfaceDeleted', 'gw_interface', GW_ID, 2, {})),
          ...on(PROVISIONING, 0, l.succeeded),
        ],
        base,
        parked,
      );
      expect(out.rows.get(GW)).toBeNull();
      expect(out.parked.get(GW)).toEqual([]);
      expect(out.ignored).toBe(1);
    });
  });

  describe('When an inventory resource is observed', () => {
    it('should apply at once (born complete: nothing to wait for)', () => {
      const router = {
        id: ROUTER_ID,
        tenant_id: TENANT,
        ip: '10.79.5.185',
        login: 'esi',
        ssh_port: 830,
        ...initialStateFields(schemaById('edge_router')!, {}),
      };
      const out = given([
        ...on(EVENTS, 0, created('edge_router', 'EdgeRouter', router)),
        ...on(STATUS, 0, observed('edge_router', ROUTER_ID, 1, 'UP', null)),
      ]);
      expect(out.rows.get(rowKey('edge_router', ROUTER_ID))!.values).toMatchObject({
        status: 'ACTIVE',
        operational_state: 'UP',
      });
    });
  });

  describe('When the model is replaced', () => {
    it('should use the given state machine', () => {
      const seen: string[] = [];
      const custom = createProjectionModel({
        evolve: (current, e, ctx) => {
          seen.push(e.event_type);
          return model.evolve(current, e, ctx);
        },
      });
      reduceEvents(custom, { rows: new Map(), parked: new Map() }, lifecycle(), NOW);
      expect(seen).toEqual([
        'GwInterfaceCreated',
        'ProvisioningStarted',
        'ProvisioningSucceeded',
        'OperationalStateObserved',
      ]);
    });
  });

  it('should ignore events of unknown resource or event types', () => {
    const out = given([
      ...on(
        EVENTS,
        0,
        event('BillingResourceCreated', 'billing_resource', 'x', 1, { resource: { id: 'x' } }),
      ),
      ...on(EVENTS, 1, event('GwInterfaceRenamed', 'gw_interface', GW_ID, 2, {})),
    ]);
    expect(out).toMatchObject({ applied: 0, ignored: 2 });
    expect(resourceSchemas.map((s) => s.id)).not.toContain('billing_resource');
  });
});

describe('changesOf', () => {
  it('should take the changes of an update', () => {
    expect(changesOf({ changes: { a: 1, b: null } })).toEqual({ a: 1, b: null });
  });
  it('should restrict a raw Avro changes record to changed_fields', () => {
    expect(changesOf({ changed_fields: ['a'], changes: { a: 1, b: null } })).toEqual({ a: 1 });
  });
});
