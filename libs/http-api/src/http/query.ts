// Query strings (GOHAN_API.md §2). The read model validates list parameters with Gohan's messages
// (unknown key, sort key/order, limit/offset, search_field → 400); this module does the part that
// needs the caller: properties hidden by the policy are dropped from filters and _fields (as Gohan
// does), a hidden sort key is refused like an unknown one, a nested URL adds the `<parent>_id`
// filter, and our own `consistency_token` parameter is taken out before the read model sees it.
import type { ResourceSchema } from '@gohan-es/domain';
import { badRequest } from '../errors';
import type { ParentRef } from './routes';
import { parentProperty } from './routes';

export type RawQuery = Record<string, string | string[] | undefined>;

/** Read-your-writes token as a query parameter (the X-Consistency-Token header is preferred). */
export const CONSISTENCY_TOKEN_PARAM = 'consistency_token';
export const CONSISTENCY_TOKEN_HEADER = 'x-consistency-token';

export function valuesOf(raw: RawQuery, key: string): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

/** Parses `a=1&a=2&b` keeping repeated keys (Koa's ctx.query does too; this is for plain strings). */
export function parseQueryString(search: string): RawQuery {
  const out: RawQuery = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : [...(typeof seen === 'string' ? [seen] : seen), value];
  }
  return out;
}

function isProperty(schema: ResourceSchema, key: string): boolean {
  return Object.hasOwn(schema.schema.properties, key);
}

export interface ListQueryContext {
  /** The caller's property filter from its policy. */
  visible(property: string): boolean;
  /** Set on a nested URL: the list is filtered by the parent's id. */
  parent?: ParentRef;
}

/** The list query the read model receives. */
export function prepareListQuery(schema: ResourceSchema, raw: RawQuery, context: ListQueryContext): RawQuery {
  const out: RawQuery = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || key === CONSISTENCY_TOKEN_PARAM) continue;
    if (isProperty(schema, key) && !context.visible(key)) continue; // hidden: silently dropped
    out[key] = value;
  }
  const sortKey = valuesOf(out, 'sort_key')[0];
  if (sortKey !== undefined && isProperty(schema, sortKey) && !context.visible(sortKey)) {
    throw badRequest(`Schema ${schema.id} has no property ${sortKey} which can used as sorting key`);
  }
  for (const key of valuesOf(out, 'search_field')) {
    if (isProperty(schema, key) && !context.visible(key))
      throw badRequest(`search value for \`${key}\` not available in URL`);
  }
  const fields = valuesOf(out, '_fields');
  if (fields.length > 0) out._fields = fields.filter((f) => !isProperty(schema, f) || context.visible(f));
  if (context.parent) {
    const key = parentProperty(schema)!;
    out[key] = context.parent.id;
  }
  return out;
}

/** show accepts `_fields` and `_details`; other keys are ignored, as Gohan does on show. */
export function prepareShowQuery(
  schema: ResourceSchema,
  raw: RawQuery,
  visible: (property: string) => boolean,
): RawQuery {
  const out: RawQuery = {};
  const fields = valuesOf(raw, '_fields').filter((f) => !isProperty(schema, f) || visible(f));
  if (valuesOf(raw, '_fields').length > 0) out._fields = fields;
  const details = valuesOf(raw, '_details');
  if (details.length > 0) out._details = details;
  return out;
}

/** The read-your-writes token of a request: the header, else the query parameter. */
export function consistencyTokenOf(header: string | string[] | undefined, raw: RawQuery): string | undefined {
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const token = fromHeader ?? valuesOf(raw, CONSISTENCY_TOKEN_PARAM)[0];
  return token === undefined || token.trim() === '' ? undefined : token.trim();
}

/** `If-Match: "3"`, `W/"3"` or `3` → 3; `*` or absent → undefined; anything else is 400. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value);
  if (!match)
    throw badRequest(`Invalid If-Match header ${JSON.stringify(value)}: expected a version such as "3"`);
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

const COMMAND_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A client-chosen X-Command-Id (idempotent retry): 1–128 characters of [A-Za-z0-9._:-]. */
export function parseCommandId(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;
  if (!COMMAND_ID.test(value))
    throw badRequest('Invalid X-Command-Id header: expected 1-128 characters of [A-Za-z0-9._:-]');
  return value;
}
