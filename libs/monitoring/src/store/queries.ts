// Reads of the alerts: by tenant scope (a list of tenants, or every tenant for the admin), state,
// resource and kind, newest first, with limit/offset and the total for X-Total-Count.
import type { Knex } from 'knex';
import { assertSchemaName } from '@gohan-es/lifecycle';
import type { Alert } from '../rules/alerts';
import { ALERTS_TABLE, DEFAULT_MONITORING_SCHEMA } from './consumer';
import { alertFromRow } from './rows';
import type { AlertRow } from './rows';

export type MonitoringScope = { tenantIds: readonly string[] } | 'all';

export interface AlertQuery {
  scope: MonitoringScope;
  state?: readonly ('open' | 'resolved')[];
  kind?: readonly string[];
  resource_type?: readonly string[];
  resource_id?: readonly string[];
  severity?: readonly string[];
  limit?: number;
  offset?: number;
  dbSchema?: string;
}

function filtered(db: Knex, query: AlertQuery): Knex.QueryBuilder {
  const q = db.withSchema(assertSchemaName(query.dbSchema ?? DEFAULT_MONITORING_SCHEMA)).from(ALERTS_TABLE);
  if (query.scope !== 'all') void q.whereIn('tenant_id', [...query.scope.tenantIds]);
  const filters = {
    state: query.state,
    kind: query.kind,
    resource_type: query.resource_type,
    resource_id: query.resource_id,
    severity: query.severity,
  };
  for (const [column, values] of Object.entries(filters))
    if (values && values.length > 0) void q.whereIn(column, [...values]);
  return q;
}

export async function listAlerts(db: Knex, query: AlertQuery): Promise<{ alerts: Alert[]; total: number }> {
  const [{ n }] = (await filtered(db, query).count({ n: '*' })) as { n: string }[] as [{ n: string }];
  const q = filtered(db, query)
    .select('*')
    .orderBy([
      { column: 'opened_at', order: 'desc' },
      { column: 'alert_id', order: 'asc' },
    ]);
  if (query.limit !== undefined) void q.limit(query.limit);
  if (query.offset !== undefined) void q.offset(query.offset);
  const rows: AlertRow[] = await q;
  return { alerts: rows.map(alertFromRow), total: Number(n) };
}

export async function showAlert(
  db: Knex,
  id: string,
  query: Pick<AlertQuery, 'scope' | 'dbSchema'>,
): Promise<Alert | undefined> {
  const row: AlertRow | undefined = await filtered(db, query).where('alert_id', id).first();
  return row ? alertFromRow(row) : undefined;
}
