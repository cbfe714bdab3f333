// An observation that arrives after the Created event but before the provisioning result of its
// version is parked; the result must then release it (the collector often reports before the
// projector has read the provisioner's result: they are different topics).
import { EVENTS, GW_ID, PROVISIONING, STATUS, gwLifecycle, on } from '../../test/fixtures';
import { createProjectionModel } from './model';
import { reduceEvents, rowKey } from './reduce';
import type { ParkedEvent, PositionedEvent, RowState } from './types';

const model = createProjectionModel();
const GW = rowKey('gw_interface', GW_ID);
const given = (events: PositionedEvent[]) =>
  reduceEvents(
    model,
    { rows: new Map<string, RowState>(), parked: new Map<string, ParkedEvent[]>() },
    events,
    '2026-01-01T00:00:00.000Z',
  );

describe('reduceEvents with an observation parked for its provisioning result', () => {
  it('should apply the observation once the result arrives, in the same batch', () => {
    const l = gwLifecycle();
    const out = given([
      ...on(EVENTS, 0, l.created),
      ...on(STATUS, 0, l.observedUp),
      ...on(PROVISIONING, 0, l.started, l.succeeded),
    ]);
    expect(out.rows.get(GW)!.values).toMatchObject({
      status: 'ACTIVE',
      operational_state: 'UP',
      orchestration_state: 'CREATE_COMPLETE',
    });
    expect(out.parked.get(GW)).toEqual([]);
  });

  it('should apply it when the result comes in a later batch', () => {
    const l = gwLifecycle();
    const first = given([...on(EVENTS, 0, l.created), ...on(STATUS, 0, l.observedUp)]);
    const rows = new Map([...first.rows].filter((e): e is [string, RowState] => e[1] !== null));
    const out = reduceEvents(
      model,
      { rows, parked: new Map([[GW, first.parked.get(GW)!]]) },
      on(PROVISIONING, 0, l.started, l.succeeded),
      '2026-01-01T00:00:01.000Z',
    );
    expect(out.rows.get(GW)!.values).toMatchObject({ status: 'ACTIVE', operational_state: 'UP' });
    expect(out.parked.get(GW)).toEqual([]);
  });
});
