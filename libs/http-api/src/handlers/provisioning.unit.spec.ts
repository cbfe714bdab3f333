// The provisioner's member routes over loopback HTTP: dry-run, drift and sync reach the injected
// ProvisioningControl for a visible resource, with policies and tenancy as for a show.
import type { ResourceSchema } from '@gohan-es/domain';
import { loopbackApi } from '../../test/loopback';
import type { ProvisioningControl } from '../ports';

const calls: string[] = [];
const control: ProvisioningControl = {
  config: async (schema: ResourceSchema, id: string) => {
    calls.push(`config ${schema.id} ${id}`);
    return { routers: [{ role: 'primary', text: '[edit]' }] };
  },
  drift: async (schema, id) => (calls.push(`drift ${schema.id} ${id}`), { routers: [] }),
  sync: async (schema, id) =>
    id === 'unknown' ? undefined : (calls.push(`sync ${schema.id} ${id}`), { ok: true }),
};
const { api } = loopbackApi({ provisioning: control });
const bare = loopbackApi();

async function network(token = 'admin_token'): Promise<string> {
  const res = await api.request('POST', '/v2.0/networks', { token, body: { name: 'n' } });
  expect(res.status).toBe(201);
  return res.json.network.id as string;
}

describe('provisioning routes', () => {
  describe('When the admin asks about a visible resource', () => {
    it('should answer the dry-run, the drift and the sync of the provisioner', async () => {
      const id = await network();
      const config = await api.request('GET', `/v2.0/networks/${id}/config`, { token: 'admin_token' });
      expect({ status: config.status, body: config.json }).toEqual({
        status: 200,
        body: { config: { routers: [{ role: 'primary', text: '[edit]' }] } },
      });
      expect((await api.request('GET', `/v2.0/networks/${id}/drift`, { token: 'admin_token' })).json).toEqual(
        {
          drift: { routers: [] },
        },
      );
      const sync = await api.request('POST', `/v2.0/networks/${id}/sync`, { token: 'admin_token', body: {} });
      expect({ status: sync.status, body: sync.json }).toEqual({ status: 200, body: { sync: { ok: true } } });
      expect(calls.slice(-3)).toEqual([`config network ${id}`, `drift network ${id}`, `sync network ${id}`]);
    });
  });

  describe('When the request does not fit', () => {
    it('should refuse the wrong method with 405 and Allow', async () => {
      const id = await network();
      const res = await api.request('POST', `/v2.0/networks/${id}/config`, {
        token: 'admin_token',
        body: {},
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    });
    it('should answer 404 for a resource that is not there or not visible', async () => {
      expect((await api.request('GET', '/v2.0/networks/nope/config', { token: 'admin_token' })).status).toBe(
        404,
      );
    });
    it('should leave router configuration to the admin under the default policies', async () => {
      const id = await network('demo_token');
      expect((await api.request('GET', `/v2.0/networks/${id}/config`, { token: 'demo_token' })).status).toBe(
        401,
      );
    });
    it('should answer 404 when the provisioner does not know the resource or is not wired', async () => {
      const res = await bare.api.request('POST', '/v2.0/networks', {
        token: 'admin_token',
        body: { name: 'n' },
      });
      const id = res.json.network.id as string;
      expect(
        (await bare.api.request('GET', `/v2.0/networks/${id}/drift`, { token: 'admin_token' })).json,
      ).toEqual({
        error: 'Provisioning is not available',
      });
    });
  });
});
