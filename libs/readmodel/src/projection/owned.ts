// Rebuild only: the keys a process has stored in a Postgres schema that nobody else writes (the
// rebuild's fresh schema before it is swapped in). A key it never stored surely has no row, parked
// event or tombstone there, so applyBatch need not look it up, and its new row can be inserted
// with COPY instead of an upsert.
// Kept as a set of 31-bit hashes of the keys (small integers: ~20 bytes a key, where the key
// strings themselves — often concatenations — took ~500). A collision only answers "maybe" for a
// key never stored: one lookup that finds nothing, the same outcome as without this set. Past
// `limit` keys it stops tracking and says "maybe" to every key (the plain lookups again).
export interface OwnedKeys {
  /** False when nothing (row, parked event, tombstone) was ever stored under this key. */
  mayHave(key: string): boolean;
  /** Records that something is stored (or was, or may be) under this key. */
  note(key: string): void;
}

/** FNV-1a over the UTF-16 code units, folded to a small integer (−2^30 … 2^30 − 1). */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >> 1;
}

export function ownedKeys(limit = 5_000_000): OwnedKeys {
  let hashes: Set<number> | undefined = new Set();
  return {
    mayHave: (key) => hashes === undefined || hashes.has(hashKey(key)),
    note(key) {
      if (hashes === undefined) return;
      hashes.add(hashKey(key));
      if (hashes.size > limit) hashes = undefined;
    },
  };
}
