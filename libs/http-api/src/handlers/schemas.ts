// Schema discovery (GOHAN_API.md §7): GET /gohan/v0.1/schemas and /gohan/v0.1/schemas/<id>, each
// entry trimmed by the caller's read policy and carrying the actions it may perform
// (`schema.permission`), which is what the web UI and `gohan client` are driven by.
import type { ResourceBody, ResourceSchema } from '@gohan-es/domain';
import type { Identity } from '../auth/tokens';
import { notFound } from '../errors';
import { SCHEMAS_PATH, collectionUrl, memberUrl } from '../http/routes';
import type { Policy } from '../policy/policy';
import { authorize, findGrant } from '../policy/policy';
import type { ApiContext } from '../state';
import type { ApiRuntime } from './runtime';

const ACTIONS = ['create', 'read', 'update', 'delete'] as const;

function permittedActions(policies: readonly Policy[], schema: ResourceSchema, identity: Identity): string[] {
  return ACTIONS.filter((action) => {
    const path = action === 'create' || action === 'read' ? collectionUrl(schema) : memberUrl(schema, ':id');
    return findGrant(policies, action, path, identity) !== undefined;
  });
}

/** The schema entry as the caller may see it, or undefined when it may not read the resource at all. */
export function schemaEntry(
  policies: readonly Policy[],
  schema: ResourceSchema,
  identity: Identity,
): ResourceBody | undefined {
  const grant = findGrant(policies, 'read', collectionUrl(schema), identity);
  if (!grant) return undefined;
  const keep = (p: string) => grant.visible(p);
  const properties = Object.fromEntries(
    Object.entries(schema.schema.properties).filter(([name]) => keep(name)),
  );
  const inner = {
    type: 'object',
    properties,
    propertiesOrder: (schema.schema.propertiesOrder ?? Object.keys(schema.schema.properties)).filter(keep),
    required: (schema.schema.required ?? []).filter(keep),
    permission: permittedActions(policies, schema, identity),
  };
  return JSON.parse(
    JSON.stringify({
      id: schema.id,
      singular: schema.singular,
      plural: schema.plural,
      title: schema.title,
      description: schema.description,
      parent: schema.parent ?? '',
      on_parent_delete_cascade: schema.on_parent_delete_cascade ?? false,
      prefix: schema.prefix,
      url: collectionUrl(schema),
      namespace: '',
      metadata: schema.metadata,
      actions: {},
      schema: inner,
    }),
  ) as ResourceBody;
}

export function listSchemas(rt: ApiRuntime, ctx: ApiContext): void {
  const { auth } = ctx.state;
  authorize(rt.deps.policies, 'read', SCHEMAS_PATH, auth);
  const entries = rt.deps.schemas
    .map((s) => schemaEntry(rt.deps.policies, s, auth))
    .filter((e): e is ResourceBody => e !== undefined);
  ctx.set('X-Total-Count', String(entries.length));
  ctx.body = { schemas: entries };
}

export function showSchema(rt: ApiRuntime, ctx: ApiContext, id: string): void {
  const { auth } = ctx.state;
  authorize(rt.deps.policies, 'read', `${SCHEMAS_PATH}/${id}`, auth);
  const schema = rt.deps.schemas.find((s) => s.id === id);
  const entry = schema && schemaEntry(rt.deps.policies, schema, auth);
  if (!entry) throw notFound();
  ctx.body = { schema: entry };
}
