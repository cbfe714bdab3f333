// Metrics several apps feed, named once here so every process exports the same series.
import client from 'prom-client';
import { metricsRegistry } from './health';

/** gohan_router_poll_errors_total{router,reason}: failed router polls of the collector. */
export const routerPollErrors = new client.Counter({
  name: 'gohan_router_poll_errors_total',
  help: 'Router polls that failed, by router and reason (unreachable, timeout, rpc-error, parse, ...)',
  labelNames: ['router', 'reason'],
  registers: [metricsRegistry],
});

/** Counts one failed poll of a router (call it from the collector's poll loop). */
export function recordRouterPollError(router: string, reason: string): void {
  routerPollErrors.inc({ router, reason });
}
