import { resourceSchemas, schemaById } from '@gohan-es/domain';
import type { ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { EVENTS, NETWORK_ID, OTHER_TENANT, TENANT, created, on, seedGwInterface } from '../../test/fixtures';
import { dropSchemas, testDb, uniqueSchema } from '../../test/pg';
import { QueryError } from '../errors';
import { migrate } from '../migrate';
import { applyBatch } from '../projection/apply';
import { createProjectionModel } from '../projection/model';
import { listResources, showResource } from './execute';
import type { RawQuery } from './parse';
import { asAdmin } from './scope';
import type { ReadScope } from './scope';

const db = testDb();
const dbSchema = uniqueSchema('queries');
const gw = schemaById('gw_interface')!;
const port = schemaById('port')!;
const A: ReadScope = { tenantId: TENANT };
const B: ReadScope = { tenantId: OTHER_TENANT };

const gws: ResourceBody[] = [
  seedGwInterface({ id: 'gw-1', name: 'alpha', vrid: 10, service_type: 'vpn', description: '50% off' }),
  seedGwInterface({ id: 'gw-2', name: 'beta_1', vrid: 20, service_type: 'vpn', description: 'x' }),
  seedGwInterface({
    id: 'gw-3',
    name: 'gamma',
    vrid: 30,
    service_type: 'aws',
    description: 'back\\slash',
    vpn_gw_id: null,
  }),
  seedGwInterface({ id: 'gw-4', name: 'alpha', vrid: 40, service_type: 'vpn', tenant_id: OTHER_TENANT }),
  seedGwInterface({ id: 'gw-5', name: 'delta', vrid: 20, service_type: 'internet', tenant_id: OTHER_TENANT }),
];
const ports: ResourceBody[] = [
  {
    id: 'port-a',
    tenant_id: TENANT,
    network_id: NETWORK_ID,
    attached: true,
    fixed_ips: [{ ip_address: '172.16.101.151' }],
    tags: {},
  },
  {
    id: 'port-b',
    tenant_id: TENANT,
    network_id: NETWORK_ID,
    attached: false,
    fixed_ips: [],
    tags: { k: 'v' },
  },
];

/** A gw_interface view whose network_id embeds the network (relation_property), for _details. */
const gwView: ResourceSchema = {
  ...gw,
  id: 'gw_view',
  singular: 'gw_view',
  plural: 'gw_views',
  schema: {
    ...gw.schema,
    properties: {
      ...gw.schema.properties,
      network_id: { ...gw.schema.properties.network_id!, relation_property: 'network' },
    },
  },
};
const lookup = (id: string) => (id === 'gw_view' ? gwView : schemaById(id));
const network = (id: string, tenant_id: string) => ({
  id,
  tenant_id,
  name: `net-${id}`,
  subnets: [],
  tags: {},
});

beforeAll(async () => {
  await migrate(db, { schema: dbSchema, schemas: [...resourceSchemas, gwView] });
  const events = [
    ...gws.map((r) => created('gw_interface', 'GwInterface', r)),
    ...ports.map((r) => created('port', 'Port', r)),
    created('network', 'Network', network('net-a', TENANT)),
    created('network', 'Network', network('net-b', OTHER_TENANT)),
  ];
  await applyBatch(db, 'projector', on(EVENTS, 0, ...events), {
    dbSchema,
    model: createProjectionModel(),
  });
});

afterAll(async () => {
  await dropSchemas(db, dbSchema);
  await db.destroy();
});

async function ids(query: RawQuery, scope: ReadScope = asAdmin()) {
  const { resources, total } = await listResources(db, gw, query, scope, { dbSchema });
  return { ids: resources.map((r) => r.id), total };
}

describe('listResources (real Postgres)', () => {
  it('should scope a member to its tenant and let the admin see all (X-Total-Count included)', async () => {
    expect(await ids({}, A)).toEqual({ ids: ['gw-1', 'gw-2', 'gw-3'], total: 3 });
    expect(await ids({}, B)).toEqual({ ids: ['gw-4', 'gw-5'], total: 2 });
    expect(await ids({})).toEqual({ ids: ['gw-1', 'gw-2', 'gw-3', 'gw-4', 'gw-5'], total: 5 });
  });

  it('should filter exactly, IN for a repeated key, AND across keys', async () => {
    expect(await ids({ name: 'alpha' }, A)).toEqual({ ids: ['gw-1'], total: 1 });
    expect(await ids({ name: 'alpha' })).toEqual({ ids: ['gw-1', 'gw-4'], total: 2 });
    expect(await ids({ vrid: ['10', '30'] })).toEqual({ ids: ['gw-1', 'gw-3'], total: 2 });
    expect(await ids({ service_type: 'vpn', vrid: '20' })).toEqual({ ids: ['gw-2'], total: 1 });
    expect(await ids({ name: 'ALPHA' })).toEqual({ ids: [], total: 0 });
  });

  it('should OR the filters with any_of, still within the tenant', async () => {
    expect(await ids({ service_type: 'vpn', vrid: '20', any_of: 'true' }, A)).toEqual({
      ids: ['gw-1', 'gw-2'],
      total: 2,
    });
    expect(await ids({ service_type: 'vpn', vrid: '20', any_of: 'true' })).toEqual({
      ids: ['gw-1', 'gw-2', 'gw-4', 'gw-5'],
      total: 4,
    });
  });

  it('should sort by any property in both orders, id breaking ties', async () => {
    expect(await ids({ sort_key: 'vrid', sort_order: 'desc' })).toEqual({
      ids: ['gw-4', 'gw-3', 'gw-5', 'gw-2', 'gw-1'],
      total: 5,
    });
    expect(await ids({ sort_key: 'name' })).toEqual({
      ids: ['gw-1', 'gw-4', 'gw-2', 'gw-5', 'gw-3'],
      total: 5,
    });
  });

  it('should page with limit and offset while X-Total-Count counts every match', async () => {
    expect(await ids({ limit: '2', offset: '1' })).toEqual({ ids: ['gw-2', 'gw-3'], total: 5 });
    expect(await ids({ offset: '4' })).toEqual({ ids: ['gw-5'], total: 5 });
    expect(await ids({ limit: '0' })).toEqual({ ids: ['gw-1', 'gw-2', 'gw-3', 'gw-4', 'gw-5'], total: 5 });
    expect(await ids({ limit: '1', vrid: '20' }, B)).toEqual({ ids: ['gw-5'], total: 1 });
    expect(await ids({ offset: '9' })).toEqual({ ids: [], total: 5 });
  });

  it('should match substrings with search_field, %, _ and \\ taken literally', async () => {
    expect(await ids({ name: 'ph', search_field: 'name' })).toEqual({ ids: ['gw-1', 'gw-4'], total: 2 });
    expect(await ids({ name: 'a_', search_field: 'name' })).toEqual({ ids: ['gw-2'], total: 1 });
    expect(await ids({ description: '%', search_field: 'description' })).toEqual({ ids: ['gw-1'], total: 1 });
    expect(await ids({ description: 'k\\s', search_field: 'description' })).toEqual({
      ids: ['gw-3'],
      total: 1,
    });
    expect(await ids({ name: ['ph', 'mm'], search_field: 'name', vrid: '40' })).toEqual({
      ids: ['gw-4'],
      total: 1,
    });
  });

  it('should project _fields and leave out nulls there, but show nullable nulls otherwise', async () => {
    const { resources } = await listResources(db, gw, { _fields: ['name', 'vpn_gw_id'], id: 'gw-3' }, A, {
      dbSchema,
    });
    expect(resources).toEqual([{ name: 'gamma' }]);
    const full = await listResources(db, gw, { id: 'gw-3' }, A, { dbSchema });
    expect(full.resources[0]).toMatchObject({ vpn_gw_id: null, gw_vipv6: null, vrid: 30 });
  });

  it('should filter booleans the Go way and return jsonb as JSON', async () => {
    const attached = await listResources(db, port, { attached: 'True' }, A, { dbSchema });
    expect(attached.resources.map((r) => [r.id, r.fixed_ips])).toEqual([
      ['port-a', [{ ip_address: '172.16.101.151' }]],
    ]);
    const detached = await listResources(db, port, { attached: '0' }, A, { dbSchema });
    expect(detached.resources.map((r) => [r.id, r.tags])).toEqual([['port-b', { k: 'v' }]]);
  });

  it('should refuse bad queries with a typed 400 error', async () => {
    await expect(listResources(db, gw, { bogus: '1' }, A, { dbSchema })).rejects.toThrow(
      new QueryError('Unrecognized query parameters: map[bogus:[1]]'),
    );
    await expect(listResources(db, gw, { sort_order: 'up' }, A, { dbSchema })).rejects.toBeInstanceOf(
      QueryError,
    );
  });
});

describe('showResource (real Postgres)', () => {
  it('should hide another tenant’s resource (404) but show it to its tenant and the admin', async () => {
    expect(await showResource(db, gw, 'gw-4', A, {}, { dbSchema })).toBeUndefined();
    expect(await showResource(db, gw, 'gw-4', B, {}, { dbSchema })).toMatchObject({
      id: 'gw-4',
      tenant_id: OTHER_TENANT,
    });
    expect(await showResource(db, gw, 'gw-4', asAdmin(), { _fields: ['vrid'] }, { dbSchema })).toEqual({
      vrid: 40,
    });
    expect(await showResource(db, gw, 'nope', asAdmin(), {}, { dbSchema })).toBeUndefined();
  });
});

describe('relation_property embedding (real Postgres)', () => {
  beforeAll(async () => {
    await db
      .withSchema(dbSchema)
      .table('gw_views')
      .insert([
        { id: 'v-1', tenant_id: TENANT, name: 'one', network_id: 'net-a', vrid: 1 },
        { id: 'v-2', tenant_id: TENANT, name: 'two', network_id: 'net-b', vrid: 2 },
      ]);
  });

  it('should embed the related resource the caller can see, null otherwise', async () => {
    const { resources } = await listResources(db, gwView, { _fields: ['id', 'network'] }, A, {
      dbSchema,
      schemaById: lookup,
    });
    expect(resources).toEqual([
      { id: 'v-1', network: expect.objectContaining({ id: 'net-a', name: 'net-net-a', tenant_id: TENANT }) },
      { id: 'v-2', network: null },
    ]);
  });

  it('should skip the embedding with _details=false, on show too', async () => {
    const { resources } = await listResources(db, gwView, { _details: 'false', id: 'v-1' }, A, {
      dbSchema,
      schemaById: lookup,
    });
    expect(resources[0]).not.toHaveProperty('network');
    expect(
      await showResource(db, gwView, 'v-1', asAdmin(), {}, { dbSchema, schemaById: lookup }),
    ).toMatchObject({
      network_id: 'net-a',
      network: { id: 'net-a' },
    });
  });
});
