// Where the projector resumes and how far behind it is, from the offsets stored with the read
// models (never the consumer group's committed offsets) and the partitions' watermarks.
import type { Admin } from 'kafkajs';
import type { Knex } from 'knex';
import { offsetMap } from '@gohan-es/readmodel';

export interface StartPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** Every partition of the topics: its stored position, or its earliest offset when none is stored. */
export async function startPositions(
  admin: Admin,
  db: Knex,
  consumer: string,
  topics: readonly string[],
  dbSchema?: string,
): Promise<StartPosition[]> {
  const stored = await offsetMap(db, consumer, dbSchema ? { dbSchema } : {});
  const positions: StartPosition[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      positions.push({ topic, partition: p.partition, offset: stored[topic]?.[p.partition] ?? p.low });
    }
  }
  return positions;
}

/** Messages between the stored positions and the high watermarks, over all partitions. */
export async function projectionLag(
  admin: Admin,
  db: Knex,
  consumer: string,
  topics: readonly string[],
  dbSchema?: string,
): Promise<bigint> {
  const stored = await offsetMap(db, consumer, dbSchema ? { dbSchema } : {});
  let lag = 0n;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const at = BigInt(stored[topic]?.[p.partition] ?? p.low);
      if (BigInt(p.high) > at) lag += BigInt(p.high) - at;
    }
  }
  return lag;
}
