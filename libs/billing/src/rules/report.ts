// The usage report of a period: every usage record clipped to [period_start, period_end) — and a
// running record to `as_of` (the report's "now") — summed per tenant, resource type and bandwidth.
// Sums are taken in integer milliseconds; seconds and hours are derived from them once.
import { timeOf } from '@gohan-es/lifecycle';
import type { UsageRecord } from './usage';

export interface ReportPeriod {
  /** Inclusive start, ISO-8601. */
  period_start: string;
  /** Exclusive end, ISO-8601. */
  period_end: string;
  /** Running records count up to here (default: period_end). */
  as_of?: string;
}

export interface UsageLine {
  tenant_id: string;
  resource_type: string;
  bandwidth_mbps: number | null;
  /** Distinct resources that existed during the period. */
  resources: number;
  /** Time the resources existed (created → deleted), within the period. */
  existed_seconds: number;
  /** Time they were ACTIVE, within the period. */
  active_seconds: number;
  existed_hours: number;
  active_hours: number;
}

export interface UsageReport {
  period_start: string;
  period_end: string;
  as_of: string;
  lines: UsageLine[];
}

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Checks and normalises a period (ISO timestamps with a zone, start before end). */
export function parsePeriod(start: unknown, end: unknown, asOf?: unknown): Required<ReportPeriod> {
  const parse = (name: string, value: unknown): string => {
    if (typeof value !== 'string' || !ISO.test(value) || Number.isNaN(Date.parse(value)))
      throw new PeriodError(
        `${name} must be an ISO-8601 timestamp with a time zone, e.g. 2018-04-16T00:00:00Z`,
      );
    return new Date(Date.parse(value)).toISOString();
  };
  const period_start = parse('period_start', start);
  const period_end = parse('period_end', end);
  if (Date.parse(period_end) <= Date.parse(period_start))
    throw new PeriodError('period_end must be after period_start');
  const as_of = asOf === undefined ? period_end : parse('as_of', asOf);
  return { period_start, period_end, as_of };
}

/** Milliseconds of [start, end) inside [from, to). */
export function overlapMs(start: number, end: number, from: number, to: number): number {
  return Math.max(0, Math.min(end, to) - Math.max(start, from));
}

const MS_PER_HOUR = 3_600_000;

export function usageReport(records: readonly UsageRecord[], period: ReportPeriod): UsageReport {
  const from = timeOf(period.period_start);
  const to = timeOf(period.period_end);
  const asOf = timeOf(period.as_of ?? period.period_end);
  const groups = new Map<string, { line: UsageLine; existed: number; active: number; ids: Set<string> }>();
  for (const r of records) {
    const start = timeOf(r.started_at);
    const end = r.ended_at === null ? Math.max(start, asOf) : timeOf(r.ended_at);
    const ms = overlapMs(start, end, from, to);
    const touches = start < to && end > from;
    if (!touches && ms === 0) continue;
    const key = JSON.stringify([r.tenant_id, r.resource_type, r.bandwidth_mbps]);
    let group = groups.get(key);
    if (!group) {
      group = {
        line: {
          tenant_id: r.tenant_id,
          resource_type: r.resource_type,
          bandwidth_mbps: r.bandwidth_mbps,
          resources: 0,
          existed_seconds: 0,
          active_seconds: 0,
          existed_hours: 0,
          active_hours: 0,
        },
        existed: 0,
        active: 0,
        ids: new Set(),
      };
      groups.set(key, group);
    }
    group.existed += ms;
    if (r.active) group.active += ms;
    group.ids.add(r.resource_id);
  }
  const lines = [...groups.values()].map(({ line, existed, active, ids }) => ({
    ...line,
    resources: ids.size,
    existed_seconds: existed / 1000,
    active_seconds: active / 1000,
    existed_hours: existed / MS_PER_HOUR,
    active_hours: active / MS_PER_HOUR,
  }));
  lines.sort(
    (a, b) =>
      a.tenant_id.localeCompare(b.tenant_id) ||
      a.resource_type.localeCompare(b.resource_type) ||
      (a.bandwidth_mbps ?? -1) - (b.bandwidth_mbps ?? -1),
  );
  return {
    period_start: new Date(from).toISOString(),
    period_end: new Date(to).toISOString(),
    as_of: new Date(asOf).toISOString(),
    lines,
  };
}
