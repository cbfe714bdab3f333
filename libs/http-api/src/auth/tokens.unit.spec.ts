import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEMO_TENANT_ID,
  OTHER_TENANT_ID,
  TokenFileError,
  loadTokenStore,
  parseTokenFile,
  tokenFromRequest,
  tokenStore,
} from './tokens';

describe('tokenStore', () => {
  describe('When no token file is configured', () => {
    const store = loadTokenStore(undefined);
    it("should know Gohan's fake Keystone tokens", () => {
      expect(store.verify('admin_token')).toEqual({
        user_name: 'admin',
        tenant_id: DEMO_TENANT_ID,
        tenant_name: 'demo',
        roles: ['admin'],
        is_admin: true,
      });
      expect(store.verify('demo_token')).toEqual({
        user_name: 'demo',
        tenant_id: DEMO_TENANT_ID,
        tenant_name: 'demo',
        roles: ['Member'],
        is_admin: false,
      });
      expect(store.verify('power_user_token')).toMatchObject({
        user_name: 'power_user',
        tenant_id: OTHER_TENANT_ID,
        roles: ['Member'],
      });
    });
    it('should use 32-hex tenant ids', () => {
      expect(DEMO_TENANT_ID).toMatch(/^[0-9a-f]{32}$/);
      expect(OTHER_TENANT_ID).toMatch(/^[0-9a-f]{32}$/);
    });
    it('should not know other tokens', () => {
      expect(store.verify('nope')).toBeUndefined();
    });
  });

  describe('When GOHAN_TOKEN_FILE names a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gohan-tokens-'));
    it('should replace the defaults with its tokens', () => {
      const file = path.join(dir, 'tokens.json');
      writeFileSync(
        file,
        JSON.stringify({
          tokens: { 'ops-secret-1': { user_name: 'ops', tenant_id: 't1', roles: ['admin', 'Member'] } },
        }),
      );
      const store = loadTokenStore(file);
      expect(store.verify('ops-secret-1')).toEqual({
        user_name: 'ops',
        tenant_id: 't1',
        tenant_name: '',
        roles: ['admin', 'Member'],
        is_admin: true,
      });
      expect(store.verify('admin_token')).toBeUndefined();
    });
    it('should name the problem in a bad file', () => {
      const file = path.join(dir, 'bad.json');
      writeFileSync(file, '{"tokens": ');
      expect(() => loadTokenStore(file)).toThrow(TokenFileError);
      expect(() => loadTokenStore(path.join(dir, 'missing.json'))).toThrow(/missing\.json/);
    });
  });

  it('should validate every entry of a token file', () => {
    expect(() => parseTokenFile({})).toThrow('expected {"tokens"');
    expect(() =>
      parseTokenFile({ tokens: { short: { user_name: 'a', tenant_id: 't', roles: ['x'] } } }),
    ).toThrow('at least 8 characters');
    expect(() => parseTokenFile({ tokens: { longtoken1: { tenant_id: 't', roles: ['x'] } } })).toThrow(
      'user_name is required',
    );
    expect(() => parseTokenFile({ tokens: { longtoken1: { user_name: 'a', roles: ['x'] } } })).toThrow(
      'tenant_id is required',
    );
    expect(() =>
      parseTokenFile({ tokens: { longtoken1: { user_name: 'a', tenant_id: 't', roles: [] } } }),
    ).toThrow('roles must be');
  });

  it('should freeze identities', () => {
    expect(Object.isFrozen(tokenStore().verify('demo_token'))).toBe(true);
  });
});

describe('tokenFromRequest', () => {
  it('should prefer X-Auth-Token over the Auth-Token cookie', () => {
    expect(tokenFromRequest('admin_token', 'Auth-Token=demo_token')).toBe('admin_token');
    expect(tokenFromRequest(undefined, 'a=b; Auth-Token=demo_token')).toBe('demo_token');
    expect(tokenFromRequest(undefined, 'Auth-Token=%E0%A4%A')).toBe('%E0%A4%A');
    expect(tokenFromRequest('  ', undefined)).toBeUndefined();
    expect(tokenFromRequest(undefined, 'Other=1')).toBeUndefined();
  });
});
