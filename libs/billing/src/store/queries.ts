// Reads of the usage records: by tenant scope (mandatory in the type: a list of tenants, or every
// tenant for the admin) and period, and the period report built from them (rules/report.ts).
import type { Knex } from 'knex';
import { assertSchemaName } from '@gohan-es/lifecycle';
import { usageReport } from '../rules/report';
import type { ReportPeriod, UsageReport } from '../rules/report';
import type { UsageRecord } from '../rules/usage';
import { DEFAULT_BILLING_SCHEMA, USAGE_TABLE } from './consumer';

/** Whose records a read returns: `{ tenantIds }`, or `'all'` (admin). */
export type BillingScope = { tenantIds: readonly string[] } | 'all';

export interface UsageQuery {
  scope: BillingScope;
  period_start: string;
  period_end: string;
  resource_type?: string;
  resource_id?: string;
  dbSchema?: string;
}

interface UsageRow {
  record_id: string;
  tenant_id: string;
  resource_type: string;
  resource_id: string;
  active: boolean;
  bandwidth_mbps: number | null;
  started_at: Date;
  ended_at: Date | null;
  closed_by: string | null;
}

const toRecord = (r: UsageRow): UsageRecord => ({
  record_id: r.record_id,
  tenant_id: r.tenant_id,
  resource_type: r.resource_type,
  resource_id: r.resource_id,
  active: r.active,
  bandwidth_mbps: r.bandwidth_mbps,
  started_at: r.started_at.toISOString(),
  ended_at: r.ended_at ? r.ended_at.toISOString() : null,
  closed_by: r.closed_by,
});

/** Usage records overlapping [period_start, period_end), in start order. */
export async function listUsageRecords(db: Knex, query: UsageQuery): Promise<UsageRecord[]> {
  const schema = assertSchemaName(query.dbSchema ?? DEFAULT_BILLING_SCHEMA);
  const q = db
    .withSchema(schema)
    .from(USAGE_TABLE)
    .where('started_at', '<', query.period_end)
    .andWhere((w) => void w.whereNull('ended_at').orWhere('ended_at', '>', query.period_start))
    .orderBy([{ column: 'started_at' }, { column: 'record_id' }])
    .select('*');
  if (query.scope !== 'all') void q.whereIn('tenant_id', [...query.scope.tenantIds]);
  if (query.resource_type !== undefined) void q.where('resource_type', query.resource_type);
  if (query.resource_id !== undefined) void q.where('resource_id', query.resource_id);
  const rows: UsageRow[] = await q;
  return rows.map(toRecord);
}

/** The report of a period for the scope: resource-seconds/hours by tenant, type and bandwidth. */
export async function usageReportOf(
  db: Knex,
  query: UsageQuery & Pick<ReportPeriod, 'as_of'>,
): Promise<UsageReport> {
  const records = await listUsageRecords(db, query);
  return usageReport(records, {
    period_start: query.period_start,
    period_end: query.period_end,
    ...(query.as_of ? { as_of: query.as_of } : {}),
  });
}
