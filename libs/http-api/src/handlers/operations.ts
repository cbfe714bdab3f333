// Read-only endpoints of the stream consumers, next to the generic resource routes:
//   GET /v2.0/alerts[?state=open|resolved&kind=&severity=&resource_type=&resource_id=&tenant_id=&limit=&offset=]
//   GET /v2.0/alerts/<id>
//   GET /v2.0/usage?period_start=<iso>&period_end=<iso>[&as_of=<iso>&resource_type=&tenant_id=]
//   GET /v2.0/usage_records?period_start=<iso>&period_end=<iso>[&resource_type=&resource_id=&tenant_id=]
// Gohan-style: envelopes `{"alerts": [...]}` (+ X-Total-Count), `{"alert": {...}}`, `{"usage": {...}}`,
// `{"usage_records": [...]}`; errors `{"error": "..."}`; an unknown query key is 400. Scoped by the
// policy like any read (is_owner: the caller's tenants; admin: every tenant, `tenant_id` narrows).
import { HttpError, badRequest, notFound } from '../errors';
import { valuesOf } from '../http/query';
import type { RawQuery } from '../http/query';
import { normalizePath } from '../http/routes';
import { authorize } from '../policy/policy';
import type { OperationsSource, ReadScope } from '../ports';
import type { ApiContext } from '../state';
import type { ApiRuntime } from './runtime';
import { queryOf, scopeOf } from './runtime';

export const ALERTS_PATH = '/v2.0/alerts';
export const USAGE_PATH = '/v2.0/usage';
export const USAGE_RECORDS_PATH = '/v2.0/usage_records';

export type OperationRoute =
  { kind: 'alerts' } | { kind: 'alert'; id: string } | { kind: 'usage' } | { kind: 'usage_records' };

export function operationRoute(path: string): OperationRoute | undefined {
  const p = normalizePath(path);
  if (p === ALERTS_PATH) return { kind: 'alerts' };
  if (p === USAGE_PATH) return { kind: 'usage' };
  if (p === USAGE_RECORDS_PATH) return { kind: 'usage_records' };
  const member = new RegExp(`^${ALERTS_PATH.replace(/\./g, '\\.')}/([^/]+)$`).exec(p);
  if (member) {
    try {
      return { kind: 'alert', id: decodeURIComponent(member[1]!) };
    } catch (error) {
      throw badRequest(`Malformed URL segment ${JSON.stringify(member[1])}`, error);
    }
  }
  return undefined;
}

function checkKeys(raw: RawQuery, allowed: readonly string[]): void {
  for (const key of Object.keys(raw))
    if (!allowed.includes(key))
      throw badRequest(`Unknown query parameter ${key}; allowed: ${allowed.join(', ')}`);
}

function single(raw: RawQuery, key: string): string | undefined {
  const values = valuesOf(raw, key);
  if (values.length > 1) throw badRequest(`${key} may be given once`);
  return values[0];
}

function nonNegative(raw: RawQuery, key: string): number | undefined {
  const value = single(raw, key);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw badRequest(`${key} must be a non-negative integer`);
  return Number(value);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function timestamp(raw: RawQuery, key: string, required: boolean): string | undefined {
  const value = single(raw, key);
  if (value === undefined) {
    if (required) throw badRequest(`${key} is required (ISO-8601, e.g. 2018-04-16T00:00:00Z)`);
    return undefined;
  }
  if (!ISO.test(value) || Number.isNaN(Date.parse(value)))
    throw badRequest(`${key} must be an ISO-8601 timestamp with a time zone, e.g. 2018-04-16T00:00:00Z`);
  return new Date(Date.parse(value)).toISOString();
}

/** The caller's scope narrowed by `tenant_id` (a member asking for another tenant sees nothing). */
function narrowed(scope: ReadScope, raw: RawQuery): ReadScope {
  const wanted = valuesOf(raw, 'tenant_id');
  if (wanted.length === 0) return scope;
  if (scope.kind === 'all') return { kind: 'tenants', tenantIds: wanted };
  return { kind: 'tenants', tenantIds: scope.tenantIds.filter((t) => wanted.includes(t)) };
}

function sourceOf<K extends keyof OperationsSource>(
  rt: ApiRuntime,
  key: K,
): NonNullable<OperationsSource[K]> {
  const source = rt.deps.operations?.[key];
  if (!source) throw notFound('404 page not found');
  return source as NonNullable<OperationsSource[K]>;
}

const ALERT_KEYS = [
  'state',
  'kind',
  'severity',
  'resource_type',
  'resource_id',
  'tenant_id',
  'limit',
  'offset',
];
const USAGE_KEYS = ['period_start', 'period_end', 'as_of', 'resource_type', 'tenant_id'];
const RECORD_KEYS = ['period_start', 'period_end', 'resource_type', 'resource_id', 'tenant_id'];

export async function handleOperation(rt: ApiRuntime, ctx: ApiContext, route: OperationRoute): Promise<void> {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    throw new HttpError('method-not-allowed', `Method ${ctx.method} is not allowed on ${ctx.path}`, {
      headers: { Allow: 'GET, HEAD' },
    });
  }
  const raw = queryOf(ctx);
  const path = route.kind === 'alert' ? `${ALERTS_PATH}/${route.id}` : normalizePath(ctx.path);
  const scope = scopeOf(authorize(rt.deps.policies, 'read', path, ctx.state.auth));
  switch (route.kind) {
    case 'alerts': {
      checkKeys(raw, ALERT_KEYS);
      const state = valuesOf(raw, 'state');
      for (const s of state)
        if (s !== 'open' && s !== 'resolved') throw badRequest('state must be open or resolved');
      const limit = nonNegative(raw, 'limit');
      const offset = nonNegative(raw, 'offset');
      const { items, total } = await sourceOf(rt, 'alerts').list(
        {
          state: state as ('open' | 'resolved')[],
          kind: valuesOf(raw, 'kind'),
          severity: valuesOf(raw, 'severity'),
          resource_type: valuesOf(raw, 'resource_type'),
          resource_id: valuesOf(raw, 'resource_id'),
          ...(limit !== undefined ? { limit } : {}),
          ...(offset !== undefined ? { offset } : {}),
        },
        narrowed(scope, raw),
      );
      ctx.set('X-Total-Count', String(total));
      ctx.body = { alerts: items };
      return;
    }
    case 'alert': {
      const alert = await sourceOf(rt, 'alerts').show(route.id, scope);
      if (!alert) throw notFound();
      ctx.body = { alert };
      return;
    }
    case 'usage':
    case 'usage_records': {
      checkKeys(raw, route.kind === 'usage' ? USAGE_KEYS : RECORD_KEYS);
      const period_start = timestamp(raw, 'period_start', true)!;
      const period_end = timestamp(raw, 'period_end', true)!;
      if (Date.parse(period_end) <= Date.parse(period_start))
        throw badRequest('period_end must be after period_start');
      const filter = {
        period_start,
        period_end,
        resource_type: single(raw, 'resource_type'),
        resource_id: single(raw, 'resource_id'),
      };
      if (route.kind === 'usage_records') {
        const records = await sourceOf(rt, 'usage').records(filter, narrowed(scope, raw));
        ctx.set('X-Total-Count', String(records.length));
        ctx.body = { usage_records: records };
        return;
      }
      const now = rt.clock().toISOString();
      const as_of =
        timestamp(raw, 'as_of', false) ?? (Date.parse(now) < Date.parse(period_end) ? now : period_end);
      ctx.body = { usage: await sourceOf(rt, 'usage').report({ ...filter, as_of }, narrowed(scope, raw)) };
      return;
    }
  }
}
