import { DEVELOPMENT_SECRETS_KEY } from '@gohan-es/config';
import type { ResourceRecord } from '@gohan-es/domain';
import { encryptSecret } from '@gohan-es/events';
import { edgeRouterEndpoint, parseRouterAliases, routerName } from './endpoints';

const record = (body: Record<string, unknown>): ResourceRecord =>
  ({
    resource_type: 'edge_router',
    id: 'r1',
    tenant_id: 't',
    version: 1,
    marked_for_deletion: false,
    body,
  }) as ResourceRecord;
const settings = { secretsKey: DEVELOPMENT_SECRETS_KEY };
const router = {
  name: 'vMX-router-02',
  ip: '127.0.0.12',
  ssh_port: 8830,
  login: 'esi',
  password: encryptSecret('esi', DEVELOPMENT_SECRETS_KEY),
};

describe('edgeRouterEndpoint', () => {
  it('should connect to ip:ssh_port as login, with the password decrypted', () => {
    expect(edgeRouterEndpoint(record(router), settings)).toEqual({
      endpoint: {
        key: 'esi@127.0.0.12:8830',
        host: '127.0.0.12',
        port: 8830,
        username: 'esi',
        password: 'esi',
      },
    });
  });

  it('should follow an alias of the inventory address', () => {
    const aliases = parseRouterAliases('10.79.5.185=127.0.0.12:8830, 10.79.5.184=127.0.0.11:8830');
    const found = edgeRouterEndpoint(record({ ...router, ip: '10.79.5.185', ssh_port: 830 }), {
      ...settings,
      aliases,
    });
    expect(found).toMatchObject({ endpoint: { key: 'esi@127.0.0.12:8830', host: '127.0.0.12', port: 8830 } });
  });

  it('should say why when the password cannot be decrypted (never echoing it)', () => {
    const other = '00'.repeat(32);
    expect(edgeRouterEndpoint(record(router), { secretsKey: other })).toEqual({
      error: 'edge_router r1: cannot decrypt its password',
    });
  });

  it('should refuse an alias table entry that is not ip=host:port', () => {
    expect(() => parseRouterAliases('10.0.0.1=host')).toThrow(
      'router alias "10.0.0.1=host" is not ip=host:port',
    );
  });

  it('should name a router by its name, else its ip, else its id', () => {
    expect([
      routerName(record(router), 'r1'),
      routerName(record({ ip: '1.2.3.4' }), 'r1'),
      routerName(undefined, 'r1'),
    ]).toEqual(['vMX-router-02', '1.2.3.4', 'r1']);
  });
});
