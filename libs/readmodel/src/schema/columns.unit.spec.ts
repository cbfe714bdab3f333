import { resourceSchemas, schemaById } from '@gohan-es/domain';
import type { ResourceSchema } from '@gohan-es/domain';
import { isNullable, tableSpec } from './columns';
import { indexName } from './names';

const gw = schemaById('gw_interface')!;

describe('tableSpec', () => {
  it('should give one table per resource type, named by plural', () => {
    expect(resourceSchemas.map((s) => tableSpec(s).table).sort()).toEqual(
      resourceSchemas.map((s) => s.plural).sort(),
    );
    expect(resourceSchemas).toHaveLength(16);
  });

  it('should type the gw_interface columns for Postgres', () => {
    const types = Object.fromEntries(tableSpec(gw).columns.map((c) => [c.name, c.pgType]));
    expect(types).toMatchObject({
      id: 'text',
      vrid: 'bigint',
      netmask: 'bigint',
      gw_vipv4: 'text',
      vpn_gw_id: 'text',
      status: 'text',
    });
    expect(Object.keys(types)).toEqual([...Object.keys(gw.schema.properties)].sort());
  });

  it('should store objects and arrays as jsonb and booleans as boolean', () => {
    const types = Object.fromEntries(tableSpec(schemaById('port')!).columns.map((c) => [c.name, c.pgType]));
    expect(types).toMatchObject({
      fixed_ips: 'jsonb',
      tags: 'jsonb',
      security_groups: 'jsonb',
      attached: 'boolean',
      'binding:vif_type': 'text',
    });
  });

  it('should leave secrets without a column', () => {
    for (const [id, secret] of [
      ['edge_router', 'password'],
      ['ese_device', 'password'],
      ['vpn_interface', 'bgp_md5'],
    ] as const) {
      expect(tableSpec(schemaById(id)!).columns.map((c) => c.name)).not.toContain(secret);
    }
  });

  it('should index tenant_id, relations, unique and indexed columns', () => {
    const indexes = tableSpec(gw).indexes.map((i) => i.columns.join(','));
    expect(indexes).toEqual(
      expect.arrayContaining(['tenant_id', 'network_id', 'vpn_gw_id', 'aws_gw_id', 'service_type', 'status']),
    );
    expect(indexes).not.toContain('id');
    expect(indexes).not.toContain('gw_vipv4');
  });

  it('should refuse a property that collides with a bookkeeping column', () => {
    const bad = {
      ...gw,
      id: 'bad',
      plural: 'bads',
      schema: { ...gw.schema, properties: { ...gw.schema.properties, config_version: { type: 'integer' } } },
    } as ResourceSchema;
    expect(() => tableSpec(bad)).toThrow(/collides/);
  });
});

describe('isNullable', () => {
  it('should follow Gohan: a null type, or neither required nor defaulted', () => {
    expect(isNullable(gw, 'vpn_gw_id')).toBe(true); // ["string","null"]
    expect(isNullable(gw, 'vrid')).toBe(false); // required
    expect(isNullable(gw, 'status')).toBe(false); // default NO_STATE
    expect(isNullable(gw, 'description')).toBe(false); // default ""
  });
});

describe('indexName', () => {
  it('should stay within 63 characters and remain distinct', () => {
    const a = indexName('a'.repeat(40), 'b'.repeat(40));
    const b = indexName('a'.repeat(40), `${'b'.repeat(39)}c`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(indexName('ports', 'binding:vif_type')).toBe('ports_binding_vif_type_idx');
  });
});
