// `node apps/projector/dist/usage-cli.js --tenant <id> --from <iso> --to <iso> [--as-of <iso>]
//  [--resource-type <type>] [--records]`: the usage report of a period (resource-seconds and hours
// by tenant, resource type and bandwidth) from the billing consumer's records in Postgres
// (DATABASE_URL, BILLING_DB_SCHEMA). Without --tenant: every tenant. --records lists the usage
// records themselves. A running record counts up to --as-of (default: now, at most --to).
import { parseArgs } from 'node:util';
import { loadConfig } from '@gohan-es/config';
import { PeriodError, listUsageRecords, parsePeriod, usageReport } from '@gohan-es/billing';
import { createDb } from '@gohan-es/readmodel';

const USAGE =
  'usage: usage-cli.js --tenant <id> --from <iso> --to <iso> [--as-of <iso>] [--resource-type <type>] [--records]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      'as-of': { type: 'string' },
      'resource-type': { type: 'string' },
      records: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const nowIso = new Date().toISOString();
  let period: ReturnType<typeof parsePeriod>;
  try {
    period = parsePeriod(values.from, values.to, values['as-of']);
  } catch (error) {
    const names: Record<string, string> = { period_start: '--from', period_end: '--to', as_of: '--as-of' };
    throw new PeriodError(
      (error as Error).message.replace(/period_start|period_end|as_of/g, (m) => names[m]!),
    );
  }
  const asOf =
    values['as-of'] ?? (Date.parse(nowIso) < Date.parse(period.period_end) ? nowIso : period.period_end);
  const config = loadConfig();
  const db = createDb(config.database.url, 2);
  try {
    const records = await listUsageRecords(db, {
      scope: values.tenant && values.tenant.length > 0 ? { tenantIds: values.tenant } : 'all',
      period_start: period.period_start,
      period_end: period.period_end,
      ...(values['resource-type'] ? { resource_type: values['resource-type'] } : {}),
      dbSchema: config.billing.dbSchema,
    });
    const output = values.records
      ? { usage_records: records }
      : {
          usage: usageReport(records, {
            period_start: period.period_start,
            period_end: period.period_end,
            as_of: asOf,
          }),
        };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const hint =
      error instanceof PeriodError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? `\n${USAGE}`
        : '';
    process.stderr.write(`usage-cli: ${(error as Error).message}${hint}\n`);
    process.exit(1);
  },
);
