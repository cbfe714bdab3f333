// The monitoring consumer's store (Postgres schema `monitoring` by default): facts and offsets
// (@gohan-es/lifecycle), the alerts derived from them, and an outbox of alert transitions for the
// optional webhook (written in the same transaction, delivered by webhook.ts). Each batch
// re-derives the alerts of the resources it touched from their whole fact set.
import type { Knex } from 'knex';
import {
  FACTS_TABLE,
  applyFactBatch,
  createFactTables,
  lifecycleOf,
  migrateWithLock,
  resourceKey,
  tableExists,
} from '@gohan-es/lifecycle';
import type { DeriveInput, FactBatchResult, FactConsumerSpec, PositionedEnvelope } from '@gohan-es/lifecycle';
import { assertSchemaName } from '@gohan-es/lifecycle';
import { alertsOf } from '../rules/alerts';
import type { Alert } from '../rules/alerts';
import { isWatched, monitoringFactOf } from '../rules/monitored';
import { provisioningOutcomes } from '../rules/provisioning';
import type { ProvisioningOutcome } from '../rules/provisioning';
import { alertFromRow, alertToRow } from './rows';
import type { AlertRow } from './rows';

export const DEFAULT_MONITORING_SCHEMA = 'monitoring';
export const ALERTS_TABLE = 'alerts';
export const OUTBOX_TABLE = 'alert_notifications';

export async function migrateMonitoring(db: Knex, dbSchema = DEFAULT_MONITORING_SCHEMA): Promise<string[]> {
  const schema = assertSchemaName(dbSchema);
  return migrateWithLock(db, `gohan-monitoring:migrate:${schema}`, async (trx) => {
    const created = await createFactTables(trx, schema);
    if (!(await tableExists(trx, schema, ALERTS_TABLE))) {
      await trx.raw(
        `create table ??.?? (
           alert_id text primary key, tenant_id text not null,
           resource_type text not null, resource_id text not null,
           kind text not null, condition text not null, severity text not null, message text not null,
           state text not null, opened_at timestamptz not null, resolved_at timestamptz,
           resolved_by text, resolution text, detail jsonb)`,
        [schema, ALERTS_TABLE],
      );
      await trx.raw('create index ?? on ??.?? (tenant_id, state, opened_at)', [
        `${ALERTS_TABLE}_tenant_idx`,
        schema,
        ALERTS_TABLE,
      ]);
      await trx.raw('create index ?? on ??.?? (resource_type, resource_id)', [
        `${ALERTS_TABLE}_resource_idx`,
        schema,
        ALERTS_TABLE,
      ]);
      created.push(ALERTS_TABLE);
    }
    if (!(await tableExists(trx, schema, OUTBOX_TABLE))) {
      await trx.raw(
        `create table ??.?? (
           seq bigserial primary key, notification_id text not null unique, alert_id text not null,
           transition text not null, payload jsonb not null, created_at timestamptz not null default now(),
           attempts integer not null default 0, next_attempt_at timestamptz not null default now(),
           claimed_until timestamptz, delivered_at timestamptz, failed_at timestamptz, last_error text)`,
        [schema, OUTBOX_TABLE],
      );
      await trx.raw(
        'create index ?? on ??.?? (next_attempt_at) where delivered_at is null and failed_at is null',
        [`${OUTBOX_TABLE}_pending_idx`, schema, OUTBOX_TABLE],
      );
      created.push(OUTBOX_TABLE);
    }
    return created;
  });
}

export type AlertTransition = 'opened' | 'resolved';

export interface MonitoringDerived {
  transitions: { alert: Alert; transition: AlertTransition }[];
  provisioning: ProvisioningOutcome[];
}

/** Transitions between the stored alerts of a resource and its re-derived ones. */
export function alertTransitions(
  before: readonly Alert[],
  after: readonly Alert[],
): MonitoringDerived['transitions'] {
  const old = new Map(before.map((a) => [a.alert_id, a]));
  const out: MonitoringDerived['transitions'] = [];
  for (const alert of after) {
    const previous = old.get(alert.alert_id);
    if (!previous) out.push({ alert, transition: 'opened' });
    if (alert.state === 'resolved' && previous?.state !== 'resolved')
      out.push({ alert, transition: 'resolved' });
  }
  return out;
}

async function loadAlerts(
  trx: Knex.Transaction,
  schema: string,
  type: string,
  ids: readonly string[],
): Promise<Alert[]> {
  const rows: AlertRow[] = await trx
    .withSchema(schema)
    .from(ALERTS_TABLE)
    .where('resource_type', type)
    .whereIn('resource_id', ids)
    .select('*');
  return rows.map(alertFromRow);
}

function deriveWith(notify: boolean) {
  return async (trx: Knex.Transaction, schema: string, input: DeriveInput): Promise<MonitoringDerived> => {
    const derived: MonitoringDerived = { transitions: [], provisioning: [] };
    const watched = input.touched.filter((r) => isWatched(r.resource_type));
    const byType = new Map<string, string[]>();
    for (const r of watched)
      byType.set(r.resource_type, [...(byType.get(r.resource_type) ?? []), r.resource_id]);
    for (const [type, allIds] of byType) {
      for (let i = 0; i < allIds.length; i += 500) {
        const ids = allIds.slice(i, i + 500);
        const before = await loadAlerts(trx, schema, type, ids);
        const after = ids.flatMap((id) =>
          alertsOf(lifecycleOf(input.facts.get(resourceKey(type, id)) ?? [])),
        );
        derived.transitions.push(...alertTransitions(before, after));
        await trx
          .withSchema(schema)
          .table(ALERTS_TABLE)
          .where('resource_type', type)
          .whereIn('resource_id', ids)
          .delete();
        if (after.length > 0) await trx.withSchema(schema).table(ALERTS_TABLE).insert(after.map(alertToRow));
      }
    }
    if (notify && derived.transitions.length > 0) {
      const rows = derived.transitions.map(({ alert, transition }) => ({
        notification_id: `${alert.alert_id}:${transition}`,
        alert_id: alert.alert_id,
        transition,
        payload: JSON.stringify({ notification_id: `${alert.alert_id}:${transition}`, transition, alert }),
      }));
      await trx.withSchema(schema).table(OUTBOX_TABLE).insert(rows).onConflict('notification_id').ignore();
    }
    derived.provisioning = provisioningOutcomes(
      input.added,
      (result) => input.facts.get(resourceKey(result.resource_type, result.resource_id)) ?? [],
    );
    return derived;
  };
}

export function monitoringSpec(options: { notify?: boolean } = {}): FactConsumerSpec<MonitoringDerived> {
  return { factOf: monitoringFactOf, derive: deriveWith(options.notify ?? false) };
}

export interface MonitoringBatchOptions {
  dbSchema?: string;
  positions?: readonly { topic: string; partition: number; offset: string }[];
  /** Write alert transitions to the webhook outbox (only when a webhook is configured). */
  notify?: boolean;
}

/** One consumed batch: facts, re-derived alerts (+ outbox) and offsets in one transaction. */
export function applyMonitoringBatch(
  db: Knex,
  consumer: string,
  events: readonly PositionedEnvelope[],
  options: MonitoringBatchOptions = {},
): Promise<FactBatchResult<MonitoringDerived>> {
  return applyFactBatch(db, consumer, monitoringSpec({ notify: options.notify ?? false }), events, {
    dbSchema: options.dbSchema ?? DEFAULT_MONITORING_SCHEMA,
    ...(options.positions ? { positions: options.positions } : {}),
  });
}

/** The tables a replay must reproduce (the outbox is delivery state, not derived data). */
export const MONITORING_TABLES = {
  [ALERTS_TABLE]: { orderBy: ['alert_id'] },
  [FACTS_TABLE]: { orderBy: ['event_id'] },
} as const;
