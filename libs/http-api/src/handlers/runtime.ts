// What every handler shares: the injected dependencies with defaults filled in, the route table,
// and the small steps that recur (scope of a grant, read-your-writes wait, output trimming).
import type { ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { defaultInputs } from '../command';
import { HttpError } from '../errors';
import { DEFAULT_BODY_LIMIT_BYTES } from '../http/body';
import { CONSISTENCY_TOKEN_HEADER, consistencyTokenOf } from '../http/query';
import type { RawQuery } from '../http/query';
import type { RouteTable } from '../http/routes';
import { routeTable } from '../http/routes';
import type { Grant } from '../policy/policy';
import type { ApiDeps, ApiLimits, ReadScope } from '../ports';
import type { ApiContext } from '../state';

export const DEFAULT_LIMITS: ApiLimits = {
  bodyBytes: DEFAULT_BODY_LIMIT_BYTES,
  commandTimeoutMs: 10_000,
  consistencyWaitMs: 5_000,
};

export interface ApiRuntime {
  deps: ApiDeps;
  limits: ApiLimits;
  routes: RouteTable;
  clock: () => Date;
  newId: () => string;
  newMac: () => string;
}

export function apiRuntime(deps: ApiDeps): ApiRuntime {
  return {
    deps,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    routes: routeTable(deps.schemas),
    clock: deps.clock ?? defaultInputs.clock,
    newId: deps.newId ?? defaultInputs.newId,
    newMac: deps.newMac ?? defaultInputs.newMac,
  };
}

/** The read scope a grant allows: every tenant, or the grant's tenants. */
export function scopeOf(grant: Grant | undefined): ReadScope {
  return grant?.tenantIds === undefined ? { kind: 'all' } : { kind: 'tenants', tenantIds: grant.tenantIds };
}

export const ALL_TENANTS: ReadScope = { kind: 'all' };

export function queryOf(ctx: ApiContext): RawQuery {
  return ctx.query as RawQuery;
}

/** Read-your-writes: wait (bounded) until the projector has passed the request's consistency token. */
export async function awaitConsistency(rt: ApiRuntime, ctx: ApiContext): Promise<void> {
  const token = consistencyTokenOf(ctx.get(CONSISTENCY_TOKEN_HEADER) || undefined, queryOf(ctx));
  if (token === undefined) return;
  const passed = await rt.deps.reads.waitFor(token, rt.limits.consistencyWaitMs);
  if (!passed) {
    throw new HttpError(
      'gateway-timeout',
      `The read model has not reached consistency token ${token} within ${rt.limits.consistencyWaitMs} ms; retry later`,
    );
  }
}

export function hasProperty(schema: ResourceSchema, property: string): boolean {
  return Object.hasOwn(schema.schema.properties, property);
}

export function isSecret(schema: ResourceSchema, property: string): boolean {
  return schema.schema.properties[property]?.secret === true;
}

/**
 * Keys a response may carry: the schema's properties and its relation_property embeddings, plus
 * `status_detail` (the last observation's detail) of a resource with an operational_state and
 * `state_error` (the router's message of a failed provisioning), which the read side returns only
 * when `_fields` asks for them.
 */
function outputKeys(schema: ResourceSchema): Set<string> {
  const keys = new Set(Object.keys(schema.schema.properties));
  if ('operational_state' in schema.schema.properties) keys.add('status_detail');
  if ('orchestration_state' in schema.schema.properties) keys.add('state_error');
  for (const property of Object.values(schema.schema.properties))
    if (property.relation_property) keys.add(property.relation_property);
  return keys;
}

/**
 * The resource as the caller may see it: only schema properties (no write-model bookkeeping), never
 * secrets, never properties its policy hides.
 */
export function present(
  schema: ResourceSchema,
  resource: Record<string, unknown>,
  visible: (property: string) => boolean,
): ResourceBody {
  const keys = outputKeys(schema);
  const out: ResourceBody = {};
  for (const [key, value] of Object.entries(resource)) {
    if (!keys.has(key) || isSecret(schema, key) || !visible(key) || value === undefined) continue;
    out[key] = value as ResourceBody[string];
  }
  return out;
}
