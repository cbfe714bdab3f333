// Crash consistency (ARCHITECTURE.md §5): the provisioner is killed (SIGKILL) between the two
// commits of a pair change — the primary committed (confirmed commit pending), the secondary's
// candidate held by someone else — and after a restart both routers converge to the desired
// state and the resource completes. Nothing is lost and nothing is left half-applied.
import { nodeAt, withoutSubtrees } from '@gohan-es/junos';
import type { ConfigPath } from '@gohan-es/junos';
import { openSimSession } from '@gohan-es/router-sim';
import { ProvisioningWorld, waitFor } from './world';
import { Seed, goldenTree, orchestration, resetRouters, runningTree } from './seed';
import { lockRouters, releaseRouters } from './router-lock';

jest.setTimeout(240_000);

const world = new ProvisioningWorld({ provisionerEnv: { PROVISIONER_LOCK_WAIT_MS: '120000' } });
const seed = new Seed(world);
const VRF = { name: 'instance', key: 'vrf_gw_sample-ha-router-downlink_1025' };
const ROUTES: ConfigPath = [
  { name: 'routing-instances' },
  VRF,
  { name: 'routing-options' },
  { name: 'static' },
];
const address = (ip: string): ConfigPath => [
  { name: 'interfaces' },
  { name: 'interface', key: 'ae0' },
  { name: 'unit', key: '1025' },
  { name: 'family' },
  { name: 'inet' },
  { name: 'address', key: ip },
];

beforeAll(async () => {
  await lockRouters();
  await resetRouters();
  await world.start();
  await world.spawnProvisioner();
  await seed.through('subnet');
  await seed.until('vpn_interface', seed.id('vpn_interface'), orchestration('CREATE_COMPLETE'));
}, 240_000);
afterAll(async () => {
  await world.close();
  await resetRouters(false);
  releaseRouters();
}, 60_000);

describe('When the provisioner is killed between the primary and the secondary commit', () => {
  it('should converge both routers after a restart', async () => {
    const holder = await openSimSession('mx1'); // holds MX-1's candidate: the secondary must wait
    await holder.rpc('<lock><target><candidate/></target></lock>');
    await seed.through('gw_interface');
    await waitFor(async () => nodeAt(await runningTree('mx2'), address('172.16.101.152/24')) !== undefined, {
      timeoutMs: 30_000,
      message: 'the primary (MX-2) to commit the gw_interface',
    });
    expect(nodeAt(await runningTree('mx1'), address('172.16.101.153/24'))).toBeUndefined();
    await world.child!.kill();
    // The primary's confirmed commit dies with the provisioner's session: MX-2 reverts by itself.
    await waitFor(async () => nodeAt(await runningTree('mx2'), address('172.16.101.152/24')) === undefined, {
      timeoutMs: 30_000,
      message: 'MX-2 to roll back the unconfirmed commit',
    });
    await holder.rpc('<unlock><target><candidate/></target></unlock>');
    await holder.close();

    await world.spawnProvisioner();
    const gw = seed.id('gw_interface');
    await seed.until('gw_interface', gw, orchestration('CREATE_COMPLETE'), 60_000);
    const { ports } = await seed.childrenOf(gw);
    for (const port of ports) await seed.until('port', port, (s) => s['attached'] === true);
    expect(await runningTree('mx1')).toEqual(
      withoutSubtrees(goldenTree('mx1', seed.secrets.bgpMd5), [ROUTES]),
    );
    expect(await runningTree('mx2')).toEqual(
      withoutSubtrees(goldenTree('mx2', seed.secrets.bgpMd5), [ROUTES]),
    );
  });
});
