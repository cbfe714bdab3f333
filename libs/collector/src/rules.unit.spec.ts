import { assess } from './rules';
import type { RouterView } from './snapshot';
import { bgpKey, emptySnapshot, vrrpKey } from './snapshot';
import type { Target } from './targets';

const base = { resource_type: 'gw_interface', id: 'g', tenant_id: 't', config_version: 1 };
const VRRP = { interface: 'ae0', unit: '1025', group: 20 };
const vrrpTarget: Target = {
  ...base,
  rule: 'vrrp-pair',
  routers: { primary: 'p', secondary: 's' },
  vrrp: { primary: VRRP, secondary: VRRP },
};
const NAMES: Record<string, string> = { p: 'MX-2', s: 'MX-1' };

type Seen = string | 'UNREACHABLE' | 'ERROR' | undefined;

/** A view per router id: a VRRP state (undefined = group missing), or the router down / refusing. */
function views(
  seen: Record<string, Seen>,
  fill: (snapshot: ReturnType<typeof emptySnapshot>, value: string) => void,
) {
  return (id: string): RouterView => {
    const value = seen[id];
    const router = NAMES[id]!;
    if (value === 'UNREACHABLE') return { status: 'unreachable', router, error: 'connect ECONNREFUSED' };
    if (value === 'ERROR') return { status: 'error', router, error: 'authentication failed' };
    const snapshot = emptySnapshot();
    if (value !== undefined) fill(snapshot, value);
    return { status: 'ok', router, snapshot };
  };
}
const vrrp = (seen: Record<string, Seen>) =>
  views(seen, (s, v) => (s.vrrp as Map<string, string>).set(vrrpKey(VRRP), v));

describe('assess', () => {
  describe('When the target is a gw_interface (VRRP on both routers, §10.5)', () => {
    it.each([
      ['MASTER', 'BACKUP', 'UP', 'primary', null],
      ['BACKUP', 'MASTER', 'UP', 'secondary', null],
      ['BACKUP', 'BACKUP', 'DOWN', null, 'no MASTER (primary BACKUP, secondary BACKUP)'],
      ['MASTER', 'MASTER', 'DOWN', 'both', 'two MASTERs'],
      ['MASTER', 'INIT', 'DOWN', 'primary', 'no BACKUP (secondary INIT)'],
      ['IDLE', 'INIT', 'DOWN', null, 'no MASTER (primary IDLE, secondary INIT)'],
      ['MASTER', 'UNREACHABLE', 'FAIL', 'primary', 'secondary router MX-1 unreachable'],
      ['ERROR', 'BACKUP', 'FAIL', null, 'primary router MX-2 refused the poll'],
      [
        'MASTER',
        undefined,
        'FAIL',
        'primary',
        'VRRP group 20 on ae0.1025 not found on secondary router MX-1',
      ],
    ] as const)('should make primary %s + secondary %s → %s (master %s)', (p, s, state, master, reason) => {
      const a = assess(vrrpTarget, vrrp({ p, s }));
      expect({ state: a.state, master: a.master, reason: a.reason }).toEqual({ state, master, reason });
    });

    it('should show what each router reported in the detail', () => {
      expect(assess(vrrpTarget, vrrp({ p: 'BACKUP', s: 'MASTER' })).routers).toEqual({
        primary: { router: 'MX-2', interface: 'ae0.1025', group: 20, vrrp: 'BACKUP' },
        secondary: { router: 'MX-1', interface: 'ae0.1025', group: 20, vrrp: 'MASTER' },
      });
    });
  });

  describe('When the target is a port or ese_logical_port (its side’s logical interface, §10.4)', () => {
    const target: Target = {
      ...base,
      resource_type: 'port',
      rule: 'logical-interface',
      side: 'secondary',
      router: 's',
      name: 'ae0.1025',
    };
    const lif = (seen: Record<string, Seen>) =>
      views(seen, (snap, v) => (snap.interfaces as Map<string, string>).set('ae0.1025', v));
    it.each([
      ['up', 'UP', null],
      ['down', 'DOWN', 'ae0.1025 is down'],
      [undefined, 'FAIL', 'logical interface ae0.1025 not found on secondary router MX-1'],
      ['UNREACHABLE', 'FAIL', 'secondary router MX-1 unreachable'],
    ] as const)('should make %s → %s', (value, state, reason) => {
      const a = assess(target, lif({ s: value }));
      expect([a.state, a.reason]).toEqual([state, reason]);
    });
  });

  describe('When the target is a vpn_interface (eBGP peers on both routers)', () => {
    const P = { instance: 'vrf', neighbor: '192.168.8.1' };
    const S = { instance: 'vrf', neighbor: '192.168.8.5' };
    const target: Target = {
      ...base,
      resource_type: 'vpn_interface',
      rule: 'bgp-pair',
      routers: { primary: 'p', secondary: 's' },
      bgp: { primary: P, secondary: S },
    };
    const bgp = (seen: Record<string, Seen>) => (id: string) =>
      views(seen, (snap, v) => (snap.bgp as Map<string, string>).set(bgpKey(id === 'p' ? P : S), v))(id);
    it.each([
      ['Established', 'Established', 'UP', null],
      ['Established', 'Active', 'DOWN', 'secondary peer 192.168.8.5 Active'],
      ['Idle', 'Connect', 'DOWN', 'primary peer 192.168.8.1 Idle; secondary peer 192.168.8.5 Connect'],
      ['Established', undefined, 'FAIL', 'BGP peer 192.168.8.5 in vrf not found on secondary router MX-1'],
      ['UNREACHABLE', 'Active', 'FAIL', 'primary router MX-2 unreachable'],
    ] as const)('should make %s + %s → %s', (p, s, state, reason) => {
      const a = assess(target, bgp({ p, s }));
      expect([a.state, a.reason]).toEqual([state, reason]);
    });
  });

  describe('When the target is an edge_router (reachability)', () => {
    const target: Target = { ...base, resource_type: 'edge_router', rule: 'reachability', router: 'p' };
    it.each([
      ['MASTER', 'UP'],
      ['UNREACHABLE', 'DOWN'],
      ['ERROR', 'FAIL'],
    ] as const)('should make a router that answers %s → %s', (seen, state) => {
      expect(assess(target, vrrp({ p: seen })).state).toBe(state);
    });
  });

  describe('When the target is an er_physical_interface (its link on its router, §5.3)', () => {
    const target: Target = {
      ...base,
      resource_type: 'er_physical_interface',
      rule: 'physical-interface',
      router: 'p',
      name: 'ge-0/0/1',
    };
    const link = (seen: Record<string, Seen>) =>
      views(seen, (snap, v) => (snap.physical as Map<string, string>).set('ge-0/0/1', v));
    it.each([
      ['up', 'UP', null],
      ['down', 'DOWN', 'ge-0/0/1 is down'],
      [undefined, 'FAIL', 'physical interface ge-0/0/1 not found on router MX-2'],
      ['UNREACHABLE', 'FAIL', 'router MX-2 unreachable'],
      ['ERROR', 'FAIL', 'router MX-2 refused the poll'],
    ] as const)('should make %s → %s', (value, state, reason) => {
      const a = assess(target, link({ p: value }));
      expect([a.state, a.master, a.reason]).toEqual([state, null, reason]);
    });

    it('should show the router, the interface and what it reported in the detail', () => {
      expect(assess(target, link({ p: 'down' })).routers).toEqual({
        self: { router: 'MX-2', interface: 'ge-0/0/1', oper_status: 'down' },
      });
      expect(assess(target, link({ p: 'UNREACHABLE' })).routers).toEqual({
        self: { router: 'MX-2', interface: 'ge-0/0/1', oper_status: 'UNREACHABLE' },
      });
    });

    it('should not take a logical unit of the same name for the physical interface', () => {
      const unitOnly = views({ p: 'up' }, (snap, v) =>
        (snap.interfaces as Map<string, string>).set('ge-0/0/1', v),
      );
      expect(assess(target, unitOnly).state).toBe('FAIL');
    });
  });

  describe('When the target could not be resolved', () => {
    it('should be FAIL with the reason', () => {
      const a = assess({ ...base, rule: 'unresolved', reason: 'vpn_gateway x not found' }, vrrp({}));
      expect([a.state, a.reason]).toEqual(['FAIL', 'vpn_gateway x not found']);
    });
  });
});
