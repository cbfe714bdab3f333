// Metrics fed by the monitoring consumer after each committed batch (new facts only, so a replayed
// batch counts nothing twice): provisioning durations and results, and alert transitions.
import client from 'prom-client';
import { metricsRegistry } from '@gohan-es/runtime';
import type { ProvisioningOutcome } from '../rules/provisioning';
import type { MonitoringDerived } from '../store/consumer';

const provisioningSeconds = new client.Histogram({
  name: 'gohan_provisioning_duration_seconds',
  help: 'Time from ProvisioningStarted to its result (event times), by resource type, action and outcome',
  labelNames: ['resource_type', 'action', 'outcome'],
  buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
  registers: [metricsRegistry],
});

const provisioningResults = new client.Counter({
  name: 'gohan_provisioning_results_total',
  help: 'Provisioning results by resource type, action and outcome (succeeded, failed)',
  labelNames: ['resource_type', 'action', 'outcome'],
  registers: [metricsRegistry],
});

const alertTransitions = new client.Counter({
  name: 'gohan_alert_transitions_total',
  help: 'Alerts opened and resolved, by kind and condition',
  labelNames: ['kind', 'condition', 'transition'],
  registers: [metricsRegistry],
});

export function recordProvisioningOutcomes(outcomes: readonly ProvisioningOutcome[]): void {
  for (const o of outcomes) {
    const labels = { resource_type: o.resource_type, action: o.action, outcome: o.outcome };
    provisioningResults.inc(labels);
    if (o.seconds !== null) provisioningSeconds.observe(labels, o.seconds);
  }
}

export function recordMonitoringBatch(derived: MonitoringDerived | undefined): void {
  if (!derived) return;
  recordProvisioningOutcomes(derived.provisioning);
  for (const { alert, transition } of derived.transitions)
    alertTransitions.inc({ kind: alert.kind, condition: alert.condition, transition });
}
