// @gohan-es/billing: usage metering from the lifecycle events. Pure rules (rules/): which resources
// are billable, usage records (intervals of existence, ACTIVE or not, with the vpn_gateway's QoS
// bandwidth) keyed by event id, and the period report. Adapters (store/): the consumer's Postgres
// tables, its batch apply (facts + records + offsets in one transaction) and the queries.
export * from './rules/billable';
export * from './rules/usage';
export * from './rules/report';
export {
  BILLING_TABLES,
  DEFAULT_BILLING_SCHEMA,
  USAGE_TABLE,
  applyBillingBatch,
  billingSpec,
  migrateBilling,
} from './store/consumer';
export type { BillingDerived } from './store/consumer';
export { listUsageRecords, usageReportOf } from './store/queries';
export type { BillingScope, UsageQuery } from './store/queries';
