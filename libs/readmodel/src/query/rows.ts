// Rows ↔ gohan resources. Output: only schema properties (never bookkeeping, never secrets, which
// have no column), keys sorted like Gohan's JSON, nullable properties shown as null (GOHAN_API.md §3).
import type { Json, ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { requestableStateFields, tableSpec } from '../schema/columns';
import type { ColumnSpec } from '../schema/columns';

export type DbRow = Record<string, unknown>;

/** A column value as read from pg: bigint arrives as a decimal string. */
export function decodeValue(column: ColumnSpec, value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (column.pgType === 'bigint' && typeof value === 'string') return Number(value);
  return value as Json;
}

/** A value about to be written: jsonb is sent as JSON text (pg would turn a JS array into a Postgres array). */
export function encodeValue(column: ColumnSpec, value: Json | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (column.pgType === 'jsonb') return JSON.stringify(value);
  if (typeof value === 'object') return column.pgType === 'text' ? JSON.stringify(value) : null;
  return value;
}

/**
 * The gohan resource for a row. With `fields` (_fields) the output has only those properties and
 * leaves out unset/null values; without it every property is present, nullable ones as null.
 */
export function toResource(schema: ResourceSchema, row: DbRow, fields?: readonly string[]): ResourceBody {
  const columns = tableSpec(schema).columns;
  const wanted = fields ? new Set(fields) : undefined;
  const out: ResourceBody = {};
  for (const column of columns) {
    if (wanted && !wanted.has(column.name)) continue;
    const value = decodeValue(column, row[column.name]);
    if (value === null) {
      if (!wanted && column.nullable) out[column.name] = null;
      continue;
    }
    out[column.name] = value;
  }
  for (const extra of requestableStateFields(schema))
    if (wanted?.has(extra) && row[extra] != null) out[extra] = row[extra] as Json;
  return out;
}

/** The stored property values of a row (for the projection's in-memory state). */
export function rowValues(schema: ResourceSchema, row: DbRow): ResourceBody {
  const out: ResourceBody = {};
  for (const column of tableSpec(schema).columns) {
    const value = decodeValue(column, row[column.name]);
    if (value !== null) out[column.name] = value;
  }
  return out;
}
