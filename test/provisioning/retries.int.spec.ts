// Transient failures (DOMAIN.md §10.6): a router that does not answer is retried with backoff until
// the deadline, then the change fails (the primary, committed meanwhile, rolled back); once the
// router is back, re-applying the failed resource (POST .../sync) succeeds — the ports of a
// re-applied gw_interface are attached then, as in the seed.
import { withoutSubtrees } from '@gohan-es/junos';
import { controlRouter } from '@gohan-es/router-sim';
import { ProvisioningWorld } from './world';
import { Seed, goldenTree, orchestration, resetRouters, runningTree } from './seed';
import { lockRouters, releaseRouters } from './router-lock';

jest.setTimeout(180_000);

const world = new ProvisioningWorld({
  provisionerEnv: {
    PROVISIONER_RETRY_DEADLINE_MS: '2500',
    PROVISIONER_RETRY_INITIAL_MS: '100',
    PROVISIONER_RETRY_MAX_MS: '400',
    PROVISIONER_CONNECT_TIMEOUT_MS: '2000',
  },
});
const seed = new Seed(world);
const prepared: string[] = [];
const admin = { token: 'admin_token' };
const VRF = { name: 'instance', key: 'vrf_gw_sample-ha-router-downlink_1025' };
const ROUTES = [{ name: 'routing-instances' }, VRF, { name: 'routing-options' }, { name: 'static' }];
beforeAll(async () => {
  await lockRouters();
  await resetRouters();
  await world.start();
  await world.startProvisioner({}, { onPrepared: (router, role) => prepared.push(`${router} ${role}`) });
  await seed.through('subnet');
  await seed.until('vpn_interface', seed.id('vpn_interface'), orchestration('CREATE_COMPLETE'));
}, 180_000);
afterAll(async () => {
  await controlRouter('mx1', 'up').catch(() => undefined);
  await controlRouter('mx2', 'up').catch(() => undefined);
  await world.close();
  await resetRouters(false);
  releaseRouters();
}, 60_000);

const stats = () => world.provisioner!.provisioner.scheduler.stats;
const historyOf = async (plural: string, id: string) =>
  ((await world.client.request('GET', `/v2.0/${plural}/${id}/history`, admin)).json.history ?? []) as {
    event_type: string;
    data: Record<string, unknown>;
  }[];

describe('When the secondary stops answering during a gw_interface create', () => {
  it('should retry until the deadline, roll the primary back each time, then fail naming the secondary', async () => {
    const before = await runningTree('mx2');
    const attempts = stats().attempts;
    await controlRouter('mx1', 'down');
    prepared.length = 0;
    await seed.through('gw_interface');
    const gw = seed.id('gw_interface');
    const shown = await seed.until('gw_interface', gw, orchestration('CREATE_FAILED'), 30_000);
    expect(shown['status']).toBe('ERROR');
    expect(stats().attempts - attempts).toBeGreaterThan(1);
    expect(prepared.length).toBeGreaterThan(0);
    expect(prepared.every((p) => p === 'vMX-router-02 primary')).toBe(true);
    expect(await runningTree('mx2')).toEqual(before);
    const { ports, elps } = await seed.childrenOf(gw);
    for (const child of [...ports.map((p) => ['port', p]), ...elps.map((e) => ['ese_logical_port', e])])
      await seed.until(child[0]!, child[1]!, orchestration('CREATE_FAILED'));
    const failed = (await historyOf('gw_interfaces', gw)).find((e) => e.event_type === 'ProvisioningFailed');
    expect(failed?.data).toMatchObject({ action: 'create', router: 'vMX-router-01' });
  });

  it('should succeed when the failed gw_interface is re-applied after the router is back', async () => {
    await controlRouter('mx1', 'up');
    const gw = seed.id('gw_interface');
    const res = await world.client.request('POST', `/v2.0/gw_interfaces/${gw}/sync`, admin);
    expect(res.status).toBe(200);
    expect(res.json.sync).toMatchObject({ ok: true });
    const golden = {
      mx1: goldenTree('mx1', seed.secrets.bgpMd5),
      mx2: goldenTree('mx2', seed.secrets.bgpMd5),
    };
    expect(await runningTree('mx1')).toEqual(withoutSubtrees(golden.mx1, [ROUTES]));
    expect(await runningTree('mx2')).toEqual(withoutSubtrees(golden.mx2, [ROUTES]));
    const results = (await historyOf('gw_interfaces', gw)).map(
      (e) => `${e.event_type} ${String(e.data['action'])}`,
    );
    expect(results.slice(-2)).toEqual(['ProvisioningStarted create', 'ProvisioningSucceeded create']);
    // The read model follows the re-apply of the failed version: CREATE_FAILED/ERROR → CREATE_COMPLETE.
    const done = await seed.until('gw_interface', gw, orchestration('CREATE_COMPLETE'));
    expect(done['status']).not.toBe('ERROR');
    // The ELPs' success attaches the ports (PortAttached, version 2), which complete with it.
    const { ports } = await seed.childrenOf(gw);
    for (const port of ports)
      await seed.until(
        'port',
        port,
        (s) => s['attached'] === true && s['orchestration_state'] === 'UPDATE_COMPLETE',
      );
  });
});

describe('When the primary is down during a static_route create', () => {
  it('should retry, fail naming the primary, and succeed on re-apply once it is back', async () => {
    const attempts = stats().attempts;
    await controlRouter('mx2', 'down');
    await seed.through('static_route');
    const route = seed.id('static_route');
    const shown = await seed.until('static_route', route, orchestration('CREATE_FAILED'), 30_000);
    expect(shown['status']).toBe('ERROR');
    expect(stats().attempts - attempts).toBeGreaterThan(1);
    const row = await world.row('static_routes', route);
    expect(String(row?.['state_error'])).toMatch(/^vMX-router-02: /);
    await controlRouter('mx2', 'up');
    const res = await world.client.request('POST', `/v2.0/static_routes/${route}/sync`, admin);
    expect(res.json.sync).toMatchObject({ ok: true });
    expect(await runningTree('mx1')).toEqual(goldenTree('mx1', seed.secrets.bgpMd5));
    expect(await runningTree('mx2')).toEqual(goldenTree('mx2', seed.secrets.bgpMd5));
    const done = await seed.until('static_route', route, orchestration('CREATE_COMPLETE'));
    expect(done['status']).toBe('ACTIVE');
    expect((await world.row('static_routes', route))?.['state_error']).toBeNull();
  });
});
