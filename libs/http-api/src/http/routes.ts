// URL layout generated from the resource schemas (GOHAN_API.md §1.1): no per-resource route code.
// For every schema: `<prefix>/<plural>[/<id>[/history]]`, and for a child schema also the nested
// form through its ancestors `<prefix>/<a plural>/<a id>/<b plural>/<b id>/<plural>[...]`.
// Members also have the provisioner's `/config` (dry-run), `/drift` and `/sync` (PROVISIONING_OPS).
// A `.json` suffix and a trailing slash are ignored; path segments are percent-decoded.
import type { ResourceSchema } from '@gohan-es/domain';
import { badRequest } from '../errors';

export const SCHEMAS_PATH = '/gohan/v0.1/schemas';

/** Member sub-resources served by the provisioner: dry-run, drift, re-apply / repair. */
export const PROVISIONING_OPS = ['config', 'drift', 'sync'] as const;
export type ProvisioningOp = (typeof PROVISIONING_OPS)[number];

export interface ParentRef {
  schema: ResourceSchema;
  id: string;
}

export type ResolvedRoute =
  | { kind: 'collection'; schema: ResourceSchema; parent?: ParentRef }
  | { kind: 'member'; schema: ResourceSchema; id: string; parent?: ParentRef }
  | { kind: 'history'; schema: ResourceSchema; id: string; parent?: ParentRef }
  | { kind: 'provisioning'; schema: ResourceSchema; id: string; op: ProvisioningOp; parent?: ParentRef }
  | { kind: 'schemas' }
  | { kind: 'schema'; id: string };

/** One URL form of a collection: literal segments, and `null` where an ancestor's id goes. */
interface Template {
  schema: ResourceSchema;
  segments: readonly (string | null)[];
  /** The schema of each `null` segment, in order (the last one is the direct parent). */
  ancestors: readonly ResourceSchema[];
}

function prefixSegments(prefix: string): string[] {
  return prefix.split('/').filter((s) => s !== '');
}

/** The ancestors of a schema, root first; throws on an unknown parent or a cycle. */
function ancestorsOf(schema: ResourceSchema, byId: ReadonlyMap<string, ResourceSchema>): ResourceSchema[] {
  const chain: ResourceSchema[] = [];
  let current = schema;
  while (current.parent !== undefined) {
    const parent = byId.get(current.parent);
    if (!parent) throw new Error(`schema ${current.id}: unknown parent ${current.parent}`);
    if (parent === schema || chain.includes(parent)) throw new Error(`schema ${schema.id}: parent cycle`);
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

export function buildTemplates(schemas: readonly ResourceSchema[]): Template[] {
  const byId = new Map(schemas.map((s) => [s.id, s]));
  const templates: Template[] = [];
  for (const schema of schemas) {
    const prefix = prefixSegments(schema.prefix);
    templates.push({ schema, segments: [...prefix, schema.plural], ancestors: [] });
    const ancestors = ancestorsOf(schema, byId);
    if (ancestors.length > 0) {
      const nested = ancestors.flatMap((a) => [a.plural, null]);
      templates.push({ schema, segments: [...prefix, ...nested, schema.plural], ancestors });
    }
  }
  return templates;
}

/** The path as routed: `.json` suffix and trailing slashes removed (Gohan's JSONURLs middleware). */
export function normalizePath(path: string): string {
  let p = path.replace(/\/+$/, '');
  if (p.endsWith('.json')) p = p.slice(0, -'.json'.length).replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

function decodeSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s, i) => i > 0 || s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch (error) {
        throw badRequest(`Malformed URL segment ${JSON.stringify(s)}`, error);
      }
    });
}

function matchTemplate(template: Template, segments: readonly string[]): string[] | undefined {
  if (segments.length < template.segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < template.segments.length; i += 1) {
    const expected = template.segments[i];
    const actual = segments[i]!;
    if (expected === null) {
      if (actual === '') return undefined;
      params.push(actual);
    } else if (expected !== actual) return undefined;
  }
  return params;
}

export interface RouteTable {
  resolve(path: string): ResolvedRoute | undefined;
  /** Every collection URL (short and nested forms), for documentation and tests. */
  urls(): string[];
}

export function routeTable(schemas: readonly ResourceSchema[]): RouteTable {
  const templates = buildTemplates(schemas);
  const schemaSegments = prefixSegments(SCHEMAS_PATH);
  return {
    resolve(path) {
      const segments = decodeSegments(normalizePath(path));
      const rest = segments.slice(schemaSegments.length);
      if (schemaSegments.every((s, i) => segments[i] === s)) {
        if (rest.length === 0) return { kind: 'schemas' };
        if (rest.length === 1 && rest[0] !== '') return { kind: 'schema', id: rest[0]! };
        return undefined;
      }
      for (const template of templates) {
        const params = matchTemplate(template, segments);
        if (!params) continue;
        const tail = segments.slice(template.segments.length);
        const direct = template.ancestors.at(-1);
        const parent = direct ? { parent: { schema: direct, id: params.at(-1)! } } : {};
        if (tail.length === 0) return { kind: 'collection', schema: template.schema, ...parent };
        if (tail[0] === '') continue;
        if (tail.length === 1) return { kind: 'member', schema: template.schema, id: tail[0]!, ...parent };
        if (tail.length === 2 && tail[1] === 'history')
          return { kind: 'history', schema: template.schema, id: tail[0]!, ...parent };
        const op = PROVISIONING_OPS.find((o) => o === tail[1]);
        if (tail.length === 2 && op !== undefined)
          return { kind: 'provisioning', schema: template.schema, id: tail[0]!, op, ...parent };
      }
      return undefined;
    },
    urls() {
      return templates.map((t) => {
        let n = 0;
        return '/' + t.segments.map((s) => (s === null ? `:${t.ancestors[n++]!.id}` : s)).join('/');
      });
    },
  };
}

/** Gohan's policy paths: the plural URL for list and create, the singular URL with the id otherwise. */
export function collectionUrl(schema: ResourceSchema): string {
  return `${schema.prefix.replace(/\/+$/, '')}/${schema.plural}`;
}

export function memberUrl(schema: ResourceSchema, id: string): string {
  return `${collectionUrl(schema)}/${id}`;
}

/** The property that names a child's parent (`<parent id>_id`), GOHAN_API.md §1.1. */
export function parentProperty(schema: ResourceSchema): string | undefined {
  return schema.parent === undefined ? undefined : `${schema.parent}_id`;
}
