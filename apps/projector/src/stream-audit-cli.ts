// `node apps/projector/dist/stream-audit-cli.js billing|monitoring [--keep]`: the replay audit of
// a stream consumer. Takes a consistent snapshot of its live tables and offsets, replays the
// events, provisioning and status topics from offset 0 up to exactly those offsets into a fresh
// Postgres schema, and compares table digests (usage_records / alerts, and the facts). Exit 0 when
// identical, 2 when not (the fresh schema is dropped unless --keep).
import { loadConfig } from '@gohan-es/config';
import { BILLING_TABLES, applyBillingBatch, migrateBilling } from '@gohan-es/billing';
import { EventCodec, createKafka } from '@gohan-es/events';
import { auditReplay } from '@gohan-es/lifecycle';
import { MONITORING_TABLES, applyMonitoringBatch, migrateMonitoring } from '@gohan-es/monitoring';
import { createDb } from '@gohan-es/readmodel';

async function main(): Promise<number> {
  const which = process.argv[2];
  if (which !== 'billing' && which !== 'monitoring') {
    process.stderr.write('usage: stream-audit-cli.js billing|monitoring [--keep]\n');
    return 1;
  }
  const config = loadConfig();
  const kafka = createKafka(config.kafka, `${which}-audit`);
  const decoder = new EventCodec({ registryUrl: config.schemaRegistry.url });
  const db = createDb(config.database.url, 4);
  const t = config.kafka.topics;
  const consumer = which === 'billing' ? config.kafka.groups.billing : config.kafka.groups.monitoring;
  try {
    const report = await auditReplay({
      db,
      kafka,
      decoder,
      topics: [t.events, t.provisioning, t.status],
      consumer,
      liveSchema: which === 'billing' ? config.billing.dbSchema : config.monitoring.dbSchema,
      tables: which === 'billing' ? BILLING_TABLES : MONITORING_TABLES,
      migrate: (schema) => (which === 'billing' ? migrateBilling(db, schema) : migrateMonitoring(db, schema)),
      apply: (schema, events, positions) =>
        which === 'billing'
          ? applyBillingBatch(db, consumer, events, { dbSchema: schema, positions })
          : applyMonitoringBatch(db, consumer, events, { dbSchema: schema, positions }),
      keep: process.argv.includes('--keep'),
    });
    const { live, replayed, ...summary } = report;
    process.stdout.write(
      `${JSON.stringify({ ...summary, offsets: live.offsets, live: live.digests, replayed: replayed.digests }, null, 2)}\n`,
    );
    return report.identical ? 0 : 2;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stream-audit: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
