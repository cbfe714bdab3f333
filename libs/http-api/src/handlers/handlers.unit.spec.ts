// Handlers over loopback HTTP with the in-memory backend: nested URLs, tenancy and policies,
// commands (idempotent retry, timeouts, sealed secrets), history and schema discovery.
import { loopbackApi } from '../../test/loopback';
import { DEMO_TENANT_ID, OTHER_TENANT_ID } from '../auth/tokens';

const { api, backend } = loopbackApi({
  sealSecrets: (schema, body) =>
    Object.fromEntries(
      Object.entries(body).map(([k, v]) => [
        k,
        schema.schema.properties[k]?.secret ? `sealed(${String(v)})` : v,
      ]),
    ),
});

async function createNetwork(
  token = 'demo_token',
  body: object = { name: 'n' },
): Promise<Record<string, unknown>> {
  const res = await api.request('POST', '/v2.0/networks', { token, body });
  expect(res.status).toBe(201);
  return res.json.network;
}

describe('nested URLs', () => {
  it('should create through the parent URL, taking the parent id from it', async () => {
    const net = await createNetwork();
    const res = await api.request('POST', `/v2.0/networks/${net.id as string}/ports`, {
      token: 'demo_token',
      body: { port: { name: 'p' } },
    });
    expect(res.status).toBe(201);
    expect(res.json.port).toMatchObject({ name: 'p', network_id: net.id, tenant_id: DEMO_TENANT_ID });
  });
  it('should take the parent id from the query on the short URL', async () => {
    const net = await createNetwork();
    const res = await api.request('POST', `/v2.0/ports?network_id=${net.id as string}`, {
      token: 'demo_token',
      body: { name: 'q' },
    });
    expect(res.json.port.network_id).toBe(net.id);
  });
  it('should list only the children of the parent in the URL', async () => {
    const [a, b] = [await createNetwork(), await createNetwork()];
    await api.request('POST', `/v2.0/networks/${a.id as string}/ports`, {
      token: 'demo_token',
      body: { name: 'a' },
    });
    await api.request('POST', `/v2.0/networks/${b.id as string}/ports`, {
      token: 'demo_token',
      body: { name: 'b' },
    });
    const res = await api.request('GET', `/v2.0/networks/${a.id as string}/ports`, { token: 'demo_token' });
    expect(res.json.ports.map((p: { name: string }) => p.name)).toEqual(['a']);
    expect(res.headers.get('x-total-count')).toBe('1');
  });
});

describe('tenancy and policies', () => {
  it('should fill tenant_id from the token', async () => {
    expect((await createNetwork('power_user_token')).tenant_id).toBe(OTHER_TENANT_ID);
  });
  it("should refuse a member naming another tenant's id with 401", async () => {
    const res = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'x', tenant_id: OTHER_TENANT_ID },
    });
    expect({ status: res.status, body: res.json }).toEqual({
      status: 401,
      body: { error: 'Operating on resources from other tenant is prohibited' },
    });
  });
  it('should let the admin create in another tenant', async () => {
    expect((await createNetwork('admin_token', { name: 'x', tenant_id: OTHER_TENANT_ID })).tenant_id).toBe(
      OTHER_TENANT_ID,
    );
  });
  it('should hide blacklisted properties and refuse them in a body with 401', async () => {
    const net = await createNetwork('admin_token', {
      name: 'x',
      internal_note: 'ops only',
      tenant_id: DEMO_TENANT_ID,
    });
    const show = await api.request('GET', `/v2.0/networks/${net.id as string}`, { token: 'demo_token' });
    expect(show.json.network).not.toHaveProperty('internal_note');
    const res = await api.request('PATCH', `/v2.0/networks/${net.id as string}`, {
      token: 'demo_token',
      body: { internal_note: 'x' },
    });
    expect({ status: res.status, body: res.json }).toEqual({
      status: 401,
      body: { error: 'internal_note is prohibited for this user' },
    });
  });
  it("should answer 404 to a member deleting or PUTting another tenant's resource", async () => {
    const net = await createNetwork('power_user_token');
    expect(
      (await api.request('DELETE', `/v2.0/networks/${net.id as string}`, { token: 'demo_token' })).status,
    ).toBe(404);
    expect(
      (
        await api.request('PUT', `/v2.0/networks/${net.id as string}`, {
          token: 'demo_token',
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('writes and the decider', () => {
  it('should answer 504 with the command id when no outcome arrives in time', async () => {
    backend.hang = true;
    try {
      const res = await api.request('POST', '/v2.0/networks', {
        token: 'demo_token',
        body: { name: 'late' },
      });
      expect(res.status).toBe(504);
      const commandId = res.headers.get('x-command-id')!;
      expect(res.json.error).toContain(commandId);
    } finally {
      backend.hang = false;
    }
  });
  it('should pass X-Command-Id through, so a retry is answered with the first decision', async () => {
    const headers = { 'X-Command-Id': 'retry-test-1' };
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
    const command = backend.sent.at(-1)!;
    expect(command.meta).toMatchObject({
      command_id: 'retry-test-1',
      actor: { user_name: 'demo', tenant_id: DEMO_TENANT_ID, roles: ['Member'], is_admin: false },
    });
    expect(command.meta.ids).toHaveLength(8);
    for (const mac of command.meta.macs) expect(mac).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
  });
  it('should answer a read whose consistency token is not reached in time with 504', async () => {
    const res = await api.request('GET', '/v2.0/networks', {
      token: 'demo_token',
      headers: { 'X-Consistency-Token': 'memory:0:999999' },
    });
    expect(res.status).toBe(504);
  });
});

describe('history', () => {
  it("should list the resource's events with actor, time and command id", async () => {
    const net = await createNetwork();
    await api.request('PATCH', `/v2.0/networks/${net.id as string}`, {
      token: 'demo_token',
      body: { name: 'v2' },
    });
    const res = await api.request('GET', `/v2.0/networks/${net.id as string}/history`, {
      token: 'demo_token',
    });
    expect(res.status).toBe(200);
    expect(res.json.history).toEqual([
      expect.objectContaining({
        event_type: 'networkCreated',
        version: 1,
        user_name: 'demo',
        command_id: expect.any(String),
        occurred_at: expect.any(String),
      }),
      expect.objectContaining({
        event_type: 'networkUpdated',
        version: 2,
        data: { changes: { name: 'v2' } },
      }),
    ]);
    expect(
      (await api.request('GET', `/v2.0/networks/${net.id as string}/history`, { token: 'power_user_token' }))
        .status,
    ).toBe(404);
  });
  it('should never show a secret in the history', async () => {
    const res = await api.request('POST', '/v2.0/devices', {
      token: 'admin_token',
      body: { ip: '10.0.0.9', password: 'pw' },
    });
    const history = await api.request('GET', `/v2.0/devices/${res.json.device.id as string}/history`, {
      token: 'admin_token',
    });
    expect(JSON.stringify(history.json)).not.toContain('"pw"');
  });
});

describe('schema discovery', () => {
  it('should list the schemas the caller may read, trimmed by its policy', async () => {
    const res = await api.request('GET', '/gohan/v0.1/schemas', { token: 'demo_token' });
    expect(res.status).toBe(200);
    expect(res.json.schemas.map((s: { id: string }) => s.id)).toEqual(['network', 'port', 'tag']);
    const network = res.json.schemas[0];
    expect(network).toMatchObject({
      id: 'network',
      plural: 'networks',
      singular: 'network',
      url: '/v2.0/networks',
      prefix: '/v2.0',
      parent: '',
    });
    expect(network.schema.permission).toEqual(['create', 'read', 'update', 'delete']);
    expect(network.schema.properties).not.toHaveProperty('internal_note');
    expect(res.headers.get('x-total-count')).toBe('3');
  });
  it('should show one schema, or 404 when unknown or not readable', async () => {
    expect(
      (await api.request('GET', '/gohan/v0.1/schemas/device', { token: 'admin_token' })).json.schema.id,
    ).toBe('device');
    expect((await api.request('GET', '/gohan/v0.1/schemas/device', { token: 'demo_token' })).status).toBe(
      404,
    );
    expect((await api.request('GET', '/gohan/v0.1/schemas/nope', { token: 'admin_token' })).status).toBe(404);
  });
});

describe('decider-side tenancy', () => {
  it('should let a member change its resource right after creating it (no read-model lookup)', async () => {
    const net = await createNetwork();
    const res = await api.request('PATCH', `/v2.0/networks/${net.id as string}`, {
      token: 'demo_token',
      body: { name: 'at once' },
    });
    expect({ status: res.status, name: res.json.network.name }).toEqual({ status: 200, name: 'at once' });
  });
  it('should answer 403 when the caller may read the resource but not delete it', async () => {
    const tag = await api.request('POST', '/v2.0/tags', { token: 'power_user_token', body: { name: 't' } });
    const id = tag.json.tag.id as string;
    expect((await api.request('GET', `/v2.0/tags/${id}`, { token: 'demo_token' })).status).toBe(200);
    const res = await api.request('DELETE', `/v2.0/tags/${id}`, { token: 'demo_token' });
    expect({ status: res.status, body: res.json }).toEqual({ status: 403, body: { error: '' } });
  });
});

describe('secrets', () => {
  it('should seal secrets before publishing and never return them', async () => {
    const res = await api.request('POST', '/v2.0/devices', {
      token: 'admin_token',
      body: { ip: '10.0.0.2', password: 'clear' },
    });
    expect(res.status).toBe(201);
    expect(res.json.device).not.toHaveProperty('password');
    expect(backend.sent.at(-1)!).toMatchObject({
      kind: 'create',
      body: { ip: '10.0.0.2', password: 'sealed(clear)' },
    });
  });
});
