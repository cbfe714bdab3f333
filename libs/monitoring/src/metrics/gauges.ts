// Gauges computed from Postgres when Prometheus scrapes: resources by type and status (the read
// models) and open alerts by kind and severity (the monitoring schema). One query each.
import type { Knex } from 'knex';
import client from 'prom-client';
import { resourceSchemas } from '@gohan-es/domain';
import { assertSchemaName } from '@gohan-es/lifecycle';
import { tableSpec } from '@gohan-es/readmodel';
import { metricsRegistry } from '@gohan-es/runtime';
import { ALERTS_TABLE, DEFAULT_MONITORING_SCHEMA } from '../store/consumer';

export interface StatusCount {
  resource_type: string;
  status: string;
  count: number;
}

/** Resources per type and status in the read models (types without a status column are left out). */
export async function resourcesByStatus(db: Knex, readModelSchema = 'readmodel'): Promise<StatusCount[]> {
  const schema = assertSchemaName(readModelSchema);
  const present = new Set(
    (
      (
        await db.raw(
          'select table_name from information_schema.columns where table_schema = ? and column_name = ?',
          [schema, 'status'],
        )
      ).rows as { table_name: string }[]
    ).map((r) => r.table_name),
  );
  const parts = resourceSchemas
    .filter((s) => 'status' in s.schema.properties && present.has(tableSpec(s).table))
    .map((s) => ({ type: s.id, table: tableSpec(s).table }));
  if (parts.length === 0) return [];
  const sql = parts
    .map(
      () =>
        `select ? as resource_type, coalesce(status, '') as status, count(*)::int as n from ??.?? group by 2`,
    )
    .join(' union all ');
  const bindings = parts.flatMap((p) => [p.type, schema, p.table]);
  const { rows } = (await db.raw(sql, bindings)) as {
    rows: { resource_type: string; status: string; n: number }[];
  };
  return rows.map((r) => ({ resource_type: r.resource_type, status: r.status, count: r.n }));
}

function replaceMetric(name: string): void {
  if (metricsRegistry.getSingleMetric(name)) metricsRegistry.removeSingleMetric(name);
}

export interface GaugeOptions {
  db: Knex;
  readModelSchema?: string;
  monitoringSchema?: string;
  log: { warn(obj: object, msg?: string): void };
}

/** gohan_resources{resource_type,status} and gohan_alerts_open{kind,severity}, computed on scrape. */
export function registerStateGauges(options: GaugeOptions): void {
  replaceMetric('gohan_resources');
  replaceMetric('gohan_alerts_open');
  const resources: client.Gauge = new client.Gauge({
    name: 'gohan_resources',
    help: 'Resources in the read models by type and status',
    labelNames: ['resource_type', 'status'],
    registers: [metricsRegistry],
    async collect() {
      try {
        const counts = await resourcesByStatus(options.db, options.readModelSchema);
        resources.reset();
        for (const c of counts) resources.set({ resource_type: c.resource_type, status: c.status }, c.count);
      } catch (error) {
        options.log.warn({ err: error }, 'resources by status could not be read');
      }
    },
  });
  const alerts: client.Gauge = new client.Gauge({
    name: 'gohan_alerts_open',
    help: 'Open alerts by kind and severity',
    labelNames: ['kind', 'severity'],
    registers: [metricsRegistry],
    async collect() {
      try {
        const schema = assertSchemaName(options.monitoringSchema ?? DEFAULT_MONITORING_SCHEMA);
        const rows: { kind: string; severity: string; n: number }[] = await options.db
          .withSchema(schema)
          .from(ALERTS_TABLE)
          .where('state', 'open')
          .groupBy('kind', 'severity')
          .select('kind', 'severity', options.db.raw('count(*)::int as n'));
        alerts.reset();
        for (const r of rows) alerts.set({ kind: r.kind, severity: r.severity }, r.n);
      } catch (error) {
        options.log.warn({ err: error }, 'open alerts could not be counted');
      }
    },
  });
}
