// The API's OperationsSource: the monitoring consumer's alerts and the billing consumer's usage
// records, read from their Postgres schemas with the caller's tenant scope.
import type { Knex } from 'knex';
import { listUsageRecords, usageReportOf } from '@gohan-es/billing';
import type { BillingScope } from '@gohan-es/billing';
import type { OperationsSource, ReadScope } from '@gohan-es/http-api';
import { listAlerts, showAlert } from '@gohan-es/monitoring';

export interface OperationsOptions {
  billingSchema: string;
  monitoringSchema: string;
}

/** Tenancy by types: every tenant (admin) or the listed ones. */
export function consumerScope(scope: ReadScope): BillingScope {
  return scope.kind === 'all' ? 'all' : { tenantIds: scope.tenantIds };
}

export function operationsSource(db: Knex, options: OperationsOptions): OperationsSource {
  return {
    alerts: {
      async list(filter, scope) {
        const { alerts, total } = await listAlerts(db, {
          ...filter,
          scope: consumerScope(scope),
          dbSchema: options.monitoringSchema,
        });
        return { items: alerts, total };
      },
      show: (id, scope) =>
        showAlert(db, id, { scope: consumerScope(scope), dbSchema: options.monitoringSchema }),
    },
    usage: {
      report: (filter, scope) =>
        usageReportOf(db, {
          scope: consumerScope(scope),
          period_start: filter.period_start,
          period_end: filter.period_end,
          ...(filter.as_of ? { as_of: filter.as_of } : {}),
          ...(filter.resource_type ? { resource_type: filter.resource_type } : {}),
          dbSchema: options.billingSchema,
        }),
      records: (filter, scope) =>
        listUsageRecords(db, {
          scope: consumerScope(scope),
          period_start: filter.period_start,
          period_end: filter.period_end,
          ...(filter.resource_type ? { resource_type: filter.resource_type } : {}),
          ...(filter.resource_id ? { resource_id: filter.resource_id } : {}),
          dbSchema: options.billingSchema,
        }),
    },
  };
}
