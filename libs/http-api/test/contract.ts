// Generic contract tests (STYLE.md #13): `describeResourceApi({plural, createData, updateData})`
// generates the CRUD, envelope, tenancy, 404, 412 and validation tests of one resource type over
// real HTTP. The unit tier runs it against an in-memory backend, the e2e tier against the stack.
import { randomUUID } from 'node:crypto';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiClient {
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
}

export function httpClient(baseUrl: () => string): ApiClient {
  return {
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token !== undefined) headers['X-Auth-Token'] = options.token;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['Content-Type'] = 'application/json';
      }
      const response = await fetch(`${baseUrl()}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
}

export interface ResourceApiSpec {
  plural: string;
  singular: string;
  /** A valid create body; a function so that unique values differ between calls. */
  createData: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** A valid PATCH body (properties with `update` permission). */
  updateData: Record<string, unknown>;
  /** Who creates and owns the test resources (default admin_token). */
  ownerToken?: string;
  /** A caller of another tenant, and what it gets on show: 404 under is_owner, 401 without any policy. */
  stranger?: { token: string; status: 401 | 404 };
  /** Properties that are write-only (never in a response). */
  secrets?: string[];
  /** False for types whose DELETE only marks the resource (it stays visible until deprovisioned). */
  deleteRemoves?: boolean;
}

/** Properties of `data` that a response must echo (secrets excluded). */
function echoed(data: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !secrets.includes(k)));
}

export function describeResourceApi(spec: ResourceApiSpec, client: () => ApiClient): void {
  const { plural, singular } = spec;
  const owner = spec.ownerToken ?? 'admin_token';
  const secrets = spec.secrets ?? [];
  const base = `/v2.0/${plural}`;

  describe(`${plural} API contract`, () => {
    let created: Record<string, unknown>;
    let token = '';
    const api = () => client();
    const read = (path: string, as = owner) =>
      api().request('GET', path, { token: as, headers: token ? { 'X-Consistency-Token': token } : {} });
    const remember = (headers: Headers) => {
      token = headers.get('x-consistency-token') ?? token;
    };

    it('should create with POST (201) and echo the resource in its envelope', async () => {
      const data = await spec.createData();
      const res = await api().request('POST', base, { token: owner, body: data });
      expect({ status: res.status, body: res.json }).toEqual({
        status: 201,
        body: { [singular]: expect.objectContaining(echoed(data, secrets)) },
      });
      created = res.json[singular];
      expect(created.id).toEqual(expect.any(String));
      expect(created.tenant_id).toMatch(/^[0-9a-f]{32}$/);
      for (const secret of secrets) expect(created).not.toHaveProperty(secret);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('x-command-id')).toEqual(expect.any(String));
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      remember(res.headers);
    });

    it('should accept the request envelope too', async () => {
      const data = await spec.createData();
      const res = await api().request('POST', base, { token: owner, body: { [singular]: data } });
      expect(res.status).toBe(201);
      expect(res.json[singular]).toEqual(expect.objectContaining(echoed(data, secrets)));
      remember(res.headers);
    });

    it('should show it (read-your-writes with X-Consistency-Token)', async () => {
      const res = await read(`${base}/${created.id}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        [singular]: expect.objectContaining({ id: created.id, tenant_id: created.tenant_id }),
      });
      for (const secret of secrets) expect(res.json[singular]).not.toHaveProperty(secret);
    });

    it('should list it with X-Total-Count', async () => {
      const res = await read(`${base}?id=${created.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe('1');
      expect(res.json).toEqual({ [plural]: [expect.objectContaining({ id: created.id })] });
    });

    it('should filter the list by each scalar property it was created with', async () => {
      const scalars = Object.entries(created).filter(
        ([key, value]) => !secrets.includes(key) && ['string', 'number', 'boolean'].includes(typeof value),
      );
      expect(scalars.length).toBeGreaterThan(1);
      for (const [key, value] of scalars) {
        const query = new URLSearchParams({ id: String(created.id), [key]: String(value) });
        const res = await read(`${base}?${query.toString()}`);
        expect({ key, status: res.status, count: res.headers.get('x-total-count') }).toEqual({
          key,
          status: 200,
          count: '1',
        });
      }
    });

    it('should update with PATCH (200) and bump the version', async () => {
      const res = await api().request('PATCH', `${base}/${created.id}`, {
        token: owner,
        body: spec.updateData,
        headers: { 'If-Match': '"1"' },
      });
      expect({ status: res.status, body: res.json }).toEqual({
        status: 200,
        body: { [singular]: expect.objectContaining(echoed(spec.updateData, secrets)) },
      });
      expect(res.headers.get('etag')).toBe('"2"');
      remember(res.headers);
    });

    it('should refuse a stale If-Match with 412', async () => {
      const res = await api().request('PATCH', `${base}/${created.id}`, {
        token: owner,
        body: spec.updateData,
        headers: { 'If-Match': '"1"' },
      });
      expect(res.status).toBe(412);
      expect(res.json).toEqual({ error: expect.any(String) });
    });

    it('should update with PUT when the resource exists (200)', async () => {
      const res = await api().request('PUT', `${base}/${created.id}`, {
        token: owner,
        body: { [singular]: spec.updateData },
        headers: { 'X-Consistency-Token': token },
      });
      expect(res.status).toBe(200);
      expect(res.json[singular]).toEqual(
        expect.objectContaining({ id: created.id, ...echoed(spec.updateData, secrets) }),
      );
      remember(res.headers);
    });

    it('should create with PUT when the id is new (201)', async () => {
      const id = randomUUID();
      const res = await api().request('PUT', `${base}/${id}`, {
        token: owner,
        body: await spec.createData(),
      });
      expect(res.status).toBe(201);
      expect(res.json[singular].id).toBe(id);
      remember(res.headers);
    });

    if (spec.stranger) {
      const stranger = spec.stranger;
      it(`should answer ${stranger.status} to another tenant and leave the resource out of its list`, async () => {
        const show = await read(`${base}/${created.id}`, stranger.token);
        expect(show.status).toBe(stranger.status);
        expect(show.json).toEqual({ error: expect.any(String) });
        const patch = await api().request('PATCH', `${base}/${created.id}`, {
          token: stranger.token,
          body: spec.updateData,
        });
        expect(patch.status).toBe(stranger.status);
        const list = await read(`${base}?id=${created.id}`, stranger.token);
        if (stranger.status === 404)
          expect({ status: list.status, count: list.headers.get('x-total-count'), body: list.json }).toEqual({
            status: 200,
            count: '0',
            body: { [plural]: [] },
          });
        else expect(list.status).toBe(401);
      });
    }

    it('should answer 404 for an id that does not exist', async () => {
      const missing = `${base}/${randomUUID()}`;
      const show = await read(missing);
      expect({ status: show.status, body: show.json }).toEqual({
        status: 404,
        body: { error: 'Resource not found' },
      });
      expect((await api().request('PATCH', missing, { token: owner, body: spec.updateData })).status).toBe(
        404,
      );
      expect((await api().request('DELETE', missing, { token: owner })).status).toBe(404);
    });

    it('should refuse an unknown property with 400 naming it', async () => {
      const res = await api().request('POST', base, {
        token: owner,
        body: { ...(await spec.createData()), no_such_field: 1 },
      });
      expect(res.status).toBe(400);
      expect(res.json.error).toContain('no_such_field');
    });

    it('should refuse an unknown query key with 400', async () => {
      const res = await read(`${base}?no_such_key=1`);
      expect({ status: res.status, body: res.json }).toEqual({
        status: 400,
        body: { error: expect.stringContaining('no_such_key') },
      });
    });

    it('should delete with 204 and an empty body', async () => {
      const res = await api().request('DELETE', `${base}/${created.id}`, { token: owner });
      expect({ status: res.status, text: res.text }).toEqual({ status: 204, text: '' });
      remember(res.headers);
      if (spec.deleteRemoves !== false) expect((await read(`${base}/${created.id}`)).status).toBe(404);
    });
  });
}
