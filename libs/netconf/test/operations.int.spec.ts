// Against the simulated routers: pipelining, edit-config/commit round trips, confirmed commit
// (confirm, timeout rollback, session-loss rollback, cancel-commit) and discard-changes.
import { setTimeout as sleep } from 'node:timers/promises';
import { configurationXml } from '../src/devices/profile';
import { simulatorProfile } from '../src/devices/simulator';
import type { NetconfSession } from '../src/session';
import {
  connect,
  interfaceFilter,
  lockCandidate,
  readInterface,
  removeInterfaces,
  routerEnv,
  testInterface,
  unitXml,
  waitFor,
} from './routers';

const IF = testInterface('1');
const config = (inner: string): string => configurationXml(simulatorProfile, inner);

describe('NETCONF operations on a simulated router', () => {
  let session: NetconfSession;

  beforeAll(async () => {
    session = await connect(routerEnv.mx1);
  });

  afterEach(async () => {
    if (session) await removeInterfaces(session, [IF]);
  });

  afterAll(async () => {
    await session?.close();
  });

  /** lock → edit-config (merge) → `commitStep` → unlock. */
  async function change(inner: string, commitStep: () => Promise<unknown>): Promise<void> {
    await lockCandidate(session);
    try {
      await session.editConfig({ config: config(inner), defaultOperation: 'merge' });
      await commitStep();
    } finally {
      await session.unlock();
    }
  }

  describe('When rpcs are pipelined', () => {
    it('should answer 20 rpcs in flight at once, each matched to its request', async () => {
      const filters = Array.from({ length: 20 }, (_, i) => interfaceFilter(`none/${i}/0`));
      const replies = Promise.all(filters.map((filter) => session.getConfig({ source: 'running', filter })));
      expect(session.inFlight).toBe(20);
      const ids = (await replies).map((r) => r.messageId);
      expect(new Set(ids).size).toBe(20);
    });
  });

  describe('When a change is committed', () => {
    it('should read back from running what lock/edit-config/commit/unlock wrote', async () => {
      await change(unitXml(IF, 101, { description: 'round trip' }), () => session.commit());
      expect(await readInterface(session, IF)).toEqual({
        name: IF,
        unit: [
          {
            name: '101',
            description: 'round trip',
            'vlan-id': '101',
            family: {
              inet: {
                address: [
                  {
                    name: '192.0.2.2/24',
                    'vrrp-group': [{ name: '20', 'virtual-address': ['192.0.2.1'], priority: '200' }],
                  },
                ],
              },
            },
          },
        ],
      });
    });

    it('should keep a confirmed commit that is confirmed before its timeout', async () => {
      await change(unitXml(IF, 102), async () => {
        await session.commit({ confirmed: true, confirmTimeoutSec: 1 });
        await session.commit();
      });
      await sleep(2000); // past the confirm-timeout: a confirmed commit that was not confirmed is gone by now
      expect(await readInterface(session, IF)).toBeDefined();
    });

    it('should roll back a confirmed commit that is not confirmed within its timeout', async () => {
      await change(unitXml(IF, 103), () => session.commit({ confirmed: true, confirmTimeoutSec: 1 }));
      expect(await readInterface(session, IF)).toBeDefined();
      // netconfd fires the confirm-timeout only after ~1 s without requests: poll slower than that.
      await waitFor(async () => (await readInterface(session, IF)) === undefined, {
        timeoutMs: 15_000,
        intervalMs: 1500,
        message: 'the confirmed commit to roll back',
      });
    });

    it('should roll back a confirmed commit when its session is lost', async () => {
      const other = await connect(routerEnv.mx1);
      await lockCandidate(other);
      await other.editConfig({ config: config(unitXml(IF, 104)) });
      await other.commit({ confirmed: true, confirmTimeoutSec: 60 });
      expect(await readInterface(session, IF)).toBeDefined();
      other.destroy();
      await waitFor(async () => (await readInterface(session, IF)) === undefined, {
        timeoutMs: 10_000,
        message: 'the unconfirmed commit of a lost session to roll back',
      });
    });

    it('should leave the running config unchanged after confirmed commit + cancel-commit', async () => {
      await change(unitXml(IF, 105), () => session.commit());
      const before = (await session.getConfig({ source: 'running', filter: interfaceFilter(IF) })).dataXml;
      await change(unitXml(IF, 105, { description: 'changed', operation: 'replace' }), async () => {
        await session.commit({ confirmed: true, confirmTimeoutSec: 60 });
        expect((await readInterface(session, IF))?.['unit']).toMatchObject([{ description: 'changed' }]);
        await session.cancelCommit();
      });
      const after = (await session.getConfig({ source: 'running', filter: interfaceFilter(IF) })).dataXml;
      expect(after).toBe(before);
      expect((await readInterface(session, IF))?.['unit']).toMatchObject([
        { description: 'netconf int test' },
      ]);
    });
  });

  describe('When a change is discarded', () => {
    it('should drop the candidate edits and leave running untouched', async () => {
      await lockCandidate(session);
      try {
        await session.editConfig({ config: config(unitXml(IF, 106)) });
        expect(await readInterface(session, IF, 'candidate')).toBeDefined();
        await session.discardChanges();
        expect(await readInterface(session, IF, 'candidate')).toBeUndefined();
        expect(await readInterface(session, IF, 'running')).toBeUndefined();
      } finally {
        await session.unlock();
      }
    });
  });
});
