// GET handlers, generic over the schemas: list, show and history. Reads come from the Postgres read
// model (after an optional read-your-writes wait); history comes from the event log.
import type { ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { notFound } from '../errors';
import { etagOf, prepareListQuery, prepareShowQuery } from '../http/query';
import type { ParentRef } from '../http/routes';
import { collectionUrl, memberUrl } from '../http/routes';
import { authorize, grantCoversTenant } from '../policy/policy';
import type { HistoryEntry } from '../ports';
import type { ApiContext } from '../state';
import type { ApiRuntime } from './runtime';
import { awaitConsistency, isSecret, present, queryOf, scopeOf } from './runtime';

export async function listResources(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  parent?: ParentRef,
): Promise<void> {
  const grant = authorize(rt.deps.policies, 'read', collectionUrl(schema), ctx.state.auth);
  const query = prepareListQuery(schema, queryOf(ctx), {
    visible: grant.visible,
    ...(parent ? { parent } : {}),
  });
  await awaitConsistency(rt, ctx);
  const { items, total } = await rt.deps.reads.list(schema, query, scopeOf(grant));
  ctx.set('X-Total-Count', String(total));
  ctx.body = { [schema.plural]: items.map((item) => present(schema, item, grant.visible)) };
}

export async function showResource(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
): Promise<void> {
  const grant = authorize(rt.deps.policies, 'read', memberUrl(schema, id), ctx.state.auth);
  const query = prepareShowQuery(schema, queryOf(ctx), grant.visible);
  await awaitConsistency(rt, ctx);
  const found = await rt.deps.reads.show(schema, id, query, scopeOf(grant));
  if (!found) throw notFound();
  if (found.version !== undefined) ctx.set('ETag', etagOf(found.version));
  ctx.body = { [schema.singular]: present(schema, found.resource, grant.visible) };
}

/** Secrets never leave the API, not even as "what changed" in an old event. */
function scrub(data: ResourceBody, schema: ResourceSchema | undefined): ResourceBody {
  if (!schema) return data;
  const out: ResourceBody = {};
  for (const [key, value] of Object.entries(data)) {
    if (isSecret(schema, key)) continue;
    out[key] =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      (key === 'resource' || key === 'changes')
        ? scrub(value, schema)
        : value;
  }
  return out;
}

export function presentHistoryEntry(
  entry: HistoryEntry,
  schemaOf: (id: string) => ResourceSchema | undefined,
): ResourceBody {
  const out: ResourceBody = {
    event_type: entry.event_type,
    aggregate_type: entry.aggregate_type,
    aggregate_id: entry.aggregate_id,
    version: entry.aggregate_version,
    occurred_at: entry.occurred_at,
    command_id: entry.command_id,
    user_name: entry.actor.user_name,
    actor: {
      user_name: entry.actor.user_name,
      tenant_id: entry.actor.tenant_id,
      roles: [...entry.actor.roles],
      is_admin: entry.actor.is_admin,
    },
    data: scrub(entry.data, schemaOf(entry.aggregate_type)),
  };
  if (entry.parent)
    out.parent = { aggregate_type: entry.parent.aggregate_type, aggregate_id: entry.parent.aggregate_id };
  return out;
}

export async function showHistory(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
): Promise<void> {
  const grant = authorize(rt.deps.policies, 'read', memberUrl(schema, id), ctx.state.auth);
  if (!rt.deps.history) throw notFound('History is not available');
  // The history is read from the log itself (committed events), so no consistency wait is needed.
  const entries = (await rt.deps.history.of(schema, id)).filter((e) => grantCoversTenant(grant, e.tenant_id));
  if (entries.length === 0) throw notFound();
  const byId = new Map(rt.deps.schemas.map((s) => [s.id, s]));
  ctx.set('X-Total-Count', String(entries.length));
  ctx.body = { history: entries.map((e) => presentHistoryEntry(e, (t) => byId.get(t))) };
}
