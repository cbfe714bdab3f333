// A deterministic checksum of a read model: per resource table, the md5 of its column names and
// its rows as text (the columns in name order, so the physical column order does not matter) in
// id order, without the projection times; then a sha256 over the table lines. Equal checksums =
// the same columns, the same rows, the same bookkeeping. (A row as text — Postgres's record output
// of the listed columns — costs about half of the jsonb it was built from before.)
// The tables are independent queries: given a pool (not a transaction) and `concurrency` > 1 they
// run on several connections at once — in one snapshot when `snapshot` names one exported by the
// caller's transaction (pg_export_snapshot), so the result is that transaction's view.
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

export interface ChecksumOptions {
  /** Tables summed at once on separate connections of `db` (a pool); default 1. */
  concurrency?: number;
  /** An exported snapshot (pg_export_snapshot) every table is read in (REPEATABLE READ). */
  snapshot?: string;
}

/** Runs `tasks` with at most `limit` in flight; rejects with the first failure (after the rest settle). */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}

export async function checksum(
  db: Knex,
  dbSchema: string,
  schemas: readonly ResourceSchema[] = resourceSchemas,
  options: ChecksumOptions = {},
): Promise<Checksum> {
  const schemaName = assertSchemaName(dbSchema);
  const tables = [...new Set(schemas.map((s) => tableSpec(s).table))].sort();
  const { snapshot } = options;
  if (snapshot !== undefined && !/^[0-9A-Fa-f-]+$/.test(snapshot))
    throw new Error(`invalid snapshot id ${snapshot}`);
  const parallel = !db.isTransaction && (options.concurrency ?? 1) > 1;
  /** Runs `query` in the snapshot when one is given (each table on its own connection then). */
  const inSnapshot = async <T>(query: (q: Knex) => Promise<T>): Promise<T> =>
    snapshot === undefined || db.isTransaction
      ? query(db)
      : db.transaction(async (trx) => {
          await trx.raw('set transaction isolation level repeatable read, read only');
          await trx.raw(`set transaction snapshot '${snapshot}'`);
          return query(trx);
        });
  const columns = new Map<string, string[]>();
  const found = await inSnapshot(
    async (q) =>
      (
        await q.raw(
          'select table_name, column_name from information_schema.columns where table_schema = ? order by column_name',
          [schemaName],
        )
      ).rows as { table_name: string; column_name: string }[],
  );
  for (const { table_name, column_name } of found) {
    if ((VOLATILE_COLUMNS as readonly string[]).includes(column_name)) continue;
    columns.set(table_name, [...(columns.get(table_name) ?? []), column_name]);
  }
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const entries = await inParallel(
    tables.map((table) => async (): Promise<TableChecksum> => {
      const names = columns.get(table);
      if (!names) return { rows: -1, md5: 'missing' };
      const row = `row(${names.map((c) => `t.${quote(c)}`).join(', ')})::text`;
      const { rows } = await inSnapshot((q) =>
        q.raw(
          `select count(*)::int as n,
                  md5(? || coalesce(string_agg(${row}, E'\\n' order by t.id), '')) as h
             from ??.?? as t`,
          [`${names.join(',')}\n`, schemaName, table],
        ),
      );
      return { rows: rows[0].n as number, md5: rows[0].h as string };
    }),
    parallel ? options.concurrency! : 1,
  );
  const result: Checksum = { checksum: '', tables: {} };
  const hash = createHash('sha256');
  tables.forEach((table, i) => {
    result.tables[table] = entries[i]!;
    hash.update(`${table} ${entries[i]!.rows} ${entries[i]!.md5}\n`);
  });
  result.checksum = hash.digest('hex');
  return result;
}
