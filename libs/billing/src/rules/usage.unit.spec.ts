import { factOf, lifecycleOf, positioned, resourceKey } from '@gohan-es/lifecycle';
import type { LifecycleFact } from '@gohan-es/lifecycle';
import { at, gwInterfaceTimeline, script, vpnGatewayTimeline } from '../test-support/timelines';
import { bandwidthFromFacts, billingFactOf } from './billable';
import { usageReport } from './report';
import { usageRecords } from './usage';
import type { UsageRecord } from './usage';

/** The billing rules end to end without I/O: facts per resource → records (as the consumer derives them). */
function recordsOf(facts: readonly LifecycleFact[]): UsageRecord[] {
  const byResource = new Map<string, LifecycleFact[]>();
  for (const f of facts) {
    const key = resourceKey(f.resource_type, f.resource_id);
    byResource.set(key, [...(byResource.get(key) ?? []), f]);
  }
  const bandwidthOf = (id: string) => bandwidthFromFacts(byResource.get(resourceKey('qos_option', id)) ?? []);
  return [...byResource.entries()]
    .filter(([key]) => !key.startsWith('qos_option/'))
    .flatMap(([, list]) => usageRecords(lifecycleOf(list), bandwidthOf));
}

const scripted = (build: (s: ReturnType<typeof script>) => void) => {
  const s = script();
  build(s);
  return positioned(s.events)
    .map(billingFactOf)
    .filter((f): f is LifecycleFact => f !== undefined);
};

const brief = (r: UsageRecord) => [
  r.record_id,
  r.active,
  r.bandwidth_mbps,
  r.started_at.slice(11, 16),
  r.ended_at?.slice(11, 16) ?? null,
];

describe('Billing', () => {
  describe('When a gw_interface is created, becomes ACTIVE, goes DOWN, recovers and is deleted', () => {
    const facts = scripted((s) => gwInterfaceTimeline(s));

    it('should cut its existence into intervals keyed by the event that opened each', () => {
      expect(recordsOf(facts).map(brief)).toEqual([
        ['e-1', false, null, '00:00', '00:10'],
        ['e-4', true, null, '00:10', '01:00'],
        ['e-5', false, null, '01:00', '01:30'],
        ['e-6', true, null, '01:30', '02:10'],
        ['e-7', false, null, '02:10', '02:12'],
      ]);
      expect(recordsOf(facts)[1]).toEqual({
        record_id: 'e-4',
        tenant_id: 'b3e3095c0a5b4383805efe9cf2a6b5ef',
        resource_type: 'gw_interface',
        resource_id: 'gw-1',
        active: true,
        bandwidth_mbps: null,
        started_at: at('00:10'),
        ended_at: at('01:00'),
        closed_by: 'e-5',
      });
    });

    it('should total exactly 2 h 12 min existing and 1 h 30 min ACTIVE over the day', () => {
      const report = usageReport(recordsOf(facts), {
        period_start: at('00:00'),
        period_end: at('00:00', '17'),
      });
      expect(report.lines).toEqual([
        {
          tenant_id: 'b3e3095c0a5b4383805efe9cf2a6b5ef',
          resource_type: 'gw_interface',
          bandwidth_mbps: null,
          resources: 1,
          existed_seconds: 7920,
          active_seconds: 5400,
          existed_hours: 2.2,
          active_hours: 1.5,
        },
      ]);
    });

    it('should clip the intervals to the period', () => {
      const report = usageReport(recordsOf(facts), { period_start: at('01:00'), period_end: at('02:00') });
      expect(report.lines.map((l) => [l.existed_seconds, l.active_seconds])).toEqual([[3600, 1800]]);
    });

    it('should give the same records whatever order the facts were consumed in', () => {
      expect(recordsOf([...facts].reverse())).toEqual(recordsOf(facts));
      expect(recordsOf([...facts.slice(5), ...facts.slice(0, 5)])).toEqual(recordsOf(facts));
    });
  });

  describe('When a vpn_gateway moves from a 10 Mbps to a 100 Mbps qos_option', () => {
    const facts = scripted((s) => vpnGatewayTimeline(s));

    it('should meter each bandwidth apart', () => {
      expect(recordsOf(facts).map(brief)).toEqual([
        ['e-3', false, 10, '00:00', '00:06'],
        ['e-5', true, 10, '00:06', '03:06'],
        ['e-6', false, 100, '03:06', '03:07'],
        ['e-7', true, 100, '03:07', '05:07'],
        ['e-8', false, 100, '05:07', '05:09'],
      ]);
      const report = usageReport(recordsOf(facts), {
        period_start: at('00:00'),
        period_end: at('00:00', '17'),
      });
      expect(
        report.lines.map((l) => [l.resource_type, l.bandwidth_mbps, l.existed_seconds, l.active_seconds]),
      ).toEqual([
        ['vpn_gateway', 10, 11160, 10800],
        ['vpn_gateway', 100, 7380, 7200],
      ]);
    });

    it('should leave the bandwidth unknown while the qos_option has not been seen', () => {
      const withoutQos = facts.filter((f) => f.resource_type !== 'qos_option');
      expect(recordsOf(withoutQos).map((r) => r.bandwidth_mbps)).toEqual([null, null, null, null, null]);
    });
  });

  describe('When a resource is still running', () => {
    it('should count its open interval up to as_of only', () => {
      const s = script();
      s.created(
        'static_route',
        'sr-1',
        { destination: '10.1.0.0/16', nexthop: '172.16.101.1', service_type: 'vpn' },
        at('00:00'),
      );
      s.succeeded('static_route', 'sr-1', 1, 'create', at('00:00'));
      const facts = positioned(s.events).map((e) => factOf(e)!);
      const records = recordsOf(facts);
      expect(records.map(brief)).toEqual([['e-2', true, null, '00:00', null]]);
      const report = usageReport(records, {
        period_start: at('00:00'),
        period_end: at('00:00', '17'),
        as_of: at('06:00'),
      });
      expect(report.lines.map((l) => [l.resource_type, l.existed_hours, l.active_hours])).toEqual([
        ['static_route', 6, 6],
      ]);
    });
  });
});
