// Alert ⇄ Postgres row (timestamps as timestamptz, detail as jsonb).
import type { Json } from '@gohan-es/domain';
import type { Alert, AlertKind, AlertResolution, AlertSeverity } from '../rules/alerts';

export interface AlertRow {
  alert_id: string;
  tenant_id: string;
  resource_type: string;
  resource_id: string;
  kind: string;
  condition: string;
  severity: string;
  message: string;
  state: string;
  opened_at: Date | string;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  resolution: string | null;
  detail: Json;
}

const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export function alertToRow(alert: Alert): Record<string, unknown> {
  return { ...alert, detail: JSON.stringify(alert.detail) };
}

export function alertFromRow(row: AlertRow): Alert {
  return {
    alert_id: row.alert_id,
    tenant_id: row.tenant_id,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    kind: row.kind as AlertKind,
    condition: row.condition,
    severity: row.severity as AlertSeverity,
    message: row.message,
    state: row.state === 'resolved' ? 'resolved' : 'open',
    opened_at: iso(row.opened_at),
    resolved_at: row.resolved_at === null ? null : iso(row.resolved_at),
    resolved_by: row.resolved_by,
    resolution: row.resolution as AlertResolution | null,
    detail: row.detail ?? null,
  };
}
