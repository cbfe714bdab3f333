// Names of the read-model objects in Postgres. Every read model lives in one Postgres schema
// (default `readmodel`); a rebuild projects into a fresh `rm_<timestamp>` schema and swaps it in.

export const DEFAULT_SCHEMA = 'readmodel';
export const OFFSETS_TABLE = 'projection_offsets';
export const PARKED_TABLE = 'projection_parked';
export const TOMBSTONES_TABLE = 'projection_tombstones';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Postgres schema names are interpolated as identifiers: accept only plain lowercase names. */
export function assertSchemaName(name: string): string {
  if (!IDENTIFIER.test(name) || name.startsWith('pg_')) {
    throw new Error(
      `invalid read-model schema name ${JSON.stringify(name)} (lowercase letters, digits, _; max 63)`,
    );
  }
  return name;
}

/** An index name no longer than Postgres's 63-byte identifier limit, made of safe characters. */
export function indexName(table: string, suffix: string): string {
  const name = `${table}_${suffix}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  if (name.length <= 59) return `${name}_idx`;
  // Keep it unique when truncating: a short hash of the full name.
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `${name.slice(0, 50)}_${hash.toString(36).padStart(7, '0').slice(0, 7)}_idx`.slice(0, 63);
}
