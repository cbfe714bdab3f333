import { eventScript, factOf, lifecycleOf, positioned } from '@gohan-es/lifecycle';
import type { EventScript, LifecycleFact } from '@gohan-es/lifecycle';
import { alertTransitions } from '../store/consumer';
import { alertsOf } from './alerts';
import type { Alert } from './alerts';
import { provisioningOutcomes } from './provisioning';

const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
const at = (hhmm: string) => `2018-04-16T${hhmm}:00.000Z`;
const GW = {
  network_id: 'n1',
  vrid: 20,
  service_type: 'vpn',
  gw_vipv4: '10.0.0.1',
  primary_ipv4: '10.0.0.2',
  secondary_ipv4: '10.0.0.3',
  netmask: 24,
};

function factsOf(build: (s: EventScript) => void): LifecycleFact[] {
  const s = eventScript({ tenant_id: TENANT, prefix: 'e' });
  build(s);
  return positioned(s.events).map((e) => factOf(e)!);
}

const upAt = (s: EventScript, hhmm = '00:03') => {
  s.created('gw_interface', 'gw-1', GW, at('00:00'));
  s.succeeded('gw_interface', 'gw-1', 1, 'create', at('00:02'));
  s.observed('gw_interface', 'gw-1', 1, 'UP', at(hhmm), { master: 'primary' });
};

const brief = (a: Alert) => [
  a.alert_id,
  a.kind,
  a.condition,
  a.severity,
  a.state,
  a.opened_at.slice(11, 16),
  a.resolved_at?.slice(11, 16) ?? null,
  a.resolution,
];

describe('Alerts', () => {
  describe('When a gw_interface goes DOWN (both routers BACKUP) and recovers', () => {
    const facts = factsOf((s) => {
      upAt(s);
      s.observed('gw_interface', 'gw-1', 1, 'DOWN', at('01:00'), { master: null });
      s.observed('gw_interface', 'gw-1', 1, 'UP', at('01:20'), { master: 'secondary' });
    });

    it('should open a critical alert on the transition and resolve it on recovery', () => {
      const alerts = alertsOf(lifecycleOf(facts));
      expect(alerts.map(brief)).toEqual([
        ['e-4', 'operational', 'DOWN', 'critical', 'resolved', '01:00', '01:20', 'recovered'],
      ]);
      expect(alerts[0]).toMatchObject({
        tenant_id: TENANT,
        resource_type: 'gw_interface',
        resource_id: 'gw-1',
        message: 'gw_interface gw-1 is DOWN',
        resolved_by: 'e-5',
        detail: { master: null, observed_at: at('01:00') },
      });
    });

    it('should leave it open while the resource is still DOWN', () => {
      expect(alertsOf(lifecycleOf(facts.slice(0, 4))).map(brief)).toEqual([
        ['e-4', 'operational', 'DOWN', 'critical', 'open', '01:00', null, null],
      ]);
    });
  });

  describe('When a router becomes unreachable (FAIL), then the group is DOWN, then everything recovers', () => {
    it('should raise a warning for FAIL, replace it by a DOWN alert, and resolve that one', () => {
      const facts = factsOf((s) => {
        upAt(s);
        s.observed('gw_interface', 'gw-1', 1, 'FAIL', at('02:00'));
        s.observed('gw_interface', 'gw-1', 1, 'DOWN', at('02:05'));
        s.observed('gw_interface', 'gw-1', 1, 'UP', at('02:30'));
      });
      expect(alertsOf(lifecycleOf(facts)).map(brief)).toEqual([
        ['e-4', 'operational', 'FAIL', 'warning', 'resolved', '02:00', '02:05', 'changed'],
        ['e-5', 'operational', 'DOWN', 'critical', 'resolved', '02:05', '02:30', 'recovered'],
      ]);
    });
  });

  describe('When a steady resource is observed UP only', () => {
    it('should raise nothing', () => {
      expect(alertsOf(lifecycleOf(factsOf((s) => upAt(s))))).toEqual([]);
    });
  });

  describe('When an observation belongs to an older config version', () => {
    it('should raise nothing (the version guard refuses it)', () => {
      const facts = factsOf((s) => {
        upAt(s);
        s.updated('gw_interface', 'gw-1', 2, { name: 'x' }, at('00:10'));
        s.observed('gw_interface', 'gw-1', 1, 'DOWN', at('00:11'));
      });
      expect(alertsOf(lifecycleOf(facts))).toEqual([]);
    });
  });

  describe('When a resource is deleted while DOWN', () => {
    it('should resolve its alert as deleted', () => {
      const facts = factsOf((s) => {
        upAt(s);
        s.observed('gw_interface', 'gw-1', 1, 'DOWN', at('01:00'));
        s.deleteRequested('gw_interface', 'gw-1', 2, at('01:10'));
        s.succeeded('gw_interface', 'gw-1', 2, 'delete', at('01:11'));
        s.deleted('gw_interface', 'gw-1', 3, at('01:12'));
      });
      expect(alertsOf(lifecycleOf(facts)).map(brief)).toEqual([
        ['e-4', 'operational', 'DOWN', 'critical', 'resolved', '01:00', '01:12', 'deleted'],
      ]);
    });
  });

  describe('When provisioning fails and a retry succeeds', () => {
    const facts = factsOf((s) => {
      s.created(
        'static_route',
        'sr-1',
        { destination: '10.1.0.0/16', nexthop: '172.16.101.1', service_type: 'vpn' },
        at('00:00'),
      );
      s.started('static_route', 'sr-1', 1, 'create', at('00:00'));
      s.failed('static_route', 'sr-1', 1, 'create', 'commit check failed', at('00:00'));
      s.updated('static_route', 'sr-1', 2, {}, at('00:20'));
      s.started('static_route', 'sr-1', 2, 'create', at('00:20'));
      s.succeeded('static_route', 'sr-1', 2, 'create', at('00:21'));
    });

    it('should open a provisioning alert with the router message and resolve it', () => {
      const alerts = alertsOf(lifecycleOf(facts));
      expect(alerts.map(brief)).toEqual([
        ['e-3', 'provisioning', 'CREATE_FAILED', 'critical', 'resolved', '00:00', '00:21', 'recovered'],
      ]);
      expect(alerts[0]!.message).toBe('static_route sr-1: create failed: MX-2: commit check failed');
    });

    it('should measure each result from the start of the same change', () => {
      const results = facts.filter((f) => f.event_type.startsWith('Provisioning'));
      expect(provisioningOutcomes(results, () => facts)).toEqual([
        { event_id: 'e-3', resource_type: 'static_route', action: 'create', outcome: 'failed', seconds: 0 },
        {
          event_id: 'e-6',
          resource_type: 'static_route',
          action: 'create',
          outcome: 'succeeded',
          seconds: 60,
        },
      ]);
    });
  });

  describe('alertTransitions', () => {
    it('should report new alerts as opened, and newly resolved ones as resolved', () => {
      const facts = factsOf((s) => {
        upAt(s);
        s.observed('gw_interface', 'gw-1', 1, 'DOWN', at('01:00'));
        s.observed('gw_interface', 'gw-1', 1, 'UP', at('01:20'));
      });
      const before = alertsOf(lifecycleOf(facts.slice(0, 4)));
      const after = alertsOf(lifecycleOf(facts));
      expect(alertTransitions([], before).map((t) => [t.alert.alert_id, t.transition])).toEqual([
        ['e-4', 'opened'],
      ]);
      expect(alertTransitions(before, after).map((t) => [t.alert.alert_id, t.transition])).toEqual([
        ['e-4', 'resolved'],
      ]);
      expect(alertTransitions([], after).map((t) => t.transition)).toEqual(['opened', 'resolved']);
      expect(alertTransitions(after, after)).toEqual([]);
    });
  });
});
