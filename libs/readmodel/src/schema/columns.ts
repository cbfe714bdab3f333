// The read-model table of a resource type, derived from its gohan schema (the single source):
// one column per property, typed for Postgres (objects and arrays as jsonb), plus bookkeeping
// columns that are never part of the API output. Secret properties get no column at all: the
// read side never holds a secret, not even its ciphertext (DOMAIN.md §10.10).
import type { PropertySchema, ResourceSchema } from '@gohan-es/domain';
import { indexName } from './names';

export type PgType = 'text' | 'bigint' | 'double precision' | 'boolean' | 'jsonb';

export interface ColumnSpec {
  name: string;
  pgType: PgType;
  /** Gohan's rule: nullable when the type list has "null", or when neither required nor defaulted. */
  nullable: boolean;
  /** May be used in a `<prop>=v` list filter (scalars only). */
  filterable: boolean;
}

export interface IndexSpec {
  name: string;
  columns: string[];
}

export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
}

/** Bookkeeping columns of every resource table (Gohan's state_versioning columns, §5). */
export const BOOKKEEPING_COLUMNS = {
  config_version: 'integer not null default 1',
  state_version: 'integer not null default 0',
  state_error: 'text',
  marked_for_deletion: 'boolean not null default false',
  status_detail: 'jsonb',
  domain_state: 'jsonb',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

export type BookkeepingColumn = keyof typeof BOOKKEEPING_COLUMNS;

/**
 * The last observation's detail (which router is MASTER, since when, observed when): not a schema
 * property, so never in a default show/list; a resource with an operational_state outputs it when
 * `_fields` asks for it (`?_fields=status&_fields=status_detail`).
 */
export const STATUS_DETAIL_FIELD = 'status_detail';

export function hasStatusDetail(schema: ResourceSchema): boolean {
  return 'operational_state' in schema.schema.properties;
}

/**
 * The router's message of the last failed provisioning (DOMAIN.md §10.6), e.g.
 * `MX-1: commit failed: ...`; like status_detail it is output when `_fields` asks for it.
 */
export const STATE_ERROR_FIELD = 'state_error';

/** Bookkeeping columns a client may ask for with `_fields`, for this schema. */
export function requestableStateFields(schema: ResourceSchema): string[] {
  const fields: string[] = [];
  if (hasStatusDetail(schema)) fields.push(STATUS_DETAIL_FIELD);
  if ('orchestration_state' in schema.schema.properties) fields.push(STATE_ERROR_FIELD);
  return fields;
}

/** Columns left out of checksums: times of projection, not facts of the log. */
export const VOLATILE_COLUMNS: readonly BookkeepingColumn[] = ['created_at', 'updated_at'];

export function nonNullTypes(property: PropertySchema): string[] {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  return types.filter((t) => t !== 'null');
}

export function pgTypeOf(property: PropertySchema): PgType {
  const types = nonNullTypes(property);
  if (types.length !== 1) return 'jsonb';
  switch (types[0]) {
    case 'string':
      return 'text';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double precision';
    case 'boolean':
      return 'boolean';
    default:
      return 'jsonb';
  }
}

export function isSecret(property: PropertySchema): boolean {
  return property.secret === true;
}

export function isNullable(schema: ResourceSchema, name: string): boolean {
  const property = schema.schema.properties[name];
  if (!property) return true;
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (types.includes('null')) return true;
  const required = schema.schema.required ?? [];
  return !required.includes(name) && property.default === undefined;
}

/** Property names that are stored and returned (every property except secrets), sorted. */
export function visibleProperties(schema: ResourceSchema): string[] {
  return Object.entries(schema.schema.properties)
    .filter(([, property]) => !isSecret(property))
    .map(([name]) => name)
    .sort();
}

function indexedColumns(schema: ResourceSchema): string[] {
  const parentKey = schema.parent ? `${schema.parent}_id` : undefined;
  return visibleProperties(schema).filter((name) => {
    if (name === 'id') return false; // the primary key
    const p = schema.schema.properties[name]!;
    return p.indexed || p.unique || p.relation !== undefined || name === 'tenant_id' || name === parentKey;
  });
}

const specs = new WeakMap<ResourceSchema, TableSpec>();

/** The table layout of a resource type (computed once per schema object). */
export function tableSpec(schema: ResourceSchema): TableSpec {
  let spec = specs.get(schema);
  if (!spec) {
    spec = buildTableSpec(schema);
    specs.set(schema, spec);
  }
  return spec;
}

function buildTableSpec(schema: ResourceSchema): TableSpec {
  const table = schema.plural;
  const columns: ColumnSpec[] = visibleProperties(schema).map((name) => {
    if (name in BOOKKEEPING_COLUMNS) {
      throw new Error(`schema ${schema.id}: property ${name} collides with a read-model bookkeeping column`);
    }
    const pgType = pgTypeOf(schema.schema.properties[name]!);
    return { name, pgType, nullable: isNullable(schema, name), filterable: pgType !== 'jsonb' };
  });
  if (!columns.some((c) => c.name === 'id')) {
    columns.unshift({ name: 'id', pgType: 'text', nullable: false, filterable: true });
  }
  const stored = new Set(columns.map((c) => c.name));
  const indexes: IndexSpec[] = indexedColumns(schema).map((c) => ({
    name: indexName(table, c),
    columns: [c],
  }));
  for (const [name, index] of Object.entries(schema.schema.indexes ?? {})) {
    const cols = index.columns.filter((c) => stored.has(c));
    if (cols.length === index.columns.length)
      indexes.push({ name: indexName(table, name), columns: [...cols] });
  }
  return { table, columns, indexes };
}
