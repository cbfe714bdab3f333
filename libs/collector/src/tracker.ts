// Change detection, hold period and heartbeat for one target (DOMAIN.md §5.3, §10.5). Pure: the
// previous tracking state, this poll's assessment and the clock in; the next state and, when
// something must be reported, the OperationalStateObserved data out.
//
// * An event is due when the assessment differs from the last one reported (state, which side is
//   MASTER, what each router reported, the reason), or when the config version changed (an
//   observation only applies to its own version, so a port attached as v2 needs a v2 observation).
// * Hold: until `holdPeriodMs` after the resource was created only a positive result (default UP or
//   DOWN: a determined state, as the source's `positive_status`) is reported; the first positive
//   result ends the hold; after that every change is reported. FAIL during the hold ("not found
//   yet" while the router config is being pushed) is not.
// * Heartbeat (`heartbeatMs` > 0): the last report is repeated that long after it was sent, with a
//   new observed_at and the same `since` (0 = never: no events at all in a steady state).
// * `since` is the time of the first poll that saw the current assessment.
import type { Json, ObservationDetail, ObservedState, OperationalStateObservedData } from '@gohan-es/domain';
import type { Assessment } from './rules';

export interface TrackerOptions {
  holdPeriodMs: number;
  heartbeatMs: number;
  positiveStates: readonly ObservedState[];
}

export const DEFAULT_POSITIVE_STATES: readonly ObservedState[] = ['UP', 'DOWN'];

export interface Tracked {
  /** The current assessment and since when it holds. */
  observed?: { signature: string; since: number };
  /** The last report sent. */
  reported?: { signature: string; version: number; at: number; since: number };
  /** The hold is over (a positive result was reported, or the period expired). */
  holdOver: boolean;
}

export interface TrackInput {
  assessment: Assessment;
  configVersion: number;
  /** When the resource was created (ms); undefined = unknown (no hold). */
  createdAt: number | undefined;
  now: number;
}

export interface TrackStep {
  next: Tracked;
  emit?: OperationalStateObservedData;
  /** A change held back by the hold period. */
  held: boolean;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function stableJson(value: Json | undefined): string {
  if (value === null || value === undefined || typeof value !== 'object')
    return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
}

/** What makes two assessments "the same" for change detection. */
export function signatureOf(a: Assessment): string {
  return stableJson({ state: a.state, master: a.master, routers: a.routers, reason: a.reason });
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function detailOf(a: Assessment, observedAt: number, since: number): ObservationDetail {
  return {
    observed_at: iso(observedAt),
    since: iso(since),
    master: a.master,
    routers: a.routers,
    reason: a.reason,
  };
}

export function track(prev: Tracked | undefined, input: TrackInput, options: TrackerOptions): TrackStep {
  const { assessment, configVersion, createdAt, now } = input;
  const signature = signatureOf(assessment);
  const observed = prev?.observed?.signature === signature ? prev.observed : { signature, since: now };
  const last = prev?.reported;
  const base: Tracked = { ...prev, observed, holdOver: prev?.holdOver ?? false };
  const report = (since: number): TrackStep => ({
    next: {
      ...base,
      reported: { signature, version: configVersion, at: now, since },
      holdOver: base.holdOver || options.positiveStates.includes(assessment.state) || !inHold(),
    },
    emit: {
      operational_state: assessment.state,
      config_version: configVersion,
      detail: detailOf(assessment, now, since),
    },
    held: false,
  });
  function inHold(): boolean {
    return !base.holdOver && createdAt !== undefined && now < createdAt + options.holdPeriodMs;
  }

  if (last && last.signature === signature) {
    if (last.version !== configVersion) return report(last.since);
    if (options.heartbeatMs > 0 && now - last.at >= options.heartbeatMs) return report(last.since);
    return { next: base, held: false };
  }
  if (inHold() && !options.positiveStates.includes(assessment.state)) return { next: base, held: true };
  return report(observed.since);
}

/** The tracking state a report read back from the status topic stands for (collector restart). */
export function trackedFromReport(data: OperationalStateObservedData): Tracked {
  const d = data.detail;
  const assessment: Assessment = {
    state: data.operational_state,
    master: (d.master ?? null) as Assessment['master'],
    routers: (d['routers'] ?? {}) as Assessment['routers'],
    reason: (d['reason'] ?? null) as string | null,
  };
  const signature = signatureOf(assessment);
  const at = Date.parse(d.observed_at);
  const since = d.since === null ? at : Date.parse(d.since);
  return {
    observed: { signature, since },
    reported: { signature, version: data.config_version, at, since },
    holdOver: true,
  };
}
