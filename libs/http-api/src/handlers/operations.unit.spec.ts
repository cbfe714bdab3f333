// The alerts and usage endpoints over loopback HTTP with the built-in policies and a recording
// source standing in for the monitoring and billing read side.
import { loopbackApi } from '../../test/loopback';
import { DEMO_TENANT_ID, OTHER_TENANT_ID } from '../auth/tokens';
import { defaultPolicySet } from '../policy';
import type { AlertFilter, OperationsSource, ReadScope, UsageFilter } from '../ports';

const calls: { op: string; filter?: AlertFilter | UsageFilter; id?: string; scope: ReadScope }[] = [];
const alert = {
  alert_id: 'e-4',
  tenant_id: DEMO_TENANT_ID,
  kind: 'operational',
  condition: 'DOWN',
  state: 'open',
};
const source: OperationsSource = {
  alerts: {
    list: async (filter, scope) => {
      calls.push({ op: 'alerts.list', filter, scope });
      return { items: [alert], total: 7 };
    },
    show: async (id, scope) => {
      calls.push({ op: 'alerts.show', id, scope });
      return id === 'e-4' ? alert : undefined;
    },
  },
  usage: {
    report: async (filter, scope) => {
      calls.push({ op: 'usage.report', filter, scope });
      return { period_start: filter.period_start, lines: [] };
    },
    records: async (filter, scope) => {
      calls.push({ op: 'usage.records', filter, scope });
      return [{ record_id: 'e-1' }];
    },
  },
};

const { api } = loopbackApi({
  policies: defaultPolicySet(),
  operations: source,
  clock: () => new Date('2018-04-16T12:00:00.000Z'),
});

beforeEach(() => {
  calls.length = 0;
});

describe('GET /v2.0/alerts', () => {
  it("should list the member's own tenant's alerts with the filters and X-Total-Count", async () => {
    const res = await api.request('GET', '/v2.0/alerts?state=open&resource_type=gw_interface&limit=5', {
      token: 'demo_token',
    });
    expect([res.status, res.json, res.headers.get('x-total-count')]).toEqual([200, { alerts: [alert] }, '7']);
    expect(calls).toEqual([
      {
        op: 'alerts.list',
        filter: {
          state: ['open'],
          kind: [],
          severity: [],
          resource_type: ['gw_interface'],
          resource_id: [],
          limit: 5,
        },
        scope: { kind: 'tenants', tenantIds: [DEMO_TENANT_ID] },
      },
    ]);
  });

  it('should let the admin see every tenant, or narrow with tenant_id', async () => {
    await api.request('GET', '/v2.0/alerts', { token: 'admin_token' });
    await api.request('GET', `/v2.0/alerts?tenant_id=${OTHER_TENANT_ID}`, { token: 'admin_token' });
    expect(calls.map((c) => c.scope)).toEqual([
      { kind: 'all' },
      { kind: 'tenants', tenantIds: [OTHER_TENANT_ID] },
    ]);
  });

  it("should give a member nothing of another tenant's", async () => {
    await api.request('GET', `/v2.0/alerts?tenant_id=${OTHER_TENANT_ID}`, { token: 'demo_token' });
    expect(calls[0]!.scope).toEqual({ kind: 'tenants', tenantIds: [] });
  });

  it('should refuse a bad state or an unknown parameter with 400 {"error"}', async () => {
    const bad = await api.request('GET', '/v2.0/alerts?state=closed', { token: 'demo_token' });
    const unknown = await api.request('GET', '/v2.0/alerts?colour=red', { token: 'demo_token' });
    expect([bad.status, bad.json]).toEqual([400, { error: 'state must be open or resolved' }]);
    expect(unknown.status).toBe(400);
    expect((unknown.json as { error: string }).error).toMatch(/^Unknown query parameter colour/);
  });

  it('should show one alert, or 404', async () => {
    const found = await api.request('GET', '/v2.0/alerts/e-4', { token: 'demo_token' });
    const missing = await api.request('GET', '/v2.0/alerts/nope', { token: 'demo_token' });
    expect([found.status, found.json]).toEqual([200, { alert }]);
    expect([missing.status, missing.json]).toEqual([404, { error: 'Resource not found' }]);
  });

  it('should answer a write with 405 and a caller without policy with 401', async () => {
    const post = await api.request('POST', '/v2.0/alerts', { token: 'demo_token', body: {} });
    const visible = await api.request('GET', '/v2.0/alerts', { token: 'visible_token' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect([visible.status, visible.json]).toEqual([401, { error: 'No matching policy: read /v2.0/alerts' }]);
  });
});

describe('GET /v2.0/usage', () => {
  it('should report the period for the caller, counting running usage up to now', async () => {
    const res = await api.request(
      'GET',
      '/v2.0/usage?period_start=2018-04-16T00:00:00Z&period_end=2018-04-17T00:00:00Z',
      {
        token: 'demo_token',
      },
    );
    expect([res.status, res.json]).toEqual([
      200,
      { usage: { period_start: '2018-04-16T00:00:00.000Z', lines: [] } },
    ]);
    expect(calls[0]).toEqual({
      op: 'usage.report',
      filter: {
        period_start: '2018-04-16T00:00:00.000Z',
        period_end: '2018-04-17T00:00:00.000Z',
        resource_type: undefined,
        resource_id: undefined,
        as_of: '2018-04-16T12:00:00.000Z',
      },
      scope: { kind: 'tenants', tenantIds: [DEMO_TENANT_ID] },
    });
  });

  it('should require an ISO period that ends after it starts', async () => {
    const missing = await api.request('GET', '/v2.0/usage', { token: 'demo_token' });
    const reversed = await api.request(
      'GET',
      '/v2.0/usage?period_start=2018-04-17T00:00:00Z&period_end=2018-04-16T00:00:00Z',
      {
        token: 'demo_token',
      },
    );
    const garbage = await api.request(
      'GET',
      '/v2.0/usage?period_start=yesterday&period_end=2018-04-16T00:00:00Z',
      {
        token: 'demo_token',
      },
    );
    expect([missing.status, reversed.status, garbage.status]).toEqual([400, 400, 400]);
    expect(reversed.json).toEqual({ error: 'period_end must be after period_start' });
  });

  it('should list the usage records of the period', async () => {
    const res = await api.request(
      'GET',
      '/v2.0/usage_records?period_start=2018-04-16T00:00:00Z&period_end=2018-04-17T00:00:00Z&resource_type=vpn_gateway',
      { token: 'admin_token' },
    );
    expect([res.status, res.json, res.headers.get('x-total-count')]).toEqual([
      200,
      { usage_records: [{ record_id: 'e-1' }] },
      '1',
    ]);
    expect(calls[0]!.scope).toEqual({ kind: 'all' });
  });
});
