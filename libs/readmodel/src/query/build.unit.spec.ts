import knex from 'knex';
import { schemaById } from '@gohan-es/domain';
import { buildListQueries, buildShowQuery, likePattern } from './build';
import { parseListQuery } from './parse';
import type { RawQuery } from './parse';
import { asAdmin } from './scope';
import type { ReadScope } from './scope';

const db = knex({ client: 'pg' });
const gw = schemaById('gw_interface')!;
const member: ReadScope = { tenantId: 't1' };

function sql(raw: RawQuery, scope: ReadScope = member) {
  const { select, count } = buildListQueries(db, 'readmodel', gw, parseListQuery(gw, raw), scope);
  const s = select.toSQL().toNative();
  const c = count.toSQL().toNative();
  return {
    select: s.sql.replace(/select .* from/, 'select … from'),
    bindings: s.bindings,
    count: c.sql,
    countBindings: c.bindings,
  };
}

afterAll(() => db.destroy());

describe('buildListQueries', () => {
  it('should always scope a member read to its tenant', () => {
    expect(sql({})).toEqual({
      select: 'select … from "readmodel"."gw_interfaces" where "tenant_id" in ($1) order by "id" asc',
      bindings: ['t1'],
      count: 'select count(*) as "n" from "readmodel"."gw_interfaces" where "tenant_id" in ($1)',
      countBindings: ['t1'],
    });
  });

  it('should read every tenant for an admin', () => {
    expect(sql({}, asAdmin()).select).toBe('select … from "readmodel"."gw_interfaces" order by "id" asc');
  });

  it('should refuse a member scope without a tenant', () => {
    expect(() => sql({}, { tenantId: '' })).toThrow(/non-empty tenantId/);
  });

  it('should AND different keys and IN a repeated key', () => {
    const q = sql({ vrid: ['20', '21'], service_type: 'vpn' });
    expect(q.select).toBe(
      'select … from "readmodel"."gw_interfaces" where "tenant_id" in ($1) and (("service_type" in ($2)) and ("vrid" in ($3, $4))) order by "id" asc',
    );
    expect(q.bindings).toEqual(['t1', 'vpn', 20, 21]);
  });

  it('should OR the property filters with any_of, keeping the tenant ANDed', () => {
    expect(sql({ name: 'a', vrid: '20', any_of: 'true' }).select).toBe(
      'select … from "readmodel"."gw_interfaces" where "tenant_id" in ($1) and (("name" in ($2)) or ("vrid" in ($3))) order by "id" asc',
    );
  });

  it('should turn a search_field filter into an escaped LIKE substring', () => {
    const q = sql({ name: ['50%_a\\b', 'x'], search_field: 'name' });
    expect(q.select).toBe(
      `select … from "readmodel"."gw_interfaces" where "tenant_id" in ($1) and ((("name"::text like $2 escape '\\' or "name"::text like $3 escape '\\'))) order by "id" asc`,
    );
    expect(q.bindings).toEqual(['t1', '%50\\%\\_a\\\\b%', '%x%']);
  });

  it('should sort by the key with id as tie-break, then page', () => {
    const q = sql({ sort_key: 'vrid', sort_order: 'desc', limit: '2', offset: '4' });
    expect(q.select).toBe(
      'select … from "readmodel"."gw_interfaces" where "tenant_id" in ($1) order by "vrid" desc, "id" desc limit $2 offset $3',
    );
    expect(q.bindings).toEqual(['t1', 2, 4]);
  });

  it('should select only the _fields columns', () => {
    const { select } = buildListQueries(
      db,
      'readmodel',
      gw,
      parseListQuery(gw, { _fields: ['name', 'vrid'] }),
      asAdmin(),
    );
    expect(select.toSQL().toNative().sql).toBe(
      'select "name", "vrid" from "readmodel"."gw_interfaces" order by "id" asc',
    );
  });
});

describe('buildShowQuery', () => {
  it('should look up one id within the scope', () => {
    const q = buildShowQuery(db, 'rm_1', gw, 'abc', member, ['name']).toSQL().toNative();
    expect(q.sql).toBe(
      'select "name" from "rm_1"."gw_interfaces" where "tenant_id" in ($1) and "id" = $2 limit $3',
    );
    expect(q.bindings).toEqual(['t1', 'abc', 1]);
  });
});

describe('likePattern', () => {
  it('should escape %, _ and backslash', () => {
    expect(likePattern('a%b_c\\d')).toBe('%a\\%b\\_c\\\\d%');
  });
});
