// The collector's Prometheus metrics (served on /metrics of its health server).
import client from 'prom-client';
import type { CycleReport } from '@gohan-es/collector';
import { metricsRegistry } from '@gohan-es/runtime';

const cycles = new client.Histogram({
  name: 'gohan_collector_cycle_seconds',
  help: 'Duration of a poll cycle (all routers polled, rules applied, events published)',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});
const pollErrors = new client.Counter({
  name: 'gohan_collector_poll_errors_total',
  help: 'Router polls that failed, by router and kind (unreachable | error)',
  labelNames: ['router', 'kind'],
  registers: [metricsRegistry],
});
const events = new client.Counter({
  name: 'gohan_collector_events_total',
  help: 'OperationalStateObserved events published',
  registers: [metricsRegistry],
});
const targets = new client.Gauge({
  name: 'gohan_collector_targets',
  help: 'Monitored resources',
  registers: [metricsRegistry],
});
const held = new client.Gauge({
  name: 'gohan_collector_held',
  help: 'Changes held back by the hold period in the last cycle',
  registers: [metricsRegistry],
});

export function recordCycle(report: CycleReport): void {
  cycles.observe(report.durationMs / 1000);
  events.inc(report.events);
  targets.set(report.targets);
  held.set(report.held);
  for (const r of report.routers) if (r.status !== 'ok') pollErrors.inc({ router: r.name, kind: r.status });
}
