// The order of operations of a pair transaction, on in-memory routers (test-support/fake-router):
// primary then secondary up to their confirmed commits, then both confirmed; a refusal on the
// secondary cancels the primary's confirmed commit; a device without confirmed commits is
// compensated; nothing to change means nothing pushed.
import { configuration, container, entry, leaf } from '@gohan-es/junos';
import type { ConfigTree } from '@gohan-es/junos';
import { junosProfile } from '@gohan-es/netconf';
import type { DeviceProfile } from '@gohan-es/netconf';
import { DevicePool } from './device-pool';
import { RouterChangeError } from './errors';
import type { PairPlan } from './pair';
import { applyPair } from './pair';
import { FAST_PROFILE, FakeRouter, rpcErrorXml } from './test-support/fake-router';

const unit = (vlan: string): ConfigTree =>
  configuration(
    container('interfaces', entry('interface', 'ae0', entry('unit', vlan, leaf('vlan-id', vlan)))),
  );
const EMPTY = configuration();

function world(profile: DeviceProfile = FAST_PROFILE) {
  const routers = { p: new FakeRouter('MX-2', profile), s: new FakeRouter('MX-1', profile) };
  const pool = new DevicePool({
    profile,
    knownHostsFile: '/dev/null',
    secretsKey: '00'.repeat(32),
    connectTimeoutMs: 1000,
    open: (target) => routers[target.id as 'p' | 's'].open(),
  });
  const plan = (id: 'p' | 's', desired: ConfigTree, previous = EMPTY): PairPlan => ({
    target: { id, name: routers[id].name, host: id, port: 830, login: 'esi', password: 'esi' },
    role: id === 'p' ? 'primary' : 'secondary',
    desired,
    previous,
    extraScope: [],
  });
  const options = { profile, confirmTimeoutSec: 60, lockWaitMs: 200 };
  return { routers, pool, plan, options };
}

const CHANGE = ['lock', 'get-config', 'edit-config', 'commit confirmed', 'get-config'];

describe('applyPair', () => {
  describe('When both routers accept the change', () => {
    it('should prepare the primary, then the secondary, then confirm both and unlock', async () => {
      const { routers, pool, plan, options } = world();
      const outcome = await applyPair(pool, [plan('p', unit('1025')), plan('s', unit('1025'))], options);
      expect(outcome.commits).toBe(2);
      expect(routers.p.ops).toEqual([...CHANGE, 'commit', 'unlock']);
      expect(routers.s.ops).toEqual([...CHANGE, 'commit', 'unlock']);
      expect(routers.p.running).toEqual(unit('1025'));
      await pool.closeAll();
    });
  });

  describe('When the secondary refuses the change', () => {
    it('should cancel the confirmed commit of the primary and name the secondary, not retriable', async () => {
      const { routers, pool, plan, options } = world();
      routers.s.refuse = (op) =>
        op === 'edit-config' ? rpcErrorXml('invalid-value', 'name too long') : undefined;
      const failure = await applyPair(pool, [plan('p', unit('7')), plan('s', unit('7'))], options).catch(
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(RouterChangeError);
      expect(failure).toMatchObject({
        router: 'MX-1',
        retriable: false,
        deviceMessage: 'name too long (invalid-value)',
      });
      expect(routers.p.ops).toEqual([
        ...CHANGE,
        'cancel-commit',
        'rollback (cancel-commit)',
        'discard-changes',
        'unlock',
      ]);
      expect(routers.s.ops).toEqual(['lock', 'get-config', 'edit-config', 'discard-changes', 'unlock']);
      expect(routers.p.running).toEqual(EMPTY);
      await pool.closeAll();
    });
  });

  describe('When the router already has the desired config', () => {
    it('should push nothing (applying the same state twice changes nothing)', async () => {
      const { routers, pool, plan, options } = world();
      routers.p.running = unit('9');
      routers.s.running = unit('9');
      const outcome = await applyPair(pool, [plan('p', unit('9')), plan('s', unit('9'))], options);
      expect(outcome.commits).toBe(0);
      expect(routers.p.ops).toEqual(['lock', 'get-config', 'unlock']);
      await pool.closeAll();
    });
  });

  describe('When the device has commit check and no confirmed commit', () => {
    it('should validate before committing, and compensate the primary when the secondary fails', async () => {
      const profile = { ...junosProfile, supportsConfirmedCommit: false, configNamespace: undefined };
      const { routers, pool, plan, options } = world(profile);
      routers.s.refuse = (op) =>
        op === 'commit' ? rpcErrorXml('operation-failed', 'commit failed') : undefined;
      const previous = unit('1');
      routers.p.running = previous;
      const failure = await applyPair(
        pool,
        [plan('p', unit('2'), previous), plan('s', unit('2'))],
        options,
      ).catch((e: unknown) => e);
      expect(failure).toMatchObject({ router: 'MX-1', retriable: false });
      expect(routers.p.ops.slice(0, 6)).toEqual([
        'lock',
        'get-config',
        'edit-config',
        'validate',
        'commit',
        'get-config',
      ]);
      // compensation: the previous desired config pushed back (a second change on the primary)
      expect(routers.p.ops.filter((o) => o === 'commit')).toHaveLength(2);
      await pool.closeAll();
    });
  });
});
