// status_detail (the collector's last observation detail) is output only when _fields asks for it,
// and only for resources with an operational_state: default show/list outputs stay the seed's.
import knex from 'knex';
import { schemaById } from '@gohan-es/domain';
import { buildShowQuery } from './build';
import { parseShowQuery } from './parse';
import { toResource } from './rows';

const db = knex({ client: 'pg' });
const gw = schemaById('gw_interface')!;
const network = schemaById('network')!;
const detail = {
  master: 'secondary',
  since: '2018-04-16T00:19:04.000Z',
  observed_at: '2018-04-16T00:19:04.000Z',
};
const row = { id: 'g', tenant_id: 't', status: 'ACTIVE', operational_state: 'UP', status_detail: detail };

afterAll(() => db.destroy());

describe('status_detail', () => {
  it('should not be in a default show', () => {
    expect(toResource(gw, row)).not.toHaveProperty('status_detail');
  });

  it('should be output when _fields names it', () => {
    const { fields } = parseShowQuery(gw, { _fields: ['status', 'status_detail'] });
    expect(toResource(gw, row, fields)).toEqual({ status: 'ACTIVE', status_detail: detail });
  });

  it('should be selected from its column when _fields names it', () => {
    const { fields } = parseShowQuery(gw, { _fields: ['status_detail'] });
    const sql = buildShowQuery(db, 'readmodel', gw, 'g', { tenantId: 't' }, fields).toSQL().sql;
    expect(sql).toBe(
      'select "status_detail" from "readmodel"."gw_interfaces" where "tenant_id" in (?) and "id" = ? limit ?',
    );
  });

  it('should be ignored for a resource without operational_state', () => {
    const { fields } = parseShowQuery(network, { _fields: ['status_detail'] });
    expect(fields).toEqual([]);
  });
});

describe('state_error', () => {
  const failed = {
    ...row,
    orchestration_state: 'CREATE_FAILED',
    status: 'ERROR',
    state_error: 'MX-1: bad vlan',
  };

  it('should not be in a default show', () => {
    expect(toResource(gw, failed)).not.toHaveProperty('state_error');
  });

  it('should be output with the router message when _fields names it', () => {
    const { fields } = parseShowQuery(gw, { _fields: ['status', 'state_error'] });
    expect(toResource(gw, failed, fields)).toEqual({ status: 'ERROR', state_error: 'MX-1: bad vlan' });
    const sql = buildShowQuery(db, 'readmodel', gw, 'g', { tenantId: 't' }, fields).toSQL().sql;
    expect(sql).toBe(
      'select "status", "state_error" from "readmodel"."gw_interfaces" where "tenant_id" in (?) and "id" = ? limit ?',
    );
  });

  it('should be accepted for any resource with an orchestration_state, not for vpn_service', () => {
    expect(parseShowQuery(network, { _fields: ['state_error'] }).fields).toEqual(['state_error']);
    expect(parseShowQuery(schemaById('vpn_service')!, { _fields: ['state_error'] }).fields).toEqual([]);
  });
});
