// Gohan list query parameters (GOHAN_API.md §2) parsed and validated against a resource schema.
// Pure: raw query (as Koa gives it) → ListQuery, or a QueryError with Gohan's message.
import type { ResourceSchema } from '@gohan-es/domain';
import { requestableStateFields, tableSpec } from '../schema/columns';
import type { ColumnSpec } from '../schema/columns';
import { QueryError } from '../errors';

export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;
export type FilterValue = string | number | boolean;

export interface PropertyFilter {
  column: string;
  values: FilterValue[];
  /** search_field: substring match (LIKE '%v%', with %, _ and \ escaped). */
  substring: boolean;
}

export interface ListQuery {
  filters: PropertyFilter[];
  /** any_of=true: property filters are ORed (tenant scoping stays ANDed on top). */
  anyOf: boolean;
  sortKey: string;
  sortOrder: 'asc' | 'desc';
  /** undefined = unlimited (limit=0 counts as unlimited, as Gohan's docs say). */
  limit?: number;
  offset?: number;
  /** _fields: project the output to these properties (unset and null values then omitted). */
  fields?: string[];
  /** _details=false skips relation_property embedding. */
  details: boolean;
}

export const LIST_PARAMETERS = [
  'sort_key',
  'sort_order',
  'limit',
  'offset',
  'search_field',
  'any_of',
  '_fields',
  '_details',
] as const;
const RESERVED = new Set<string>(LIST_PARAMETERS);

function valuesOf(raw: RawQuery, key: string): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

/** Go's strconv.ParseBool, which Gohan uses for boolean filters. */
export function parseGoBool(value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new QueryError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

/** Go's strconv.ParseUint(s, 10, 64), which Gohan uses for limit and offset. */
export function parseGoUint(value: string): number {
  if (!/^[0-9]+$/.test(value))
    throw new QueryError(`strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new QueryError(`strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`);
  return n;
}

/** Gohan prints the unknown parameters as a Go map: map[k1:[v1 v2] k2:[v]] (keys sorted). */
function goMap(entries: [string, string[]][]): string {
  return `map[${entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}:[${v.join(' ')}]`)
    .join(' ')}]`;
}

function typedValue(schema: ResourceSchema, column: ColumnSpec, value: string): FilterValue {
  switch (column.pgType) {
    case 'boolean':
      return parseGoBool(value);
    case 'bigint':
      if (!/^-?[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new QueryError(
          `Invalid value ${JSON.stringify(value)} for integer property ${column.name} of schema ${schema.id}`,
        );
      }
      return Number(value);
    case 'double precision': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) {
        throw new QueryError(
          `Invalid value ${JSON.stringify(value)} for number property ${column.name} of schema ${schema.id}`,
        );
      }
      return n;
    }
    case 'jsonb':
      throw new QueryError(
        `Property ${column.name} of schema ${schema.id} is an object or array and cannot be used as a filter`,
      );
    default:
      return value;
  }
}

function first(raw: RawQuery, key: string): string {
  return valuesOf(raw, key)[0] ?? '';
}

export function parseListQuery(schema: ResourceSchema, raw: RawQuery): ListQuery {
  const columns = new Map(tableSpec(schema).columns.map((c) => [c.name, c]));
  const properties = schema.schema.properties;

  const unknown: [string, string[]][] = [];
  for (const key of Object.keys(raw)) {
    if (raw[key] === undefined || RESERVED.has(key) || key in properties) continue;
    unknown.push([key, valuesOf(raw, key)]);
  }
  if (unknown.length > 0) throw new QueryError(`Unrecognized query parameters: ${goMap(unknown)}`);

  const sortKey = first(raw, 'sort_key') || 'id';
  if (!columns.has(sortKey)) {
    throw new QueryError(`Schema ${schema.id} has no property ${sortKey} which can used as sorting key`);
  }
  const sortOrder = first(raw, 'sort_order') || 'asc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') throw new QueryError(`Unknown sort order ${sortOrder}`);

  const limitText = first(raw, 'limit');
  const offsetText = first(raw, 'offset');
  const limit = limitText === '' ? undefined : parseGoUint(limitText) || undefined;
  const offset = offsetText === '' ? undefined : parseGoUint(offsetText) || undefined;

  const search = new Set(valuesOf(raw, 'search_field'));
  if (search.size > 0 && schema.metadata.substr_search_enabled === false) {
    throw new QueryError(`Substring search is disabled for schema ${schema.id}`);
  }
  for (const key of search) {
    if (valuesOf(raw, key).length === 0 || !columns.has(key)) {
      throw new QueryError(`search value for \`${key}\` not available in URL`);
    }
  }

  const filters: PropertyFilter[] = [];
  for (const key of Object.keys(raw).sort()) {
    if (RESERVED.has(key)) continue;
    const column = columns.get(key);
    if (!column) continue; // a secret property: never stored, silently dropped like a policy-hidden one
    const values = valuesOf(raw, key);
    if (values.length === 0) continue;
    const substring = search.has(key);
    if (substring) {
      if (column.pgType === 'jsonb') typedValue(schema, column, values[0]!); // throws: not filterable
      filters.push({ column: key, values, substring });
    } else {
      filters.push({ column: key, values: values.map((v) => typedValue(schema, column, v)), substring });
    }
  }

  const anyOfText = first(raw, 'any_of');
  const detailsText = first(raw, '_details');
  const fields = valuesOf(raw, '_fields').filter(outputName(schema));
  const query: ListQuery = {
    filters,
    anyOf: anyOfText === '' ? false : parseGoBool(anyOfText),
    sortKey,
    sortOrder,
    details: detailsText === '' ? true : parseGoBool(detailsText),
  };
  if (limit !== undefined) query.limit = limit;
  if (offset !== undefined) query.offset = offset;
  if (valuesOf(raw, '_fields').length > 0) query.fields = fields;
  return query;
}

/** Names _fields may keep: stored properties and relation_property keys (secrets never). */
function outputName(schema: ResourceSchema): (name: string) => boolean {
  const names = new Set(tableSpec(schema).columns.map((c) => c.name));
  for (const extra of requestableStateFields(schema)) names.add(extra);
  for (const p of Object.values(schema.schema.properties))
    if (p.relation_property && !p.secret) names.add(p.relation_property);
  return (name) => names.has(name);
}

/** show takes only _fields and _details; other keys are ignored, as Gohan does on show. */
export function parseShowQuery(
  schema: ResourceSchema,
  raw: RawQuery = {},
): Pick<ListQuery, 'fields' | 'details'> {
  const detailsText = first(raw, '_details');
  const wanted = valuesOf(raw, '_fields');
  const out: Pick<ListQuery, 'fields' | 'details'> = {
    details: detailsText === '' ? true : parseGoBool(detailsText),
  };
  if (wanted.length > 0) out.fields = wanted.filter(outputName(schema));
  return out;
}
