import { PeriodError, overlapMs, parsePeriod, usageReport } from './report';
import type { UsageRecord } from './usage';

const record = (over: Partial<UsageRecord>): UsageRecord => ({
  record_id: 'e-1',
  tenant_id: 't1',
  resource_type: 'vpn_gateway',
  resource_id: 'vg-1',
  active: true,
  bandwidth_mbps: 10,
  started_at: '2018-04-16T00:00:00.000Z',
  ended_at: '2018-04-16T01:00:00.000Z',
  closed_by: 'e-2',
  ...over,
});

describe('usage report', () => {
  it('should group by tenant, type and bandwidth, counting distinct resources', () => {
    const report = usageReport(
      [
        record({}),
        record({ record_id: 'e-2', resource_id: 'vg-2', active: false }),
        record({ record_id: 'e-3', tenant_id: 't2' }),
        record({
          record_id: 'e-4',
          bandwidth_mbps: 100,
          started_at: '2018-04-16T01:00:00.000Z',
          ended_at: null,
        }),
      ],
      { period_start: '2018-04-16T00:00:00Z', period_end: '2018-04-16T02:00:00Z' },
    );
    expect(
      report.lines.map((l) => [
        l.tenant_id,
        l.bandwidth_mbps,
        l.resources,
        l.existed_seconds,
        l.active_seconds,
      ]),
    ).toEqual([
      ['t1', 10, 2, 7200, 3600],
      ['t1', 100, 1, 3600, 3600],
      ['t2', 10, 1, 3600, 3600],
    ]);
    expect([report.period_start, report.as_of]).toEqual([
      '2018-04-16T00:00:00.000Z',
      '2018-04-16T02:00:00.000Z',
    ]);
  });

  it('should leave out records outside the period', () => {
    const report = usageReport([record({})], {
      period_start: '2018-04-17T00:00:00Z',
      period_end: '2018-04-18T00:00:00Z',
    });
    expect(report.lines).toEqual([]);
  });

  it('should measure overlaps in milliseconds', () => {
    expect([overlapMs(0, 10, 5, 20), overlapMs(0, 10, 10, 20), overlapMs(5, 6, 0, 100)]).toEqual([5, 0, 1]);
  });

  it('should accept ISO periods with a zone and refuse the rest', () => {
    expect(parsePeriod('2018-04-16T09:00:00+09:00', '2018-04-17T00:00:00Z')).toEqual({
      period_start: '2018-04-16T00:00:00.000Z',
      period_end: '2018-04-17T00:00:00.000Z',
      as_of: '2018-04-17T00:00:00.000Z',
    });
    expect(() => parsePeriod('2018-04-16', '2018-04-17T00:00:00Z')).toThrow(PeriodError);
    expect(() => parsePeriod('2018-04-17T00:00:00Z', '2018-04-16T00:00:00Z')).toThrow(
      'period_end must be after period_start',
    );
  });
});
