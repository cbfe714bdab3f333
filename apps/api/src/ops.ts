// Unauthenticated operations endpoints in front of the API: /healthz (the process runs), /readyz
// (Kafka and Postgres answer) and /metrics (Prometheus), plus a request-duration histogram.
import type { Middleware } from 'koa';
import client from 'prom-client';
import { metricsRegistry, readiness } from '@gohan-es/runtime';
import type { ReadinessCheck } from '@gohan-es/runtime';

const requestSeconds = new client.Histogram({
  name: 'gohan_api_request_duration_seconds',
  help: 'HTTP request duration by method, status and route kind',
  labelNames: ['method', 'status', 'route'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** `/v2.0/networks/x/history` → `v2.0/networks/:id/history`-like label with bounded cardinality. */
export function routeLabel(path: string): string {
  const [prefix, plural, ...rest] = path.split('/').filter((s) => s !== '');
  if (prefix === undefined) return '/';
  if (prefix === 'gohan') return '/gohan/*';
  const tail =
    rest.length === 0
      ? ''
      : rest.length === 1
        ? '/:id'
        : rest.at(-1) === 'history'
          ? '/:id/history'
          : '/nested';
  return `/${prefix}/${plural ?? ''}${tail}`.slice(0, 80);
}

export function opsMiddleware(checks: Record<string, ReadinessCheck>): Middleware {
  return async (ctx, next) => {
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/readyz') {
      const report = await readiness(checks);
      ctx.status = report.status === 'ok' ? 200 : 503;
      ctx.body = report;
      return;
    }
    if (ctx.path === '/metrics') {
      ctx.type = metricsRegistry.contentType;
      ctx.body = await metricsRegistry.metrics();
      return;
    }
    const stop = requestSeconds.startTimer({ method: ctx.method, route: routeLabel(ctx.path) });
    try {
      await next();
    } finally {
      stop({ status: String(ctx.status) });
    }
  };
}
