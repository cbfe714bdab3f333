import { schemaById } from '@gohan-es/domain';
import { seedGwInterface } from '../../test/fixtures';
import { tableSpec } from '../schema/columns';
import { encodeValue, toResource } from './rows';

const gw = schemaById('gw_interface')!;
const router = schemaById('edge_router')!;

/** A gw_interface row as pg returns it: bigint as text, unset nullable columns NULL, bookkeeping too. */
const row = {
  ...seedGwInterface({ status: 'ACTIVE', orchestration_state: 'CREATE_COMPLETE', operational_state: 'UP' }),
  vrid: '20',
  netmask: '24',
  config_version: 1,
  state_version: 1,
  state_error: null,
  marked_for_deletion: false,
  status_detail: { primary: 'MASTER' },
  created_at: new Date(),
  updated_at: new Date(),
};

describe('toResource', () => {
  it('should give exactly the seed show output of the gw_interface (fixture step 19)', () => {
    expect(toResource(gw, row)).toEqual({
      aws_gw_id: null,
      azure_gw_id: null,
      description: 'Sample Gw-interface',
      gcp_gw_id: null,
      gw_vipv4: '172.16.101.151',
      gw_vipv6: null,
      id: '3dbcfce5-bca5-4182-991a-c23de685fcf1',
      interdc_gw_id: null,
      internet_gw_id: null,
      name: 'sample-gw-interface',
      netmask: 24,
      network_id: 'afa0d9d6-84dc-4755-9c6e-db2f23f9dde2',
      operational_state: 'UP',
      orchestration_state: 'CREATE_COMPLETE',
      primary_ipv4: '172.16.101.152',
      primary_ipv6: null,
      public_ip_id: null,
      secondary_ipv4: '172.16.101.153',
      secondary_ipv6: null,
      service_type: 'vpn',
      status: 'ACTIVE',
      tenant_id: 'b3e3095c0a5b4383805efe9cf2a6b5ef',
      vpn_gw_id: 'b1da850c-3344-4de2-aa18-d96a30b54f69',
      vrid: 20,
    });
  });

  it('should sort keys like Gohan’s JSON', () => {
    const keys = Object.keys(toResource(gw, row));
    expect(keys).toEqual([...keys].sort());
  });

  it('should project to _fields and leave out null values', () => {
    expect(toResource(gw, row, ['name', 'vpn_gw_id', 'public_ip_id'])).toEqual({
      name: 'sample-gw-interface',
      vpn_gw_id: 'b1da850c-3344-4de2-aa18-d96a30b54f69',
    });
  });

  it('should omit a NULL non-nullable column, and never output a secret', () => {
    const out = toResource(router, { id: 'r', tenant_id: 't', password: 'enc:v1:x', ip: null });
    expect(out).not.toHaveProperty('password');
    expect(out).toEqual({ id: 'r', tenant_id: 't' }); // ip is required, so not nullable: omitted
  });
});

describe('encodeValue', () => {
  it('should send jsonb as JSON text (arrays included) and nulls as NULL', () => {
    const cols = Object.fromEntries(tableSpec(schemaById('port')!).columns.map((c) => [c.name, c]));
    expect(encodeValue(cols.fixed_ips!, [{ ip_address: '172.16.101.151' }])).toBe(
      '[{"ip_address":"172.16.101.151"}]',
    );
    expect(encodeValue(cols.tags!, {})).toBe('{}');
    expect(encodeValue(cols.name!, null)).toBeNull();
    expect(encodeValue(cols.attached!, true)).toBe(true);
  });
});
