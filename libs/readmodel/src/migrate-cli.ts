// `node libs/readmodel/dist/migrate-cli.js [schema]`: migrates the read models of DATABASE_URL
// (run by ./gohan up). Exit code 1 with a message on failure.
import { loadConfig, redactUrl } from '@gohan-es/config';
import { createDb } from './db';
import { migrate } from './migrate';
import { DEFAULT_SCHEMA } from './schema/names';

async function main(): Promise<void> {
  const config = loadConfig();
  const schema = process.argv[2] ?? DEFAULT_SCHEMA;
  const db = createDb(config.database.url, 2);
  try {
    const report = await migrate(db, { schema });
    const changes = report.createdTables.length + report.addedColumns.length + report.createdIndexes.length;
    process.stdout.write(
      `read models migrated in ${redactUrl(config.database.url)} schema ${schema}: ` +
        (changes === 0
          ? 'up to date\n'
          : `${report.createdTables.length} tables, ${report.addedColumns.length} columns, ${report.createdIndexes.length} indexes created\n`),
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: ${(error as Error).message}\n`);
  process.exit(1);
});
