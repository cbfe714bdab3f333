import { testPolicies } from '../../test/fixtures';
import { DEMO_TENANT_ID, OTHER_TENANT_ID, tokenStore } from '../auth/tokens';
import type { Identity } from '../auth/tokens';
import { HttpError } from '../errors';
import { defaultPolicySet } from './index';
import { PolicyFileError, authorize, compilePolicies, findGrant, grantCoversTenant } from './policy';

const tokens = tokenStore();
const admin = tokens.verify('admin_token')!;
const demo = tokens.verify('demo_token')!;
const power = tokens.verify('power_user_token')!;
const visible = tokens.verify('visible_token')!;

describe('policy evaluation', () => {
  const policies = compilePolicies(testPolicies);

  it('should let the admin do anything in every tenant', () => {
    const grant = authorize(policies, 'delete', '/v2.0/devices/d1', admin);
    expect(grant.policyId).toBe('admin');
    expect(grant.tenantIds).toBeUndefined();
    expect(grant.visible('password')).toBe(true);
  });

  it('should restrict a member to its own tenant under is_owner', () => {
    const grant = authorize(policies, 'read', '/v2.0/networks', demo);
    expect(grant.tenantIds).toEqual([DEMO_TENANT_ID]);
    expect(grantCoversTenant(grant, DEMO_TENANT_ID)).toBe(true);
    expect(grantCoversTenant(grant, OTHER_TENANT_ID)).toBe(false);
    expect(authorize(policies, 'update', '/v2.0/networks/n1', power).tenantIds).toEqual([OTHER_TENANT_ID]);
  });

  it('should hide blacklisted properties', () => {
    const grant = authorize(policies, 'read', '/v2.0/networks/n1', demo);
    expect(grant.visible('internal_note')).toBe(false);
    expect(grant.visible('name')).toBe(true);
  });

  it("should answer no matching policy with Gohan's 401", () => {
    expect(() => authorize(policies, 'read', '/v2.0/devices', demo)).toThrow(
      new HttpError('unauthorized', 'No matching policy: read /v2.0/devices'),
    );
    expect(findGrant(policies, 'read', '/v2.0/networks', visible)).toBeUndefined();
  });

  it('should let a matching deny win over an earlier allow', () => {
    const withDeny = compilePolicies([
      ...testPolicies.policies,
      { id: 'deny', principal: 'Member', action: 'delete', effect: 'Deny', resource: { path: '.*' } },
    ]);
    expect(findGrant(withDeny, 'delete', '/v2.0/networks/n1', demo)).toBeUndefined();
    expect(findGrant(withDeny, 'read', '/v2.0/networks/n1', demo)).toBeDefined();
  });

  it('should apply the first matching allow policy', () => {
    const ordered = compilePolicies([
      {
        id: 'first',
        principal: 'Member',
        action: 'read',
        resource: { path: '^/v2\\.0/networks', properties: ['id'] },
      },
      { id: 'second', principal: 'Member', action: '*', resource: { path: '.*' } },
    ]);
    const grant = findGrant(ordered, 'read', '/v2.0/networks', demo)!;
    expect(grant.policyId).toBe('first');
    expect(grant.visible('name')).toBe(false);
  });

  it('should add belongs_to tenants for the named action only', () => {
    const shared = compilePolicies([
      {
        id: 'p',
        principal: 'Member',
        action: '*',
        resource: { path: '.*' },
        condition: ['is_owner', { type: 'belongs_to', action: 'read', tenant_id: OTHER_TENANT_ID }],
      },
    ]);
    expect(findGrant(shared, 'read', '/x', demo)!.tenantIds).toEqual([DEMO_TENANT_ID, OTHER_TENANT_ID]);
    expect(findGrant(shared, 'update', '/x', demo)!.tenantIds).toEqual([DEMO_TENANT_ID]);
  });

  it('should match token scope and tenant regexps', () => {
    const scoped = compilePolicies([
      { id: 'tenant-only', principal: 'Member', action: '*', scope: ['admin'], resource: { path: '.*' } },
      { id: 'demo-only', principal: 'Member', action: '*', tenant_name: 'demo', resource: { path: '.*' } },
    ]);
    expect(findGrant(scoped, 'read', '/x', demo)!.policyId).toBe('demo-only');
    expect(findGrant(scoped, 'read', '/x', power)).toBeUndefined();
    const someone: Identity = { ...demo, tenant_name: 'demo-2' };
    expect(findGrant(scoped, 'read', '/x', someone)).toBeUndefined(); // tenant regexps are anchored
  });

  it('should refuse files it cannot honour', () => {
    expect(() => compilePolicies({})).toThrow(PolicyFileError);
    expect(() =>
      compilePolicies([{ id: 'x', principal: 'Member', action: '*', resource: { path: '(' } }]),
    ).toThrow('invalid regexp');
    expect(() =>
      compilePolicies([
        { id: 'x', principal: 'Member', action: '*', resource: { path: '.*' }, condition: [{ or: [] }] },
      ]),
    ).toThrow('unsupported condition');
    expect(() =>
      compilePolicies([
        {
          id: 'x',
          principal: 'M',
          action: '*',
          resource: { path: '.*', properties: ['a'], blacklistProperties: ['b'] },
        },
      ]),
    ).toThrow('cannot both be set');
  });
});

describe('default policies', () => {
  const policies = defaultPolicySet();
  const tenantResources = [
    'vpn_gateways',
    'vpn_interfaces',
    'networks',
    'subnets',
    'gw_interfaces',
    'static_routes',
  ];
  const inventory = [
    'ese_devices',
    'ese_physical_ports',
    'edge_routers',
    'er_physical_interfaces',
    'ha_routers',
    'ha_interfaces',
  ];

  it('should let members do everything on their tenant-facing resources, in their tenant only', () => {
    for (const plural of tenantResources) {
      for (const action of ['create', 'read'])
        expect(findGrant(policies, action, `/v2.0/${plural}`, demo)?.tenantIds).toEqual([DEMO_TENANT_ID]);
      for (const action of ['read', 'update', 'delete'])
        expect(findGrant(policies, action, `/v2.0/${plural}/x`, demo)?.tenantIds).toEqual([DEMO_TENANT_ID]);
    }
  });

  it('should keep the inventory admin-only', () => {
    for (const plural of inventory) {
      expect(findGrant(policies, 'read', `/v2.0/${plural}`, demo)).toBeUndefined();
      expect(findGrant(policies, 'create', `/v2.0/${plural}`, admin)).toBeDefined();
    }
  });

  it('should let members read, but not change, the service catalogue and the derived ports', () => {
    for (const plural of ['vpn_services', 'qos_options', 'ports', 'ese_logical_ports']) {
      expect(findGrant(policies, 'read', `/v2.0/${plural}/x`, demo)?.tenantIds).toEqual([DEMO_TENANT_ID]);
      for (const action of ['update', 'delete'])
        expect(findGrant(policies, action, `/v2.0/${plural}/x`, demo)).toBeUndefined();
      expect(findGrant(policies, 'create', `/v2.0/${plural}`, demo)).toBeUndefined();
    }
    expect(findGrant(policies, 'read', '/v2.0/qos_options/x', demo)!.visible('incoming_policer_config')).toBe(
      false,
    );
  });

  it('should not match a resource whose plural merely starts like a listed one', () => {
    expect(findGrant(policies, 'read', '/v2.0/networks_extra', demo)).toBeUndefined();
    expect(findGrant(policies, 'read', '/v2.0/networks/x/history', demo)).toBeUndefined();
  });

  it('should let members read the schemas', () => {
    expect(findGrant(policies, 'read', '/gohan/v0.1/schemas', demo)).toBeDefined();
    expect(findGrant(policies, 'read', '/gohan/v0.1/schemas/network', power)).toBeDefined();
  });
});
