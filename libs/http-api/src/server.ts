// The Gohan-style HTTP API as Koa middleware: error table → request id → CORS preflight → auth →
// route (generated from the schemas) → generic handler. `createApiServer(deps)` gives a Koa app;
// apps/api puts its health, readiness and metrics endpoints in front of it.
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import type { Middleware } from 'koa';
import { tokenFromRequest } from './auth/tokens';
import { HttpError, MESSAGES, errorResponse, unauthorized } from './errors';
import type { ResolvedRoute } from './http/routes';
import { listResources, showHistory, showResource } from './handlers/read';
import type { ApiRuntime } from './handlers/runtime';
import { apiRuntime } from './handlers/runtime';
import { handleOperation, operationRoute } from './handlers/operations';
import { PROVISIONING_METHODS, provisioningRoute } from './handlers/provisioning';
import { listSchemas, showSchema } from './handlers/schemas';
import { deleteResource, patchResource, postResource, putResource } from './handlers/write';
import type { ApiDeps } from './ports';
import type { ApiContext, ApiState } from './state';

type Handler = (rt: ApiRuntime, ctx: ApiContext) => Promise<void> | void;

/** The handler for (route, method), or the methods the route allows. */
export function handlerFor(route: ResolvedRoute, method: string): Handler | string[] {
  switch (route.kind) {
    case 'collection': {
      const { schema, parent } = route;
      if (method === 'GET' || method === 'HEAD') return (rt, ctx) => listResources(rt, ctx, schema, parent);
      if (method === 'POST') return (rt, ctx) => postResource(rt, ctx, schema, parent);
      return ['GET', 'HEAD', 'POST'];
    }
    case 'member': {
      const { schema, id, parent } = route;
      if (method === 'GET' || method === 'HEAD') return (rt, ctx) => showResource(rt, ctx, schema, id);
      if (method === 'PUT') return (rt, ctx) => putResource(rt, ctx, schema, id, parent);
      if (method === 'PATCH') return (rt, ctx) => patchResource(rt, ctx, schema, id);
      if (method === 'DELETE') return (rt, ctx) => deleteResource(rt, ctx, schema, id);
      return ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'];
    }
    case 'history': {
      const { schema, id } = route;
      return method === 'GET' || method === 'HEAD'
        ? (rt, ctx) => showHistory(rt, ctx, schema, id)
        : ['GET', 'HEAD'];
    }
    case 'provisioning': {
      const { schema, id, op } = route;
      return PROVISIONING_METHODS[op].includes(method)
        ? (rt, ctx) => provisioningRoute(rt, ctx, schema, id, op)
        : [...PROVISIONING_METHODS[op]];
    }
    case 'schemas':
      return method === 'GET' || method === 'HEAD' ? (rt, ctx) => listSchemas(rt, ctx) : ['GET', 'HEAD'];
    case 'schema': {
      const { id } = route;
      return method === 'GET' || method === 'HEAD' ? (rt, ctx) => showSchema(rt, ctx, id) : ['GET', 'HEAD'];
    }
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The whole API as one middleware (mount it after any unauthenticated ops endpoints). */
export function gohanApi(deps: ApiDeps): Middleware<ApiState> {
  const rt = apiRuntime(deps);
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    ctx.state.requestId = REQUEST_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    try {
      await dispatch(rt, ctx, next);
    } catch (error) {
      const response = errorResponse(error, deps.statusOf);
      const where = { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path };
      if (response.status === 500) deps.log.error({ ...where, err: error }, 'request failed');
      else if (response.log) deps.log.warn({ ...where, error: response.body.error }, 'request not completed');
      for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
      ctx.status = response.status;
      ctx.body = response.body;
    }
  };
}

async function dispatch(rt: ApiRuntime, ctx: ApiContext, next: Koa.Next): Promise<void> {
  if (ctx.method === 'OPTIONS') {
    // CORS preflight: no token needed (GOHAN_API.md §1.2).
    ctx.set('Access-Control-Allow-Origin', ctx.get('Origin') || '*');
    ctx.set(
      'Access-Control-Allow-Headers',
      'X-Auth-Token, Content-Type, If-Match, X-Command-Id, X-Consistency-Token',
    );
    ctx.set('Access-Control-Expose-Headers', 'X-Total-Count, X-Consistency-Token, X-Command-Id, ETag');
    ctx.set('Access-Control-Allow-Methods', 'GET,PUT,POST,PATCH,DELETE');
    ctx.status = 200;
    ctx.body = '';
    return;
  }
  const token = tokenFromRequest(ctx.get('X-Auth-Token') || undefined, ctx.get('Cookie') || undefined);
  if (token === undefined) throw unauthorized(MESSAGES.noToken);
  const identity = rt.deps.tokens.verify(token);
  if (!identity) throw unauthorized(MESSAGES.badToken);
  ctx.state.auth = identity;

  const route = rt.routes.resolve(ctx.path);
  const operation = route ? undefined : operationRoute(ctx.path);
  if (operation && rt.deps.operations) return handleOperation(rt, ctx, operation);
  if (!route) {
    await next(); // let a later middleware answer; otherwise Gohan's 404
    if (ctx.status === 404 && ctx.body === undefined) throw new HttpError('not-found', MESSAGES.unrouted);
    return;
  }
  const handler = handlerFor(route, ctx.method);
  if (Array.isArray(handler)) {
    throw new HttpError('method-not-allowed', `Method ${ctx.method} is not allowed on ${ctx.path}`, {
      headers: { Allow: handler.join(', ') },
    });
  }
  await handler(rt, ctx);
}

/** A Koa app serving the API; `before` middlewares (health, metrics) run first and without auth. */
export function createApiServer(deps: ApiDeps, options: { before?: Middleware[] } = {}): Koa<ApiState> {
  const app = new Koa<ApiState>();
  app.proxy = false;
  for (const middleware of options.before ?? []) app.use(middleware as Middleware<ApiState>);
  app.use(gohanApi(deps));
  return app;
}
