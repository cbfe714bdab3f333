// The API over loopback HTTP with an in-memory backend standing in for the decider and the read
// model: the contract tests of test/contract.ts plus the request-level cases (auth, bodies,
// routing). No Kafka or Postgres here; apps/api/test/api.e2e.spec.ts runs the same contract against
// the real stack. handlers/handlers.unit.spec.ts covers nesting, tenancy, commands and history.
import { describeResourceApi } from '../test/contract';
import { loopbackApi } from '../test/loopback';

const { api, backend, deps } = loopbackApi();

describeResourceApi(
  {
    plural: 'networks',
    singular: 'network',
    createData: () => ({ name: 'net', shared: false }),
    updateData: { name: 'renamed' },
    ownerToken: 'demo_token',
    stranger: { token: 'power_user_token', status: 404 },
  },
  () => api,
);
describeResourceApi(
  {
    plural: 'devices',
    singular: 'device',
    createData: () => ({ name: 'mx', ip: '10.0.0.1', password: 'secret' }),
    updateData: { password: 'new-secret' },
    secrets: ['password'],
    stranger: { token: 'demo_token', status: 401 },
  },
  () => api,
);

describe('authentication', () => {
  it('should answer a request without a token with 401 No X-Auth-Token', async () => {
    const res = await api.request('GET', '/v2.0/networks');
    expect({ status: res.status, body: res.json }).toEqual({
      status: 401,
      body: { error: 'No X-Auth-Token' },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
  it('should refuse an unknown token with 401', async () => {
    expect((await api.request('GET', '/v2.0/networks', { token: 'nope' })).status).toBe(401);
  });
  it('should accept the Auth-Token cookie', async () => {
    expect(
      (await api.request('GET', '/v2.0/networks', { headers: { Cookie: 'Auth-Token=demo_token' } })).status,
    ).toBe(200);
  });
  it('should answer a role without policy with 401 No matching policy', async () => {
    const res = await api.request('GET', '/v2.0/networks', { token: 'visible_token' });
    expect({ status: res.status, body: res.json }).toEqual({
      status: 401,
      body: { error: 'No matching policy: read /v2.0/networks' },
    });
  });
  it('should answer OPTIONS without a token', async () => {
    const res = await api.request('OPTIONS', '/v2.0/networks');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Auth-Token');
  });
});

describe('request bodies', () => {
  it('should check the policy before reading the body', async () => {
    const res = await api.request('POST', '/v2.0/devices', { token: 'demo_token', rawBody: '{' });
    expect({ status: res.status, body: res.json }).toEqual({
      status: 401,
      body: { error: 'No matching policy: create /v2.0/devices' },
    });
  });
  it('should answer bad JSON with 400 Failed to parse data', async () => {
    const res = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      rawBody: '{"network": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/^Failed to parse data: /);
  });
  it('should answer a body that is not an object with 400', async () => {
    const res = await api.request('POST', '/v2.0/networks', { token: 'demo_token', body: [1, 2] });
    expect({ status: res.status, body: res.json }).toEqual({
      status: 400,
      body: { error: 'Failed to parse data: request body is not a data dictionary' },
    });
  });
  it('should answer a body over the limit with 413', async () => {
    const res = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { name: 'x'.repeat(2000) },
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: expect.stringContaining('1024 bytes') });
  });
  it('should not publish a body that fails validation', async () => {
    const before = backend.sent.length;
    const res = await api.request('POST', '/v2.0/networks', {
      token: 'demo_token',
      body: { status: 'ACTIVE' },
    });
    expect({ status: res.status, body: res.json }).toEqual({
      status: 400,
      body: {
        error:
          'Validation error: Json validation error:\n\t(root): Additional property status is not allowed,',
      },
    });
    expect(backend.sent.length).toBe(before);
  });
});

describe('routing', () => {
  it('should serve .json URLs and trailing slashes', async () => {
    const net = (await api.request('POST', '/v2.0/networks', { token: 'demo_token', body: { name: 'n' } }))
      .json.network;
    expect(
      (await api.request('GET', `/v2.0/networks/${net.id as string}.json`, { token: 'demo_token' })).json
        .network.id,
    ).toBe(net.id);
    expect((await api.request('GET', '/v2.0/networks/', { token: 'demo_token' })).status).toBe(200);
  });
  it('should answer an unrouted path with 404 after authentication, and 401 before', async () => {
    expect(await api.request('GET', '/v2.0/nothing', { token: 'demo_token' })).toMatchObject({
      status: 404,
      json: { error: '404 page not found' },
    });
    expect((await api.request('GET', '/v2.0/nothing')).status).toBe(401);
  });
  it('should answer a method the route lacks with 405 and Allow', async () => {
    const res = await api.request('DELETE', '/v2.0/networks', { token: 'demo_token' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});

describe('unexpected failures', () => {
  it('should answer 500 with an empty message and log the cause', async () => {
    const list = backend.list;
    backend.list = () => Promise.reject(new Error('connection refused to 10.0.0.1:5432'));
    try {
      const res = await api.request('GET', '/v2.0/networks', { token: 'demo_token' });
      expect({ status: res.status, body: res.json }).toEqual({ status: 500, body: { error: '' } });
      expect(deps.log.error).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.any(Error), path: '/v2.0/networks' }),
        'request failed',
      );
    } finally {
      backend.list = list;
    }
  });
});
