// A deterministic checksum of a read model: per resource table, the md5 of its rows as jsonb
// (keys normalised, so column order does not matter) in id order, without the projection times;
// then a sha256 over the table lines. Equal checksums = the same rows, the same bookkeeping.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ResourceSchema } from '@gohan-es/domain';
import { resourceSchemas } from '@gohan-es/domain';
import { VOLATILE_COLUMNS, tableSpec } from './schema/columns';
import { assertSchemaName } from './schema/names';

export interface TableChecksum {
  rows: number;
  md5: string;
}

export interface Checksum {
  /** sha256 hex over every table's line `<table> <rows> <md5>`, tables in name order. */
  checksum: string;
  tables: Record<string, TableChecksum>;
}

export async function checksum(
  db: Knex,
  dbSchema: string,
  schemas: readonly ResourceSchema[] = resourceSchemas,
): Promise<Checksum> {
  const schemaName = assertSchemaName(dbSchema);
  const tables = [...new Set(schemas.map((s) => tableSpec(s).table))].sort();
  const existing = new Set(
    (
      (await db.raw('select table_name from information_schema.tables where table_schema = ?', [schemaName]))
        .rows as { table_name: string }[]
    ).map((r) => r.table_name),
  );
  const drop = VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
  const result: Checksum = { checksum: '', tables: {} };
  const hash = createHash('sha256');
  for (const table of tables) {
    let entry: TableChecksum = { rows: -1, md5: 'missing' };
    if (existing.has(table)) {
      const { rows } = await db.raw(
        `select count(*)::int as n,
                coalesce(md5(string_agg((to_jsonb(t)${drop})::text, E'\\n' order by t.id)), '') as h
           from ??.?? as t`,
        [schemaName, table],
      );
      entry = { rows: rows[0].n as number, md5: rows[0].h as string };
    }
    result.tables[table] = entry;
    hash.update(`${table} ${entry.rows} ${entry.md5}\n`);
  }
  result.checksum = hash.digest('hex');
  return result;
}
