// The consistency token of a write: where its events sit in the log, so a later read can wait until
// the projector has passed them (read-your-writes, ARCHITECTURE.md §4).
//
// Format: `<topic>:<partition>:<offset>` for every partition the write touched, comma-separated and
// sorted, where <offset> is the offset of the write's LAST event in that partition. The read side
// has "passed" the token when, for every entry, its stored position (the next offset it will read)
// is greater than <offset>. Never compare with "last + 1" arithmetic on the log end: transaction
// markers take offsets too. Topic names cannot contain ':' or ',' (Kafka allows [a-zA-Z0-9._-]).
// An empty string means "no events" (a rejection, or a command that changed nothing).

export interface LogPosition {
  topic: string;
  partition: number;
  /** Offset of the last event, as a decimal string (Kafka offsets are 64-bit). */
  offset: string;
}

export class ConsistencyTokenError extends Error {
  override readonly name = 'ConsistencyTokenError';
}

/** One entry per topic-partition, keeping the highest offset. */
export function encodeConsistencyToken(positions: readonly LogPosition[]): string {
  const highest = new Map<string, LogPosition>();
  for (const position of positions) {
    const key = `${position.topic}:${position.partition}`;
    const seen = highest.get(key);
    if (!seen || BigInt(position.offset) > BigInt(seen.offset)) highest.set(key, position);
  }
  return [...highest.values()]
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
    .map((p) => `${p.topic}:${p.partition}:${p.offset}`)
    .join(',');
}

export function parseConsistencyToken(token: string): LogPosition[] {
  if (token.trim() === '') return [];
  return token.split(',').map((entry) => {
    const match = /^([a-zA-Z0-9._-]+):(\d+):(\d+)$/.exec(entry.trim());
    if (!match) throw new ConsistencyTokenError(`invalid consistency token entry "${entry}"`);
    return { topic: match[1]!, partition: Number(match[2]), offset: BigInt(match[3]!).toString() };
  });
}

/** True when `consumed` (topic:partition → next offset to read) has passed every position of the token. */
export function tokenSatisfied(
  token: string,
  consumed: (topic: string, partition: number) => string | undefined,
): boolean {
  return parseConsistencyToken(token).every((p) => {
    const next = consumed(p.topic, p.partition);
    return next !== undefined && BigInt(next) > BigInt(p.offset);
  });
}
