// Smoke: a real Postgres round trip through knex + pg (the read models' adapter).
import { createDb } from '@gohan-es/readmodel';
import { endpointsFromEnv } from '../harness/services';

describe('postgres (real server)', () => {
  const db = createDb(endpointsFromEnv().databaseUrl, 2);
  const table = `smoke_${process.pid}_${Date.now()}`;

  afterAll(async () => {
    await db.schema.dropTableIfExists(table);
    await db.destroy();
  });

  it('creates a table, writes rows in a transaction and reads them back', async () => {
    await db.schema.createTable(table, (t) => {
      t.uuid('id').primary();
      t.text('name').notNullable();
      t.jsonb('body').notNullable();
    });
    await db.transaction(async (trx) => {
      await trx(table).insert([
        { id: '3dbcfce5-0000-4000-8000-000000000001', name: 'gw-a', body: { vrid: 20 } },
        { id: '3dbcfce5-0000-4000-8000-000000000002', name: 'gw-b', body: { vrid: 21 } },
      ]);
    });
    const rows = await db(table).select('name', 'body').orderBy('name');
    expect(rows).toEqual([
      { name: 'gw-a', body: { vrid: 20 } },
      { name: 'gw-b', body: { vrid: 21 } },
    ]);
  });

  it('rolls back a failed transaction completely', async () => {
    await expect(
      db.transaction(async (trx) => {
        await trx(table).insert({ id: '3dbcfce5-0000-4000-8000-000000000003', name: 'gw-c', body: {} });
        await trx(table).insert({ id: '3dbcfce5-0000-4000-8000-000000000003', name: 'dup', body: {} });
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db(table).where({ name: 'gw-c' }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });
});
