// Postgres access for the read models (knex + pg).
import knex from 'knex';
import type { Knex } from 'knex';

export function createDb(url: string, poolMax = 10): Knex {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: poolMax } });
}

export async function dbReady(db: Knex): Promise<void> {
  await db.raw('select 1');
}
