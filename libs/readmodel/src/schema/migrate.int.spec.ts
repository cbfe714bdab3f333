import { resourceSchemas } from '@gohan-es/domain';
import { dropSchemas, testDb, uniqueSchema } from '../../test/pg';
import { migrate } from '../migrate';
import { tableSpec } from './columns';

const db = testDb();
const schema = uniqueSchema('migrate');

afterAll(async () => {
  await dropSchemas(db, schema);
  await db.destroy();
});

async function columns(table: string): Promise<Record<string, string>> {
  const { rows } = await db.raw(
    'select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? order by column_name',
    [schema, table],
  );
  return Object.fromEntries(
    (rows as { column_name: string; data_type: string }[]).map((r) => [r.column_name, r.data_type]),
  );
}

describe('migrate (real Postgres)', () => {
  it('should create one table per resource type plus the projection tables', async () => {
    const report = await migrate(db, { schema });
    const { rows } = await db.raw(
      'select table_name from information_schema.tables where table_schema = ? order by 1',
      [schema],
    );
    const expected = [
      ...resourceSchemas.map((s) => s.plural),
      'projection_offsets',
      'projection_parked',
      'projection_tombstones',
    ].sort();
    expect((rows as { table_name: string }[]).map((r) => r.table_name)).toEqual(expected);
    expect(report.createdTables.sort()).toEqual(expected);
  });

  it('should give gw_interfaces the schema columns and the bookkeeping columns', async () => {
    expect(await columns('gw_interfaces')).toEqual({
      aws_gw_id: 'text',
      azure_gw_id: 'text',
      config_version: 'integer',
      created_at: 'timestamp with time zone',
      description: 'text',
      domain_state: 'jsonb',
      gcp_gw_id: 'text',
      gw_vipv4: 'text',
      gw_vipv6: 'text',
      id: 'text',
      interdc_gw_id: 'text',
      internet_gw_id: 'text',
      marked_for_deletion: 'boolean',
      name: 'text',
      netmask: 'bigint',
      network_id: 'text',
      operational_state: 'text',
      orchestration_state: 'text',
      primary_ipv4: 'text',
      primary_ipv6: 'text',
      public_ip_id: 'text',
      secondary_ipv4: 'text',
      secondary_ipv6: 'text',
      service_type: 'text',
      state_error: 'text',
      state_version: 'integer',
      status: 'text',
      status_detail: 'jsonb',
      tenant_id: 'text',
      updated_at: 'timestamp with time zone',
      vpn_gw_id: 'text',
      vrid: 'bigint',
    });
    expect(await columns('edge_routers')).not.toHaveProperty('password');
    expect((await columns('ports'))['binding:vif_type']).toBe('text');
    expect((await columns('ports')).fixed_ips).toBe('jsonb');
  });

  it('should create every index the list filters use', async () => {
    const { rows } = await db.raw('select indexname from pg_indexes where schemaname = ?', [schema]);
    const names = new Set((rows as { indexname: string }[]).map((r) => r.indexname));
    for (const s of resourceSchemas)
      for (const index of tableSpec(s).indexes) expect(names).toContain(index.name);
    expect(names).toContain('gw_interfaces_tenant_id_idx');
    expect(names).toContain('gw_interfaces_vpn_gw_id_idx');
  });

  it('should be idempotent, also when several processes migrate at once', async () => {
    const reports = await Promise.all([migrate(db, { schema }), migrate(db, { schema })]);
    for (const r of reports)
      expect(r).toEqual({ schema, createdTables: [], addedColumns: [], createdIndexes: [] });
  });

  it('should add a missing column and index back without touching the rows', async () => {
    await db.raw('alter table ??.gw_interfaces drop column vpn_gw_id', [schema]);
    const report = await migrate(db, { schema });
    expect(report).toMatchObject({
      addedColumns: ['gw_interfaces.vpn_gw_id'],
      createdIndexes: ['gw_interfaces_vpn_gw_id_idx'],
    });
  });

  it('should refuse a changed column type and ask for a rebuild', async () => {
    await db.raw('alter table ??.gw_interfaces alter column vrid type text', [schema]);
    await expect(migrate(db, { schema })).rejects.toThrow(
      /needs a rebuild .*gw_interfaces\.vrid is text, schema wants bigint/,
    );
  });
});
