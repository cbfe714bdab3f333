// A pair change is all-or-nothing (DOMAIN.md §10.6): a vpn_gateway whose secondary downlink has a
// name only the secondary refuses (longer than the 255 characters an interface name may have)
// is committed on the primary (a confirmed commit), refused by the secondary with an rpc-error,
// and the primary is rolled back. An rpc-error is not retried: one attempt, then CREATE_FAILED,
// status ERROR and the router's message.
import { ProvisioningWorld } from './world';
import { Seed, baseTree, fixtureId, resetRouters, runningTree } from './seed';
import { lockRouters, releaseRouters } from './router-lock';

jest.setTimeout(120_000);

const world = new ProvisioningWorld();
const seed = new Seed(world);
const prepared: string[] = [];
const LONG = `ae${'0'.repeat(300)}`;
const SECONDARY_ROUTER = fixtureId('edge_router', 1); // vMX-router-01 (MX-1)

beforeAll(async () => {
  await lockRouters();
  await resetRouters();
  await world.start();
  await world.startProvisioner({}, { onPrepared: (router, role) => prepared.push(`${router} ${role}`) });
}, 120_000);
afterAll(async () => {
  await world.close();
  await resetRouters(false);
  releaseRouters();
}, 60_000);

describe('When the secondary refuses a change the primary accepted', () => {
  it('should roll the primary back and fail at once with the router and its message', async () => {
    await seed.through('vpn_gateway', (type, body) =>
      type === 'er_physical_interface' &&
      body['device_id'] === seed.ids.get(SECONDARY_ROUTER) &&
      body['name'] === 'ae0'
        ? { ...body, name: LONG }
        : body,
    );
    const id = seed.id('vpn_gateway');
    const shown = await seed.until('vpn_gateway', id, (s) => s['orchestration_state'] === 'CREATE_FAILED');
    expect(shown['status']).toBe('ERROR');
    // The primary had committed (confirmed commit), then was rolled back: both routers as before.
    expect(prepared).toEqual(['vMX-router-02 primary']);
    expect(await runningTree('mx2')).toEqual(baseTree());
    expect(await runningTree('mx1')).toEqual(baseTree());
    // No retry for an rpc-error.
    expect(world.provisioner!.provisioner.scheduler.stats).toMatchObject({
      attempts: 1,
      failed: 1,
      commits: 0,
    });
    // The router's message, in the read model and in the resource's history.
    const row = await world.row('vpn_gateways', id);
    expect(row?.['state_error']).toMatch(/^vMX-router-01: .*invalid-value/);
    const history = await world.client.request('GET', `/v2.0/vpn_gateways/${id}/history`, {
      token: 'admin_token',
    });
    const failed = (history.json.history as { event_type: string; data: Record<string, unknown> }[]).find(
      (e) => e.event_type === 'ProvisioningFailed',
    );
    expect(failed?.data).toMatchObject({ action: 'create', config_version: 1, router: 'vMX-router-01' });
    expect(String(failed?.data['error'])).toMatch(/invalid-value/);
  });
});
