import { FakeDevice } from '../test/fake-device';
import type { FakeHandler } from '../test/fake-device';
import { junosProfile } from './devices/junos';
import { simulatorProfile } from './devices/simulator';
import { ConfigLoadError, LockError } from './errors';
import { NetconfSession } from './session';
import { withCandidateTransaction } from './transaction';

const failOn =
  (op: string, tag: string): FakeHandler =>
  (req) =>
    req.op === op
      ? `<rpc-error><error-type>application</error-type><error-tag>${tag}</error-tag><error-severity>error</error-severity></rpc-error>`
      : '<ok/>';

/** "commit" requests are shown as "commit(confirmed)" when they carry <confirmed/>. */
const ops = (device: FakeDevice): string[] =>
  device.requests.map((r) =>
    r.op === 'commit' && r.xml.includes('<confirmed/>') ? 'commit(confirmed)' : r.op,
  );

async function open(handler?: FakeHandler): Promise<{ device: FakeDevice; session: NetconfSession }> {
  const device = new FakeDevice(handler ? { handler } : {});
  return { device, session: await NetconfSession.open(device) };
}

describe('withCandidateTransaction', () => {
  describe('When every step succeeds', () => {
    it('should lock, edit, confirmed-commit, verify, confirm and unlock on the simulator', async () => {
      const { device, session } = await open();
      const steps: string[] = [];
      const result = await withCandidateTransaction(
        session,
        simulatorProfile,
        async (tx) => {
          await tx.edit('<interfaces/>');
          return 'done';
        },
        { verify: async () => void steps.push(`verify after ${ops(device).at(-1)}`) },
      );
      expect(result).toBe('done');
      expect(ops(device)).toEqual(['lock', 'edit-config', 'commit(confirmed)', 'commit', 'unlock']);
      expect(steps).toEqual(['verify after commit(confirmed)']);
      expect(device.requests[1]!.xml).toContain(
        '<configuration xmlns="http://yang.juniper.net/junos/conf/root"><interfaces/>',
      );
      expect(device.requests[2]!.xml).toContain(
        `<confirm-timeout>${simulatorProfile.confirmTimeoutSec}</confirm-timeout>`,
      );
    });

    it('should validate (commit check) before committing on Junos', async () => {
      const { device, session } = await open();
      await withCandidateTransaction(session, junosProfile, (tx) => tx.edit('<system/>'));
      expect(ops(device)).toEqual([
        'lock',
        'edit-config',
        'validate',
        'commit(confirmed)',
        'commit',
        'unlock',
      ]);
      expect(device.requests[1]!.xml).toContain('<config><configuration><system/></configuration></config>');
    });
  });

  describe('When a step fails', () => {
    it('should cancel the confirmed commit, discard and unlock when verify throws', async () => {
      const { device, session } = await open();
      const verify = async (): Promise<void> => {
        throw new Error('vrrp not up');
      };
      await expect(
        withCandidateTransaction(session, simulatorProfile, (tx) => tx.edit('<a/>'), { verify }),
      ).rejects.toThrow('vrrp not up');
      expect(ops(device)).toEqual([
        'lock',
        'edit-config',
        'commit(confirmed)',
        'cancel-commit',
        'discard-changes',
        'unlock',
      ]);
    });

    it('should discard and unlock when edit-config is refused', async () => {
      const { device, session } = await open(failOn('edit-config', 'invalid-value'));
      const err = await withCandidateTransaction(session, simulatorProfile, (tx) => tx.edit('<a/>')).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConfigLoadError);
      expect(ops(device)).toEqual(['lock', 'edit-config', 'discard-changes', 'unlock']);
    });

    it('should touch nothing else when the lock is denied', async () => {
      const { device, session } = await open(failOn('lock', 'lock-denied'));
      const work = jest.fn();
      await expect(withCandidateTransaction(session, simulatorProfile, work)).rejects.toThrow(LockError);
      expect(work).not.toHaveBeenCalled();
      expect(ops(device)).toEqual(['lock']);
    });
  });
});
