// Pure query builders for list and show (knex; unit-tested through toSQL()). Tenant scoping is
// always ANDed; property filters are ANDed, or ORed with any_of=true; a repeated key means IN.
import type { Knex } from 'knex';
import type { ResourceSchema } from '@gohan-es/domain';
import { requestableStateFields, tableSpec } from '../schema/columns';
import { assertSchemaName } from '../schema/names';
import type { ListQuery, PropertyFilter } from './parse';
import { scopeTenants } from './scope';
import type { ReadScope } from './scope';

/** LIKE pattern for a substring: %, _ and \ in the value match literally. */
export function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

function hasTenant(schema: ResourceSchema): boolean {
  return tableSpec(schema).columns.some((c) => c.name === 'tenant_id');
}

/** The tenant condition: a member sees its tenant's rows (types without tenant_id are shared). */
export function applyScope(
  qb: Knex.QueryBuilder,
  schema: ResourceSchema,
  scope: ReadScope,
): Knex.QueryBuilder {
  const tenants = scopeTenants(scope);
  if (tenants && hasTenant(schema)) void qb.whereIn('tenant_id', tenants);
  return qb;
}

function applyFilter(qb: Knex.QueryBuilder, filter: PropertyFilter): void {
  if (!filter.substring) {
    void qb.whereIn(filter.column, filter.values as readonly (string | number | boolean)[]);
    return;
  }
  void qb.where((sub) => {
    for (const value of filter.values)
      void sub.orWhereRaw(`??::text like ? escape '\\'`, [filter.column, likePattern(String(value))]);
  });
}

export function applyFilters(qb: Knex.QueryBuilder, query: ListQuery): Knex.QueryBuilder {
  if (query.filters.length === 0) return qb;
  return qb.where((group) => {
    for (const filter of query.filters) {
      if (query.anyOf) void group.orWhere((sub) => applyFilter(sub, filter));
      else void group.where((sub) => applyFilter(sub, filter));
    }
  });
}

export interface ListQueries {
  /** The page: selected columns, filters, order, limit and offset. */
  select: Knex.QueryBuilder;
  /** X-Total-Count: the same filters, no order/limit/offset. */
  count: Knex.QueryBuilder;
}

function selectedColumns(schema: ResourceSchema, fields: readonly string[] | undefined): string[] {
  const all = tableSpec(schema).columns.map((c) => c.name);
  const picked = fields ? all.filter((c) => fields.includes(c)) : all;
  for (const extra of requestableStateFields(schema)) if (fields?.includes(extra)) picked.push(extra);
  return picked.length > 0 ? picked : ['id'];
}

export function buildListQueries(
  db: Knex,
  dbSchema: string,
  schema: ResourceSchema,
  query: ListQuery,
  scope: ReadScope,
  extraColumns: readonly string[] = [],
): ListQueries {
  const table = tableSpec(schema).table;
  const base = () =>
    applyFilters(applyScope(db.withSchema(assertSchemaName(dbSchema)).from(table), schema, scope), query);
  const columns = [...new Set([...selectedColumns(schema, query.fields), ...extraColumns])];
  const select = base().select(columns).orderBy(query.sortKey, query.sortOrder);
  if (query.sortKey !== 'id') void select.orderBy('id', query.sortOrder);
  if (query.limit !== undefined) void select.limit(query.limit);
  if (query.offset !== undefined) void select.offset(query.offset);
  return { select, count: base().count({ n: '*' }) };
}

export function buildShowQuery(
  db: Knex,
  dbSchema: string,
  schema: ResourceSchema,
  id: string,
  scope: ReadScope,
  fields?: readonly string[],
  extraColumns: readonly string[] = [],
): Knex.QueryBuilder {
  const table = tableSpec(schema).table;
  const columns = [...new Set([...selectedColumns(schema, fields), ...extraColumns])];
  return applyScope(db.withSchema(assertSchemaName(dbSchema)).from(table), schema, scope)
    .select(columns)
    .where('id', id)
    .first();
}
