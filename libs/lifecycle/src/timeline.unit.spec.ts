import { factOf } from './facts';
import type { LifecycleFact } from './facts';
import { eventScript, positioned } from './script';
import { lifecycleOf } from './timeline';

const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
const GW = {
  network_id: 'n1',
  vrid: 20,
  service_type: 'vpn',
  gw_vipv4: '10.0.0.1',
  primary_ipv4: '10.0.0.2',
  secondary_ipv4: '10.0.0.3',
  netmask: 24,
};
const at = (hhmm: string) => `2018-04-16T${hhmm}:00.000Z`;

function factsOf(build: (s: ReturnType<typeof eventScript>) => void): LifecycleFact[] {
  const script = eventScript({ tenant_id: TENANT, prefix: 'e' });
  build(script);
  return positioned(script.events).map((e) => factOf(e)!);
}

const summary = (facts: LifecycleFact[]) =>
  lifecycleOf(facts).map((s) => [
    s.fact.event_id,
    s.at.slice(11, 16),
    s.state.status,
    s.state.operational_state,
  ]);

describe('lifecycleOf', () => {
  describe('When a gw_interface is created, provisioned, observed and deleted', () => {
    const facts = factsOf((s) => {
      s.created('gw_interface', 'gw-1', GW, at('00:00'));
      s.started('gw_interface', 'gw-1', 1, 'create', at('00:01'));
      s.succeeded('gw_interface', 'gw-1', 1, 'create', at('00:02'));
      s.observed('gw_interface', 'gw-1', 1, 'UP', at('00:03'));
      s.observed('gw_interface', 'gw-1', 1, 'DOWN', at('01:00'));
      s.observed('gw_interface', 'gw-1', 1, 'UP', at('01:30'));
      s.deleteRequested('gw_interface', 'gw-1', 2, at('02:00'));
      s.succeeded('gw_interface', 'gw-1', 2, 'delete', at('02:01'));
      s.deleted('gw_interface', 'gw-1', 3, at('02:02'));
    });

    it('should give the state after every fact, as the projector computes it', () => {
      expect(summary(facts)).toEqual([
        ['e-1', '00:00', 'PENDING_CREATE', 'NO_STATE'],
        ['e-2', '00:01', 'PENDING_CREATE', 'NO_STATE'],
        ['e-3', '00:02', 'PENDING_CREATE', 'NO_STATE'],
        ['e-4', '00:03', 'ACTIVE', 'UP'],
        ['e-5', '01:00', 'DOWN', 'DOWN'],
        ['e-6', '01:30', 'ACTIVE', 'UP'],
        ['e-7', '02:00', 'PENDING_DELETE', 'UP'],
        ['e-8', '02:01', 'PENDING_DELETE', 'UP'],
        ['e-9', '02:02', 'PENDING_DELETE', 'UP'],
      ]);
      expect(lifecycleOf(facts).at(-1)!.deleted).toBe(true);
    });

    it('should not depend on the order the facts were stored in', () => {
      const reversed = [...facts].reverse();
      const rotated = [...facts.slice(4), ...facts.slice(0, 4)];
      expect(summary(reversed)).toEqual(summary(facts));
      expect(summary(rotated)).toEqual(summary(facts));
    });
  });

  describe('When an observation is stamped before the provisioning result of its version', () => {
    it('should park it and apply it at the time of the result that releases it', () => {
      const facts = factsOf((s) => {
        s.created('gw_interface', 'gw-1', GW, at('00:00'));
        s.observed('gw_interface', 'gw-1', 1, 'UP', at('00:05'));
        s.succeeded('gw_interface', 'gw-1', 1, 'create', at('00:07'));
      });
      expect(summary(facts)).toEqual([
        ['e-1', '00:00', 'PENDING_CREATE', 'NO_STATE'],
        ['e-3', '00:07', 'PENDING_CREATE', 'NO_STATE'],
        ['e-2', '00:07', 'ACTIVE', 'UP'],
      ]);
    });
  });

  describe('When an observation belongs to an older config version', () => {
    it('should be dropped by the version guard', () => {
      const facts = factsOf((s) => {
        s.created('gw_interface', 'gw-1', GW, at('00:00'));
        s.succeeded('gw_interface', 'gw-1', 1, 'create', at('00:01'));
        s.updated('gw_interface', 'gw-1', 2, { name: 'renamed' }, at('00:02'));
        s.observed('gw_interface', 'gw-1', 1, 'UP', at('00:03'));
        s.succeeded('gw_interface', 'gw-1', 2, 'update', at('00:04'));
        s.observed('gw_interface', 'gw-1', 2, 'UP', at('00:05'));
      });
      expect(summary(facts)).toEqual([
        ['e-1', '00:00', 'PENDING_CREATE', 'NO_STATE'],
        ['e-2', '00:01', 'PENDING_CREATE', 'NO_STATE'],
        ['e-3', '00:02', 'PENDING_CREATE', 'NO_STATE'],
        ['e-5', '00:04', 'PENDING_CREATE', 'NO_STATE'],
        ['e-6', '00:05', 'ACTIVE', 'UP'],
      ]);
    });
  });

  describe('When a provisioning change fails', () => {
    it('should give ERROR with the router message', () => {
      const facts = factsOf((s) => {
        s.created(
          'vpn_gateway',
          'vg-1',
          { vpn_service_id: 'vs', qos_option_id: 'q', uplink_vlan_id: '10', local_as_number: '65000' },
          at('00:00'),
        );
        s.failed('vpn_gateway', 'vg-1', 1, 'create', 'commit failed', at('00:01'));
      });
      const last = lifecycleOf(facts).at(-1)!;
      expect([last.state.status, last.state.orchestration_state, last.state.state_error]).toEqual([
        'ERROR',
        'CREATE_FAILED',
        'MX-2: commit failed',
      ]);
    });
  });

  describe('When facts keep property values', () => {
    it('should merge the Created resource with later changes', () => {
      const script = eventScript({ tenant_id: TENANT, prefix: 'e' });
      script.created(
        'vpn_gateway',
        'vg-1',
        { vpn_service_id: 'vs', qos_option_id: 'q1', uplink_vlan_id: '10', local_as_number: '65000' },
        at('00:00'),
      );
      script.updated(
        'vpn_gateway',
        'vg-1',
        2,
        { qos_option_id: 'q2', maximum_static_routes: 3 },
        at('00:10'),
      );
      const facts = positioned(script.events).map((e) => factOf(e, ['qos_option_id'])!);
      expect(lifecycleOf(facts).map((s) => s.values.qos_option_id)).toEqual(['q1', 'q2']);
      expect(facts[1]!.data).toEqual({ changes: { qos_option_id: 'q2' } });
    });
  });
});
