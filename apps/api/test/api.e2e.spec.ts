// The API end to end over HTTP against the real stack (Kafka, schema registry, Postgres): the API
// process in-process (decider + command bus + Koa on a free port) and a projector loop beside it,
// with topics and a read-model schema of their own. Reads after writes send the write's
// X-Consistency-Token, so nothing here sleeps: every wait is bounded by a deadline.
import { randomUUID } from 'node:crypto';
import { describeResourceApi, httpClient } from '../../../libs/http-api/test/contract';
import { ApiWorld, consistency, uniqueIp } from './stack';

const DEMO = 'fc394f2ab2df4114bde39905f800dc57';
const world = new ApiWorld();
const api = httpClient(() => world.url);

beforeAll(async () => {
  await world.start();
}, 120_000);
afterAll(async () => {
  await world.close();
}, 60_000);

describeResourceApi(
  {
    plural: 'networks',
    singular: 'network',
    createData: () => ({ name: `net-${randomUUID().slice(0, 8)}`, plane: 'data' }),
    updateData: { name: 'renamed', admin_state_up: false },
    ownerToken: 'demo_token',
    stranger: { token: 'power_user_token', status: 404 },
  },
  () => api,
);

describeResourceApi(
  {
    plural: 'edge_routers',
    singular: 'edge_router',
    createData: () => ({
      name: 'MX80',
      ip: uniqueIp(),
      login: 'esi',
      password: 'router-secret',
      ssh_port: 830,
    }),
    updateData: { login: 'netconf', password: 'rotated-secret' },
    secrets: ['password'],
    stranger: { token: 'demo_token', status: 401 },
  },
  () => api,
);

describeResourceApi(
  {
    plural: 'ese_devices',
    singular: 'ese_device',
    createData: () => ({ name: 'QFX-NW02', management_ip_address: uniqueIp(), password: 'switch-secret' }),
    updateData: { location: 'rack 4' },
    secrets: ['password'],
    stranger: { token: 'power_user_token', status: 401 },
  },
  () => api,
);

describe('exact bodies', () => {
  it('should create a network (201) and show the same resource from the read model', async () => {
    const created = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { network: { name: 'blue' } },
    });
    const id = created.json.network.id as string;
    const expected = {
      id,
      name: 'blue',
      description: '',
      tenant_id: DEMO,
      plane: 'data',
      admin_state_up: true,
      shared: false,
      subnets: [],
      tags: {},
      status: 'ACTIVE',
      orchestration_state: 'CREATE_COMPLETE',
    };
    expect({ status: created.status, body: created.json }).toEqual({
      status: 201,
      body: { network: expected },
    });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const show = await api.request('GET', `/v2.0/networks/${id}`, {
      token: 'demo_token',
      headers: consistency(created),
    });
    expect({ status: show.status, body: show.json, etag: show.headers.get('etag') }).toEqual({
      status: 200,
      body: { network: expected },
      etag: '"1"',
    });
  });

  it('should never return an edge router password', async () => {
    const created = await api.request('POST', '/v2.0/edge_routers', {
      token: 'admin_token',
      body: { ip: uniqueIp(), login: 'esi', password: 'never-shown' },
    });
    expect(created.status).toBe(201);
    const list = await api.request('GET', '/v2.0/edge_routers', {
      token: 'admin_token',
      headers: consistency(created),
    });
    const history = await api.request(
      'GET',
      `/v2.0/edge_routers/${created.json.edge_router.id as string}/history`,
      { token: 'admin_token' },
    );
    for (const res of [created, list, history]) expect(res.text).not.toContain('never-shown');
  });
});

describe('nested URLs', () => {
  it('should create a subnet through its network and list it there', async () => {
    const net = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'with-subnet' },
    });
    const netId = net.json.network.id as string;
    const subnet = await api.request('POST', `/v2.0/networks/${netId}/subnets`, {
      token: 'demo_token',
      body: { subnet: { cidr: '172.16.101.0/24', enable_dhcp: false } },
      headers: consistency(net),
    });
    expect(subnet.status).toBe(201);
    expect(subnet.json.subnet).toMatchObject({
      network_id: netId,
      cidr: '172.16.101.0/24',
      gateway_ip: '172.16.101.1',
      tenant_id: DEMO,
    });
    const list = await api.request('GET', `/v2.0/networks/${netId}/subnets.json`, {
      token: 'demo_token',
      headers: consistency(subnet),
    });
    expect({ status: list.status, count: list.headers.get('x-total-count') }).toEqual({
      status: 200,
      count: '1',
    });
    expect(list.json.subnets[0].id).toBe(subnet.json.subnet.id);
    const empty = await api.request('GET', `/v2.0/networks/${randomUUID()}/subnets`, { token: 'demo_token' });
    expect({ status: empty.status, body: empty.json }).toEqual({ status: 200, body: { subnets: [] } });
  });

  it('should refuse to delete a network that still has a subnet with 409', async () => {
    const net = await api.request('POST', '/v2.0/networks', { token: 'demo_token', body: { name: 'busy' } });
    const netId = net.json.network.id as string;
    const subnet = await api.request('POST', '/v2.0/subnets', {
      token: 'demo_token',
      body: { network_id: netId, cidr: '10.1.0.0/24', enable_dhcp: false },
    });
    expect(subnet.status).toBe(201);
    const del = await api.request('DELETE', `/v2.0/networks/${netId}`, {
      token: 'demo_token',
      headers: consistency(subnet),
    });
    expect({ status: del.status, body: del.json }).toEqual({
      status: 409,
      body: { error: expect.any(String) },
    });
  });
});

describe('schema discovery', () => {
  it('should show members the schemas they may read, with their permissions', async () => {
    const res = await api.request('GET', '/gohan/v0.1/schemas', { token: 'demo_token' });
    const ids = res.json.schemas.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['network', 'subnet', 'gw_interface', 'vpn_service', 'port']));
    expect(ids).not.toContain('edge_router');
    const port = res.json.schemas.find((s: { id: string }) => s.id === 'port');
    expect(port.schema.permission).toEqual(['read']);
    const admin = await api.request('GET', '/gohan/v0.1/schemas/edge_router', { token: 'admin_token' });
    expect(admin.json.schema).toMatchObject({
      id: 'edge_router',
      plural: 'edge_routers',
      url: '/v2.0/edge_routers',
    });
  });
});

describe('operations endpoints', () => {
  it('should serve /healthz and /readyz without a token', async () => {
    expect((await api.request('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await api.request('GET', '/readyz')).status).toBe(200);
  });
});
