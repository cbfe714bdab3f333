// Small schemas for the API's own tests, independent of the domain's real ones: a tenant-owned
// network, a child port (parent network), a grandchild, and an admin-only device with a secret.
import type { PropertySchema, ResourceSchema } from '@gohan-es/domain';
import { OTHER_TENANT_ID } from '../src/auth/tokens';

const C = ['create'] as const;
const CU = ['create', 'update'] as const;

function schema(
  id: string,
  plural: string,
  properties: Record<string, PropertySchema>,
  extra: { parent?: string; required?: string[] } = {},
): ResourceSchema {
  const all: Record<string, PropertySchema> = {
    id: { type: 'string', title: 'ID', permission: C },
    name: { type: 'string', title: 'Name', default: '', permission: CU },
    tenant_id: { type: 'string', title: 'Tenant', permission: C },
    ...properties,
  };
  return {
    id,
    singular: id,
    plural,
    title: id,
    description: id,
    prefix: '/v2.0',
    metadata: {},
    ...(extra.parent ? { parent: extra.parent } : {}),
    schema: {
      type: 'object',
      properties: all,
      required: extra.required ?? [],
      propertiesOrder: Object.keys(all),
    },
  };
}

export const networkSchema = schema('network', 'networks', {
  shared: { type: 'boolean', title: 'Shared', default: false, permission: CU },
  status: { type: 'string', title: 'Status', default: 'NO_STATE' },
  internal_note: { type: 'string', title: 'Internal note', default: '', permission: CU },
});

export const portSchema = schema(
  'port',
  'ports',
  { network_id: { type: 'string', title: 'Network', relation: 'network', permission: C } },
  { parent: 'network', required: ['network_id'] },
);

export const tagSchema = schema(
  'tag',
  'tags',
  { port_id: { type: 'string', title: 'Port', relation: 'port', permission: C } },
  { parent: 'port' },
);

export const deviceSchema = schema('device', 'devices', {
  ip: { type: 'string', title: 'IP', permission: CU },
  password: { type: 'string', title: 'Password', permission: CU, secret: true },
});

export const testSchemas: readonly ResourceSchema[] = [networkSchema, portSchema, tagSchema, deviceSchema];

/** Policies in Gohan's format for the test schemas. */
export const testPolicies = {
  policies: [
    { id: 'admin', principal: 'admin', action: '*', resource: { path: '.*' } },
    {
      id: 'member_schemas',
      principal: 'Member',
      action: 'read',
      resource: { path: '^/gohan/v0\\.1/schemas' },
    },
    {
      id: 'member_networks',
      principal: 'Member',
      action: '*',
      resource: { path: '^/v2\\.0/networks(/[^/]+)?$', blacklistProperties: ['internal_note'] },
      condition: ['is_owner'],
    },
    {
      id: 'member_ports',
      principal: 'Member',
      action: '*',
      resource: { path: '^/v2\\.0/ports(/[^/]+)?$' },
      condition: ['is_owner'],
    },
    {
      id: 'member_tags',
      principal: 'Member',
      action: '*',
      resource: { path: '^/v2\\.0/tags(/[^/]+)?$' },
      condition: ['is_owner', { type: 'belongs_to', action: 'read', tenant_id: OTHER_TENANT_ID }],
    },
  ],
};
