// The rendered XML against both simulated MX routers (docs/stack/routers.md): the seed's resources
// are created one by one (primary first, as the original), the running config read back must equal
// the desired tree, a second application changes nothing, a gw_interface delete removes exactly its
// nodes, drift is detected and repaired, and deleting the rest leaves the routers empty.
// Needs `bash scripts/stack/routers.sh up`. Wipes both routers (before and after).
import {
  getRunningConfiguration,
  resetRouter,
  withCandidateLock,
  withSimSession,
  type RouterId,
} from '@gohan-es/router-sim';
import {
  JUNOS_CONF_NAMESPACE,
  desiredConfig,
  diffConfig,
  emptyConfig,
  parseConfigXml,
  planRouter,
  resourceChange,
  treeToXml,
  type ConfigTree,
  type DeleteOperation,
  type ResourceSource,
} from '.';
import { IDS, MX1_SECONDARY, MX2_PRIMARY, ORDER, stage, type SeedType } from '../test/seed';

const SIM: Record<string, RouterId> = { [MX1_SECONDARY]: 'mx1', [MX2_PRIMARY]: 'mx2' };
const BOTH = [MX2_PRIMARY, MX1_SECONDARY];
const NS = { namespace: JUNOS_CONF_NAMESPACE };

async function push(routerId: string, xml: string): Promise<void> {
  await withSimSession(SIM[routerId], (session) =>
    withCandidateLock(session, async () => {
      await session.rpc('<discard-changes/>');
      try {
        await session.rpc(`<edit-config><target><candidate/></target><config>${xml}</config></edit-config>`);
        await session.rpc('<commit/>');
      } catch (err) {
        await session.rpc('<discard-changes/>').catch(() => undefined);
        throw err;
      }
    }),
  );
}

const running = async (routerId: string): Promise<ConfigTree> =>
  parseConfigXml(await getRunningConfiguration(SIM[routerId]));

async function apply(
  resources: ResourceSource,
  type: SeedType,
  action: 'create' | 'delete',
  deleteOperation?: DeleteOperation,
) {
  for (const change of resourceChange(resources, { type, id: IDS[type] }, action, {
    ...NS,
    deleteOperation,
  })) {
    expect(change.xml).toBeDefined();
    await push(change.router.id, change.xml!);
  }
}

describe('Junos rendering on the simulated routers', () => {
  beforeAll(async () => {
    await Promise.all(BOTH.map((r) => resetRouter(SIM[r])));
  });
  afterAll(async () => {
    await Promise.all(BOTH.map((r) => resetRouter(SIM[r])));
  });

  it('should converge both routers to the desired tree, resource by resource', async () => {
    for (const type of ORDER) await apply(stage(type), type, 'create');
    for (const r of BOTH) {
      const desired = desiredConfig(stage('static_route'), r);
      const actual = await running(r);
      expect(diffConfig(desired, actual).changes).toEqual([]);
      expect(actual).toEqual(desired);
    }
  });

  it('should change nothing when the same state is applied twice', async () => {
    for (const r of BOTH) {
      const desired = desiredConfig(stage('static_route'), r);
      const before = await running(r);
      expect(planRouter(desired, before, NS).xml).toBeUndefined();
      await push(r, treeToXml(desired, NS));
      expect(await running(r)).toEqual(before);
    }
  });

  it('should detect drift inside the managed subtrees and repair it', async () => {
    const r = MX1_SECONDARY;
    const desired = desiredConfig(stage('static_route'), r);
    await push(
      r,
      `<configuration xmlns="${JUNOS_CONF_NAMESPACE}"><interfaces><interface><name>ae0</name><unit><name>1025</name>` +
        `<description>hand-edited</description></unit></interface><interface><name>ge-0/0/9</name><description>not ours</description>` +
        `</interface></interfaces></configuration>`,
    );
    const plan = planRouter(desired, await running(r), NS);
    expect(plan.text).toBe(
      [
        '[edit interfaces ae0 unit 1025]',
        '-     description hand-edited;',
        '+     description vpn_gw;',
        '',
        '[edit]',
      ].join('\n'),
    );
    await push(r, plan.xml!);
    expect(planRouter(desired, await running(r), NS).xml).toBeUndefined();
    await push(
      r,
      `<configuration xmlns="${JUNOS_CONF_NAMESPACE}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interfaces>` +
        `<interface nc:operation="delete"><name>ge-0/0/9</name></interface></interfaces></configuration>`,
    );
    expect(await running(r)).toEqual(desired);
  });

  it('should remove exactly the gw_interface nodes on delete', async () => {
    const afterDelete = stage('static_route', { gw_interface: [] });
    const before = new Map<string, ConfigTree>();
    for (const r of BOTH) before.set(r, await running(r));
    await apply(stage('static_route'), 'gw_interface', 'delete');
    for (const r of BOTH) {
      const actual = await running(r);
      const removed = diffConfig(actual, before.get(r)!, { scope: 'all' }).changes;
      expect(removed.map((c) => `${c.kind} ${c.kind === 'change' ? '' : c.node.name}`)).toEqual([
        'remove address',
        'remove group',
      ]);
      expect(removed.map((c) => c.path.map((s) => s.key ?? s.name).join(' '))).toEqual([
        'interfaces ae0 1025 family inet',
        'routing-instances vrf_gw_sample-ha-router-downlink_1025 protocols bgp',
      ]);
      const desired = desiredConfig(afterDelete, r);
      expect(actual).toEqual(desired);
    }
  });

  it('should leave both routers empty after deleting the rest (remove operation)', async () => {
    const remaining: SeedType[] = ['static_route', 'vpn_interface', 'vpn_gateway'];
    let resources = stage('static_route', { gw_interface: [] });
    for (const type of remaining) {
      await apply(resources, type, 'delete', 'remove');
      resources = stage(
        'static_route',
        Object.fromEntries(
          [...remaining.slice(0, remaining.indexOf(type) + 1), 'gw_interface'].map((t) => [t, []]),
        ),
      );
      for (const r of BOTH) expect(await running(r)).toEqual(desiredConfig(resources, r));
    }
    for (const r of BOTH) expect(await running(r)).toEqual(emptyConfig());
  });
});
