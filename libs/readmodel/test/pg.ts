// Integration-test helpers: the real Postgres (TEST_DATABASE_URL, default the local stack's
// gohan_test) and a unique Postgres schema per test file, so files never collide.
import type { Knex } from 'knex';
import { createDb } from '../src/db';

export function testDb(): Knex {
  return createDb(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test', 4);
}

export function uniqueSchema(label: string): string {
  return `t_${label}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().slice(0, 63);
}

export async function dropSchemas(db: Knex, prefix: string): Promise<void> {
  const { rows } = await db.raw(
    'select schema_name from information_schema.schemata where schema_name like ?',
    [`${prefix}%`],
  );
  for (const { schema_name } of rows as { schema_name: string }[])
    await db.raw('drop schema if exists ?? cascade', [schema_name]);
}
