// Write handlers, generic over the schemas: POST, PUT (create-or-update), PATCH and DELETE. Each
// checks policy and tenancy, validates the body's shape with the domain (400 without publishing),
// publishes one command and answers with the decider's outcome (ARCHITECTURE.md §2).
import type { Command, ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { commandMeta, createCommand, deleteCommand, updateCommand } from '../command';
import { HttpError, MESSAGES, forbidden, unauthorized } from '../errors';
import { readResourceBody } from '../http/body';
import { etagOf, parseCommandId, parseIfMatch, valuesOf } from '../http/query';
import type { ParentRef } from '../http/routes';
import { collectionUrl, memberUrl, parentProperty } from '../http/routes';
import type { Grant } from '../policy/policy';
import { authorize, findGrant, grantCoversTenant } from '../policy/policy';
import { CommandTimeoutError } from '../ports';
import type { CommandOutcome } from '../ports';
import type { ApiContext } from '../state';
import type { ApiRuntime } from './runtime';
import { ALL_TENANTS, awaitConsistency, hasProperty, present, queryOf, scopeOf } from './runtime';

/** A sent property the policy hides: Gohan's 401 `<key> is prohibited for this user`. */
function rejectProhibited(body: ResourceBody, grant: Grant): void {
  for (const key of Object.keys(body)) if (!grant.visible(key)) throw unauthorized(MESSAGES.prohibited(key));
}

/** tenant_id comes from the token; naming a tenant outside the grant is Gohan's 401. */
function checkTenant(
  schema: ResourceSchema,
  body: ResourceBody,
  grant: Grant,
  fill: boolean,
  tenantId: string,
): void {
  if (!hasProperty(schema, 'tenant_id')) return;
  if (body.tenant_id === undefined) {
    if (fill) body.tenant_id = tenantId;
    return;
  }
  if (!grantCoversTenant(grant, body.tenant_id)) throw unauthorized(MESSAGES.otherTenant);
}

/** Secrets leave the API encrypted (validated in clear first). */
function seal(rt: ApiRuntime, schema: ResourceSchema, body: ResourceBody): ResourceBody {
  return rt.deps.sealSecrets ? rt.deps.sealSecrets(schema, body) : body;
}

async function send(
  rt: ApiRuntime,
  ctx: ApiContext,
  build: (meta: ReturnType<typeof commandMeta>) => Command,
): Promise<CommandOutcome> {
  const meta = commandMeta({
    commandId: parseCommandId(ctx.get('X-Command-Id') || undefined),
    requestId: ctx.state.requestId,
    identity: ctx.state.auth,
    clock: rt.clock,
    newId: rt.newId,
    newMac: rt.newMac,
  });
  ctx.state.commandId = meta.command_id;
  ctx.set('X-Command-Id', meta.command_id);
  const timeoutMs = rt.limits.commandTimeoutMs;
  try {
    return await rt.deps.commands.send(build(meta), { timeoutMs });
  } catch (error) {
    if (error instanceof CommandTimeoutError) {
      throw new HttpError(
        'gateway-timeout',
        `No outcome for command ${meta.command_id} within ${timeoutMs} ms; retry with header X-Command-Id: ${meta.command_id}`,
        { cause: error, headers: { 'X-Command-Id': meta.command_id } },
      );
    }
    throw error;
  }
}

/** Accepted → status, `{"<singular>": resource}`, X-Consistency-Token and ETag; rejected → its status and error. */
function respond(
  ctx: ApiContext,
  schema: ResourceSchema,
  outcome: CommandOutcome,
  grant: Grant,
  id: string | undefined,
): void {
  if (outcome.consistency_token) ctx.set('X-Consistency-Token', outcome.consistency_token);
  if (outcome.duplicate) ctx.set('X-Command-Duplicate', 'true');
  if (outcome.status === 'rejected') throw HttpError.ofStatus(outcome.http_status, outcome.error ?? '');
  const resource = outcome.resource ?? {};
  const target = id ?? (typeof resource.id === 'string' ? resource.id : undefined);
  const versions = outcome.events.filter((e) => e.aggregate_id === target).map((e) => e.aggregate_version);
  if (versions.length > 0) ctx.set('ETag', etagOf(Math.max(...versions)));
  ctx.status = outcome.http_status;
  if (outcome.http_status === 204) {
    ctx.body = null;
    return;
  }
  ctx.body = { [schema.singular]: present(schema, resource, grant.visible) };
}

async function create(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  body: ResourceBody,
  grant: Grant,
  parent?: ParentRef,
): Promise<void> {
  const { auth } = ctx.state;
  const key = parentProperty(schema);
  if (key !== undefined && body[key] === undefined) {
    const fromUrl = parent?.id ?? valuesOf(queryOf(ctx), key)[0];
    if (fromUrl !== undefined) body[key] = fromUrl;
  }
  if (body.id === '' || body.id === null) delete body.id; // Gohan generates a missing or empty id
  rejectProhibited(body, grant);
  checkTenant(schema, body, grant, true, auth.tenant_id);
  rt.deps.validator.validateCreate(schema, body);
  const sealed = seal(rt, schema, body);
  const outcome = await send(rt, ctx, (meta) => createCommand(schema.id, sealed, meta));
  respond(ctx, schema, outcome, grant, typeof body.id === 'string' ? body.id : undefined);
}

async function update(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
  body: ResourceBody,
  grant: Grant,
): Promise<void> {
  rejectProhibited(body, grant);
  checkTenant(schema, body, grant, false, ctx.state.auth.tenant_id);
  const ifMatch = parseIfMatch(ctx.get('If-Match') || undefined);
  // No read-model lookup: the decider finds the resource in its write model (never stale) and
  // answers 404 when it is missing or belongs to another tenant than the (non-admin) actor's.
  rt.deps.validator.validateUpdate(schema, body);
  const sealed = seal(rt, schema, body);
  const outcome = await send(rt, ctx, (meta) => updateCommand(schema.id, id, sealed, meta, ifMatch));
  respond(ctx, schema, outcome, grant, id);
}

export async function postResource(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  parent?: ParentRef,
): Promise<void> {
  const grant = authorize(rt.deps.policies, 'create', collectionUrl(schema), ctx.state.auth);
  const body = await readResourceBody(ctx.req, schema.singular, rt.limits.bodyBytes);
  await create(rt, ctx, schema, body, grant, parent);
}

export async function patchResource(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
): Promise<void> {
  const grant = authorize(rt.deps.policies, 'update', memberUrl(schema, id), ctx.state.auth);
  const body = await readResourceBody(ctx.req, schema.singular, rt.limits.bodyBytes);
  await update(rt, ctx, schema, id, body, grant);
}

/**
 * Gohan's PUT: update when the resource exists, else create it with the URL's id (201). Existence
 * is looked up in the read model (send X-Consistency-Token right after creating it elsewhere).
 */
export async function putResource(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
  parent?: ParentRef,
): Promise<void> {
  const body = await readResourceBody(ctx.req, schema.singular, rt.limits.bodyBytes);
  await awaitConsistency(rt, ctx);
  const existing = await rt.deps.reads.show(schema, id, {}, ALL_TENANTS);
  if (existing) {
    const grant = authorize(rt.deps.policies, 'update', memberUrl(schema, id), ctx.state.auth);
    if (body.id === id) delete body.id; // repeating the URL's id is not an attempt to change it
    await update(rt, ctx, schema, id, body, grant);
    return;
  }
  if (body.id !== undefined && body.id !== id) {
    throw new HttpError(
      'bad-request',
      `id in the body (${JSON.stringify(body.id)}) differs from the id in the URL (${JSON.stringify(id)})`,
    );
  }
  const grant = authorize(rt.deps.policies, 'create', collectionUrl(schema), ctx.state.auth);
  await create(rt, ctx, schema, { ...body, id }, grant, parent);
}

/**
 * Gohan's DELETE: 404 when the resource is missing or not the caller's, 403 when the caller may read
 * it but its delete policy leaves it out (a read policy wider than the delete policy).
 */
export async function deleteResource(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
): Promise<void> {
  const { auth } = ctx.state;
  const url = memberUrl(schema, id);
  const grant = authorize(rt.deps.policies, 'delete', url, auth);
  const ifMatch = parseIfMatch(ctx.get('If-Match') || undefined);
  const outcome = await send(rt, ctx, (meta) => deleteCommand(schema.id, id, meta, ifMatch));
  if (outcome.status === 'rejected' && outcome.http_status === 404 && grant.tenantIds !== undefined) {
    const readGrant = findGrant(rt.deps.policies, 'read', url, auth);
    const readable = readGrant && (await rt.deps.reads.show(schema, id, {}, scopeOf(readGrant)));
    if (readable && !grantCoversTenant(grant, readable.resource.tenant_id)) throw forbidden();
  }
  respond(ctx, schema, outcome, grant, id);
}
