// The rebuild's source: each topic read from the beginning to its end as of the call (readAll,
// read_committed), events below the rebuilt positions skipped, and the end positions recorded so
// that trailing transaction markers count as consumed.
import type { Kafka } from 'kafkajs';
import { readAll } from '@gohan-es/events';
import type { EventDecoder } from '@gohan-es/events';
import type { RebuildOptions } from '@gohan-es/readmodel';

export function kafkaReplaySource(
  kafka: Kafka,
  decoder: EventDecoder,
  topics: readonly string[],
): RebuildOptions['read'] {
  return async (from, apply) => {
    for (const topic of topics) {
      const result = await readAll({
        kafka,
        topic,
        decoder,
        onEvents: async (events) => {
          // Nothing rebuilt of this topic yet (the first round): every event is fresh.
          const start = from[topic];
          const fresh = start
            ? events.filter((e) => BigInt(e.offset) >= BigInt(start[e.partition] ?? '0'))
            : events;
          if (fresh.length > 0) await apply(fresh);
        },
      });
      await apply(
        [],
        result.endOffsets.map((e) => ({ topic, partition: e.partition, offset: e.offset })),
      );
    }
  };
}
