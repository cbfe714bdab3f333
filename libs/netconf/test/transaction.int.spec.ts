// Against both simulated routers: withCandidateTransaction applies a change as one confirmed commit
// per router (primary, then secondary) and leaves nothing behind when verification fails.
import { setTimeout as sleep } from 'node:timers/promises';
import { simulatorProfile } from '../src/devices/simulator';
import type { NetconfSession } from '../src/session';
import type { CandidateTransaction, TransactionOptions } from '../src/transaction';
import { withCandidateTransaction } from '../src/transaction';
import {
  connect,
  isConfirmedCommitPending,
  isLockDenied,
  readInterface,
  removeInterfaces,
  routerEnv,
  testInterface,
  unitXml,
} from './routers';

const IF = testInterface('4');

/** withCandidateTransaction, waiting while other test sessions hold the shared candidate. */
async function transact(
  session: NetconfSession,
  work: (tx: CandidateTransaction) => Promise<unknown>,
  options?: TransactionOptions,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await withCandidateTransaction(session, simulatorProfile, work, options);
      return;
    } catch (err) {
      const pending = isConfirmedCommitPending(err);
      if (!(pending || isLockDenied(err)) || Date.now() > deadline) throw err;
      await sleep(pending ? 1500 : 100); // see lockCandidate
    }
  }
}

describe('withCandidateTransaction on MX-1 and MX-2', () => {
  let mx1: NetconfSession;
  let mx2: NetconfSession;

  beforeAll(async () => {
    [mx1, mx2] = await Promise.all([connect(routerEnv.mx1), connect(routerEnv.mx2)]);
  });

  afterAll(async () => {
    try {
      if (mx1 && mx2) await Promise.all([removeInterfaces(mx1, [IF]), removeInterfaces(mx2, [IF])]);
    } finally {
      await Promise.all([mx1?.close(), mx2?.close()]);
    }
  });

  describe('When verification passes', () => {
    it('should commit the change on the primary, then the secondary', async () => {
      for (const session of [mx1, mx2]) {
        await transact(session, (tx) => tx.edit(unitXml(IF, 201, { description: 'tx' })), {
          verify: async (tx) => {
            const running = await tx.getRunning(
              `<configuration xmlns="${simulatorProfile.configNamespace}"><interfaces/></configuration>`,
            );
            expect(running.dataXml).toContain(IF);
          },
        });
      }
      for (const session of [mx1, mx2]) {
        expect((await readInterface(session, IF))?.['unit']).toMatchObject([
          { name: '201', description: 'tx' },
        ]);
      }
    });
  });

  describe('When verification fails', () => {
    it('should roll back the confirmed commit and leave running and candidate unchanged', async () => {
      const before = await readInterface(mx1, IF);
      const verify = async (): Promise<void> => {
        throw new Error('verification failed on purpose');
      };
      await expect(
        transact(mx1, (tx) => tx.edit(unitXml(IF, 202, { description: 'never' })), { verify }),
      ).rejects.toThrow('verification failed on purpose');
      expect(await readInterface(mx1, IF)).toEqual(before);
      expect(await readInterface(mx1, IF, 'candidate')).toEqual(before);
    });
  });
});
