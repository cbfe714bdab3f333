// list and show against Postgres: parse (QueryError → 400), build, run, map rows to gohan resources,
// embed relation_property objects (unless _details=false) with one query per relation.
import type { Knex } from 'knex';
import { schemaById } from '@gohan-es/domain';
import type { ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { DEFAULT_SCHEMA } from '../schema/names';
import { buildListQueries, buildShowQuery, applyScope } from './build';
import { parseListQuery, parseShowQuery } from './parse';
import type { ListQuery, RawQuery } from './parse';
import { toResource } from './rows';
import type { DbRow } from './rows';
import type { ReadScope } from './scope';
import { tableSpec } from '../schema/columns';

export interface ReadOptions {
  /** Postgres schema holding the read models (default `readmodel`). */
  dbSchema?: string;
  /** Resolves relation targets for relation_property embedding (default: the domain's schemas). */
  schemaById?: (id: string) => ResourceSchema | undefined;
}

export interface ListResult {
  resources: ResourceBody[];
  /** X-Total-Count: rows matching every filter (tenant scope included), ignoring limit and offset. */
  total: number;
}

interface Embedding {
  column: string;
  key: string;
  target: ResourceSchema;
}

function embeddings(schema: ResourceSchema, options: ReadOptions, fields?: readonly string[]): Embedding[] {
  const resolve = options.schemaById ?? schemaById;
  const stored = new Set(tableSpec(schema).columns.map((c) => c.name));
  const out: Embedding[] = [];
  for (const [column, property] of Object.entries(schema.schema.properties)) {
    if (!property.relation || !property.relation_property || !stored.has(column)) continue;
    if (fields && !fields.includes(property.relation_property)) continue;
    const target = resolve(property.relation);
    if (target) out.push({ column, key: property.relation_property, target });
  }
  return out;
}

async function embed(
  db: Knex,
  dbSchema: string,
  rows: DbRow[],
  resources: ResourceBody[],
  list: Embedding[],
  scope: ReadScope,
): Promise<void> {
  for (const { column, key, target } of list) {
    const ids = [...new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string'))];
    const related = new Map<string, ResourceBody>();
    if (ids.length > 0) {
      const found: DbRow[] = await applyScope(
        db.withSchema(dbSchema).from(tableSpec(target).table),
        target,
        scope,
      )
        .select(tableSpec(target).columns.map((c) => c.name))
        .whereIn('id', ids);
      for (const row of found) related.set(String(row.id), toResource(target, row));
    }
    rows.forEach((row, i) => {
      const id = row[column];
      resources[i]![key] = typeof id === 'string' ? (related.get(id) ?? null) : null;
    });
  }
}

/** Gohan list: filters, any_of, sort_key/sort_order, limit/offset, search_field, _fields, _details. */
export async function listResources(
  db: Knex,
  schema: ResourceSchema,
  query: RawQuery | ListQuery,
  scope: ReadScope,
  options: ReadOptions = {},
): Promise<ListResult> {
  const parsed = isParsed(query) ? query : parseListQuery(schema, query);
  const dbSchema = options.dbSchema ?? DEFAULT_SCHEMA;
  const list = parsed.details ? embeddings(schema, options, parsed.fields) : [];
  const { select, count } = buildListQueries(
    db,
    dbSchema,
    schema,
    parsed,
    scope,
    list.map((e) => e.column),
  );
  const rows: DbRow[] = await select;
  const paginated = parsed.limit !== undefined || parsed.offset !== undefined;
  const total = paginated ? Number(((await count) as { n: string | number }[])[0]?.n ?? 0) : rows.length;
  const resources = rows.map((row) => toResource(schema, row, parsed.fields));
  await embed(db, dbSchema, rows, resources, list, scope);
  return { resources, total };
}

/** Gohan show: the resource, or undefined when it does not exist or the scope cannot see it (404). */
export async function showResource(
  db: Knex,
  schema: ResourceSchema,
  id: string,
  scope: ReadScope,
  query: RawQuery = {},
  options: ReadOptions = {},
): Promise<ResourceBody | undefined> {
  const parsed = parseShowQuery(schema, query);
  const dbSchema = options.dbSchema ?? DEFAULT_SCHEMA;
  const list = parsed.details ? embeddings(schema, options, parsed.fields) : [];
  const row = (await buildShowQuery(
    db,
    dbSchema,
    schema,
    id,
    scope,
    parsed.fields,
    list.map((e) => e.column),
  )) as DbRow | undefined;
  if (!row) return undefined;
  const resources = [toResource(schema, row, parsed.fields)];
  await embed(db, dbSchema, [row], resources, list, scope);
  return resources[0];
}

function isParsed(query: RawQuery | ListQuery): query is ListQuery {
  return Array.isArray((query as ListQuery).filters) && typeof (query as ListQuery).sortKey === 'string';
}
