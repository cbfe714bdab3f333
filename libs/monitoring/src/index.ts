// @gohan-es/monitoring: alerts from state transitions and the system's Prometheus metrics. Pure
// rules (rules/): alerts from a resource's lifecycle, provisioning durations. Adapters: the
// consumer's Postgres tables and batch apply (store/), alert queries, the webhook outbox delivery,
// and the metrics (consumer lag per group, resources by status, provisioning, alerts).
export * from './rules/alerts';
export * from './rules/monitored';
export * from './rules/provisioning';
export {
  ALERTS_TABLE,
  DEFAULT_MONITORING_SCHEMA,
  MONITORING_TABLES,
  OUTBOX_TABLE,
  alertTransitions,
  applyMonitoringBatch,
  migrateMonitoring,
  monitoringSpec,
} from './store/consumer';
export type { AlertTransition, MonitoringBatchOptions, MonitoringDerived } from './store/consumer';
export { listAlerts, showAlert } from './store/queries';
export type { AlertQuery, MonitoringScope } from './store/queries';
export { WebhookError, WebhookNotifier } from './webhook';
export type { WebhookOptions } from './webhook';
export { consumerLag, registerConsumerLag } from './metrics/consumer-lag';
export type { LagExporterOptions, LagFigure, LagSource } from './metrics/consumer-lag';
export { registerStateGauges, resourcesByStatus } from './metrics/gauges';
export type { GaugeOptions, StatusCount } from './metrics/gauges';
export { recordMonitoringBatch, recordProvisioningOutcomes } from './metrics/events';
