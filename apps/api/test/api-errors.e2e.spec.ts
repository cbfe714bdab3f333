// The API's error paths and command semantics end to end (same world as api.e2e.spec.ts): every
// 4xx of GOHAN_API.md §1.4 the API produces, idempotent retries and the history endpoint.
import { randomUUID } from 'node:crypto';
import { httpClient } from '../../../libs/http-api/test/contract';
import { ApiWorld, consistency, uniqueIp } from './stack';

const world = new ApiWorld();
const api = httpClient(() => world.url);

beforeAll(async () => {
  await world.start();
}, 120_000);
afterAll(async () => {
  await world.close();
}, 60_000);

describe('client errors', () => {
  it('should answer 401 without a token, and with an unknown one', async () => {
    expect(await api.request('GET', '/v2.0/networks')).toMatchObject({
      status: 401,
      json: { error: 'No X-Auth-Token' },
    });
    expect((await api.request('GET', '/v2.0/networks', { token: 'no-such-token' })).status).toBe(401);
  });

  it('should answer bad JSON and a non-object body with 400', async () => {
    const bad = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      rawBody: '{"network": {',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^Failed to parse data: /);
    const list = await api.request('POST', '/v2.0/networks', { token: 'demo_token', body: ['x'] });
    expect(list.json).toEqual({ error: 'Failed to parse data: request body is not a data dictionary' });
  });

  it('should answer a validation failure with 400 naming the field', async () => {
    const res = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'x', plane: 'bogus' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/^Validation error: Json validation error:\n\tplane: /);
    const missing = await api.request('POST', '/v2.0/edge_routers', {
      token: 'admin_token',
      body: { login: 'esi', password: 'x' },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toContain('ip is required');
    const serverManaged = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'x', status: 'ACTIVE' },
    });
    expect(serverManaged.json.error).toContain('Additional property status is not allowed');
  });

  it('should answer an unknown query key and a bad sort order with 400', async () => {
    expect((await api.request('GET', '/v2.0/networks?colour=red', { token: 'demo_token' })).json).toEqual({
      error: 'Unrecognized query parameters: map[colour:[red]]',
    });
    expect((await api.request('GET', '/v2.0/networks?sort_order=up', { token: 'demo_token' })).json).toEqual({
      error: 'Unknown sort order up',
    });
  });

  it('should answer a duplicate unique value with 409', async () => {
    const ip = uniqueIp();
    const first = await api.request('POST', '/v2.0/edge_routers', {
      token: 'admin_token',
      body: { ip, login: 'esi', password: 'x' },
    });
    expect(first.status).toBe(201);
    const second = await api.request('POST', '/v2.0/edge_routers', {
      token: 'admin_token',
      body: { ip, login: 'esi', password: 'x' },
    });
    expect({ status: second.status, body: second.json }).toEqual({
      status: 409,
      body: { error: expect.stringContaining(ip) },
    });
  });

  it('should answer 401 to a member naming another tenant, and to a member touching the inventory', async () => {
    const other = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'x', tenant_id: 'acf5662bbff44060b93ac3db3c25a590' },
    });
    expect(other.json).toEqual({ error: 'Operating on resources from other tenant is prohibited' });
    const inventory = await api.request('POST', '/v2.0/edge_routers', {
      token: 'demo_token',
      body: { ip: uniqueIp(), login: 'a', password: 'b' },
    });
    expect({ status: inventory.status, body: inventory.json }).toEqual({
      status: 401,
      body: { error: 'No matching policy: create /v2.0/edge_routers' },
    });
  });
});

describe('commands', () => {
  it('should answer a retried X-Command-Id with the first decision, applied once', async () => {
    const headers = { 'X-Command-Id': `e2e-retry-${randomUUID()}` };
    const first = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'once' },
      headers,
    });
    const again = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'once' },
      headers,
    });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.json.network.id).toBe(first.json.network.id);
    expect(again.headers.get('x-command-duplicate')).toBe('true');
    const list = await api.request('GET', `/v2.0/networks?id=${first.json.network.id as string}`, {
      token: 'demo_token',
      headers: consistency(again),
    });
    expect(list.headers.get('x-total-count')).toBe('1');
  });

  it("should list a resource's history with actor, time, command id and changes", async () => {
    const created = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'h1' },
    });
    const id = created.json.network.id as string;
    const updated = await api.request('PATCH', `/v2.0/networks/${id}`, {
      token: 'demo_token',
      body: { name: 'h2' },
    });
    expect(updated.status).toBe(200);
    const res = await api.request('GET', `/v2.0/networks/${id}/history`, { token: 'demo_token' });
    expect(res.status).toBe(200);
    expect(res.json.history).toEqual([
      expect.objectContaining({
        event_type: 'NetworkCreated',
        version: 1,
        user_name: 'demo',
        command_id: created.headers.get('x-command-id'),
      }),
      expect.objectContaining({
        event_type: 'NetworkUpdated',
        version: 2,
        command_id: updated.headers.get('x-command-id'),
        data: { changes: { name: 'h2' } },
      }),
    ]);
    expect(res.json.history[0].occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(
      (await api.request('GET', `/v2.0/networks/${id}/history`, { token: 'power_user_token' })).status,
    ).toBe(404);
  });
});
