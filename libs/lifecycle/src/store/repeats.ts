// Compaction of repeated observations before they are stored as facts (see withoutRepeats).
import type { Knex } from 'knex';
import { resourceKey } from '../facts';
import type { LifecycleFact } from '../facts';
import { FACTS_TABLE } from './tables';

const CHUNK = 500;
const OBSERVED = 'OperationalStateObserved';

/**
 * Drops observations that repeat the previous observation of the same resource in log order (same
 * config version and operational_state: a collector heartbeat, or a failover that stays UP). They
 * change no state, so they would only grow the fact set. A resource's observations are all in one
 * partition of the status topic (keyed by resource), so "previous in log order" is the same in a
 * replay, and the stored facts stay a function of the log.
 */
export async function withoutRepeats(
  trx: Knex.Transaction,
  schema: string,
  facts: readonly LifecycleFact[],
): Promise<LifecycleFact[]> {
  const observations = facts.filter((f) => f.event_type === OBSERVED);
  if (observations.length === 0) return [...facts];
  const keys = [...new Set(observations.map((f) => resourceKey(f.resource_type, f.resource_id)))];
  const last = new Map<string, { version: number; state: unknown; offset: bigint }>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const pairs = keys
      .slice(i, i + CHUNK)
      .map((k) => [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)]);
    const rows: {
      resource_type: string;
      resource_id: string;
      version: number;
      state: unknown;
      offset: string;
    }[] = await trx
      .withSchema(schema)
      .from(FACTS_TABLE)
      .distinctOn('resource_type', 'resource_id')
      .select(
        'resource_type',
        'resource_id',
        'version',
        'offset',
        trx.raw(`data->'operational_state' as state`),
      )
      .where('event_type', OBSERVED)
      .whereIn(['resource_type', 'resource_id'], pairs)
      .orderBy([{ column: 'resource_type' }, { column: 'resource_id' }, { column: 'offset', order: 'desc' }]);
    for (const r of rows)
      last.set(resourceKey(r.resource_type, r.resource_id), {
        version: r.version,
        state: r.state,
        offset: BigInt(r.offset),
      });
  }
  return facts.filter((f) => {
    if (f.event_type !== OBSERVED) return true;
    const key = resourceKey(f.resource_type, f.resource_id);
    const previous = last.get(key);
    if (previous && BigInt(f.offset) <= previous.offset) return true; // already stored: insert ignores it
    const state = f.data.operational_state;
    if (previous && previous.version === f.version && previous.state === state) return false;
    last.set(key, { version: f.version, state, offset: BigInt(f.offset) });
    return true;
  });
}
