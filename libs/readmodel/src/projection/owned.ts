// Rebuild only: the keys a process has stored in a Postgres schema that nobody else writes (the
// rebuild's fresh schema before it is swapped in). A key it never stored surely has no row, parked
// event or tombstone there, so applyBatch need not look it up, and its new row can be inserted
// with COPY instead of an upsert. Past `limit` keys it stops tracking and says "maybe" to every key
// (the plain lookups and upserts again), so memory stays bounded on a very long log.
export interface OwnedKeys {
  /** False when nothing (row, parked event, tombstone) was ever stored under this key. */
  mayHave(key: string): boolean;
  /** Records that something is stored (or was, or may be) under this key. */
  note(key: string): void;
}

export function ownedKeys(limit = 2_000_000): OwnedKeys {
  let keys: Set<string> | undefined = new Set();
  return {
    mayHave: (key) => keys === undefined || keys.has(key),
    note(key) {
      if (keys === undefined) return;
      keys.add(key);
      if (keys.size > limit) keys = undefined;
    },
  };
}
