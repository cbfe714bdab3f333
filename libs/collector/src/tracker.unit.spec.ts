import type { ObservedState } from '@gohan-es/domain';
import type { Assessment } from './rules';
import { DEFAULT_POSITIVE_STATES, stableJson, track, trackedFromReport } from './tracker';
import type { Tracked, TrackerOptions } from './tracker';

const T0 = Date.parse('2018-04-16T00:12:29.000Z');
const s = (seconds: number) => T0 + seconds * 1000;
const options: TrackerOptions = {
  holdPeriodMs: 360_000,
  heartbeatMs: 0,
  positiveStates: DEFAULT_POSITIVE_STATES,
};

function a(
  state: ObservedState,
  master: Assessment['master'] = state === 'UP' ? 'primary' : null,
): Assessment {
  return {
    state,
    master,
    routers: { primary: { vrrp: master === 'primary' ? 'MASTER' : 'BACKUP' } },
    reason: state === 'UP' ? null : `it is ${state}`,
  };
}

/** Runs polls [second, assessment, version?] and returns the tracking state and what was emitted when. */
function run(
  polls: [number, Assessment, number?][],
  opts: Partial<TrackerOptions> = {},
  createdAt: number | null = T0,
) {
  let tracked: Tracked | undefined;
  const emitted: [number, string, number, string | null][] = [];
  let held = 0;
  for (const [second, assessment, version = 1] of polls) {
    const step = track(
      tracked,
      { assessment, configVersion: version, createdAt: createdAt ?? undefined, now: s(second) },
      { ...options, ...opts },
    );
    tracked = step.next;
    if (step.held) held += 1;
    if (step.emit)
      emitted.push([second, step.emit.operational_state, step.emit.config_version, step.emit.detail.since]);
  }
  return { tracked, emitted, held };
}

describe('track', () => {
  describe('When nothing changes (steady state)', () => {
    it('should report the first observation once and then nothing', () => {
      const { emitted } = run([
        [5, a('UP')],
        [10, a('UP')],
        [15, a('UP')],
        [20, a('UP')],
      ]);
      expect(emitted).toEqual([[5, 'UP', 1, '2018-04-16T00:12:34.000Z']]);
    });
  });

  describe('When the state or the detail changes', () => {
    it('should report each change with the time it was first seen', () => {
      const { emitted } = run([
        [5, a('UP')],
        [10, a('UP', 'secondary')],
        [15, a('UP', 'secondary')],
        [20, a('DOWN')],
      ]);
      expect(emitted.map(([t, st, , since]) => [t, st, since])).toEqual([
        [5, 'UP', '2018-04-16T00:12:34.000Z'],
        [10, 'UP', '2018-04-16T00:12:39.000Z'],
        [20, 'DOWN', '2018-04-16T00:12:49.000Z'],
      ]);
    });
  });

  describe('When the config version changes without a state change', () => {
    it('should report again for the new version, keeping since', () => {
      const { emitted } = run([
        [5, a('UP'), 1],
        [10, a('UP'), 2],
        [15, a('UP'), 2],
      ]);
      expect(emitted).toEqual([
        [5, 'UP', 1, '2018-04-16T00:12:34.000Z'],
        [10, 'UP', 2, '2018-04-16T00:12:34.000Z'],
      ]);
    });
  });

  describe('When the resource is within its hold period', () => {
    it('should hold back FAIL until the period ends, then report it since it was first seen', () => {
      const { emitted, held } = run([
        [5, a('FAIL')],
        [200, a('FAIL')],
        [359, a('FAIL')],
        [361, a('FAIL')],
      ]);
      expect(held).toBe(3);
      expect(emitted).toEqual([[361, 'FAIL', 1, '2018-04-16T00:12:34.000Z']]);
    });

    it('should let a positive result through at once and end the hold with it', () => {
      const { emitted } = run([
        [5, a('FAIL')],
        [10, a('UP')],
        [15, a('FAIL')],
      ]);
      expect(emitted.map(([t, st]) => [t, st])).toEqual([
        [10, 'UP'],
        [15, 'FAIL'],
      ]);
    });

    it('should count DOWN as positive by default, and not when only UP is', () => {
      expect(run([[5, a('DOWN')]]).emitted).toHaveLength(1);
      expect(run([[5, a('DOWN')]], { positiveStates: ['UP'] }).emitted).toHaveLength(0);
    });

    it('should not hold a resource whose creation time is unknown', () => {
      expect(run([[5, a('FAIL')]], {}, null).emitted).toHaveLength(1);
    });
  });

  describe('When a heartbeat is configured', () => {
    it('should repeat the last report once per heartbeat, with the same since', () => {
      const { emitted } = run(
        [
          [5, a('UP')],
          [30, a('UP')],
          [65, a('UP')],
          [70, a('UP')],
          [125, a('UP')],
        ],
        { heartbeatMs: 60_000 },
      );
      expect(emitted.map(([t, , , since]) => [t, since])).toEqual([
        [5, '2018-04-16T00:12:34.000Z'],
        [65, '2018-04-16T00:12:34.000Z'],
        [125, '2018-04-16T00:12:34.000Z'],
      ]);
    });
  });

  describe('When the tracking state is rebuilt from a report on the status topic', () => {
    it('should not report the same state again', () => {
      const first = track(
        undefined,
        { assessment: a('UP'), configVersion: 1, createdAt: T0, now: s(5) },
        options,
      );
      const restored = trackedFromReport(JSON.parse(JSON.stringify(first.emit)));
      expect(
        track(restored, { assessment: a('UP'), configVersion: 1, createdAt: T0, now: s(10) }, options).emit,
      ).toBeUndefined();
      expect(
        track(restored, { assessment: a('DOWN'), configVersion: 1, createdAt: T0, now: s(10) }, options).emit
          ?.operational_state,
      ).toBe('DOWN');
    });
  });
});

describe('stableJson', () => {
  it('should not depend on key order', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      stableJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
});
