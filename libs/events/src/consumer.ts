// EventConsumer: a read_committed consumer-group member that hands decoded events to a batch
// handler. Offsets are manual: by default the batch's offsets are committed to Kafka after the
// handler returns (at-least-once); a projector that stores offsets in its own database
// (exactly-once effect) sets `commitToKafka: false` and passes its stored positions as `startAt`.
import type { Consumer, IHeaders, Kafka } from 'kafkajs';
import type { EventEnvelope } from './envelope';
import { readTraceContext } from './headers';
import type { TraceContext } from './headers';

export interface EventDecoder {
  decode(buffer: Buffer): Promise<EventEnvelope>;
}

export interface ConsumedEvent {
  topic: string;
  partition: number;
  offset: string;
  /** Kafka message timestamp (ms since epoch, as a string). */
  timestamp: string;
  key: string | null;
  envelope: EventEnvelope;
  trace: TraceContext | undefined;
  headers: IHeaders;
}

export interface EventBatch {
  topic: string;
  partition: number;
  events: ConsumedEvent[];
  /** The offset to resume from after this batch (last offset + 1, transaction markers included). */
  nextOffset: string;
  highWatermark: string;
}

export interface BatchControl {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  decoder: EventDecoder;
  /** Start from the beginning when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  /** Commit the offsets of each handled batch to the group (default true). */
  commitToKafka?: boolean;
  /** Positions to seek to once running (e.g. offsets stored with a projection). */
  startAt?: readonly { topic: string; partition: number; offset: string }[];
  /** Fetch long-poll (default 100 ms: low latency; raise it for bulk consumers). */
  maxWaitTimeInMs?: number;
  sessionTimeout?: number;
}

export type BatchHandler = (batch: EventBatch, control: BatchControl) => Promise<void>;

/** Decodes the raw messages of one kafkajs batch. */
export async function decodeMessages(
  decoder: EventDecoder,
  topic: string,
  partition: number,
  messages: readonly {
    offset: string;
    timestamp: string;
    key: Buffer | null;
    value: Buffer | null;
    headers?: IHeaders;
  }[],
): Promise<ConsumedEvent[]> {
  const events: ConsumedEvent[] = [];
  for (const message of messages) {
    if (!message.value) continue; // tombstones carry no event
    const headers = message.headers ?? {};
    events.push({
      topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key ? message.key.toString() : null,
      envelope: await decoder.decode(message.value),
      trace: readTraceContext(headers),
      headers,
    });
  }
  return events;
}

export class EventConsumer {
  private readonly consumer: Consumer;

  constructor(private readonly options: EventConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
      ...(options.sessionTimeout ? { sessionTimeout: options.sessionTimeout } : {}),
    });
  }

  /** Connects, subscribes and runs `handler` for every non-empty batch until stop(). */
  async start(handler: BatchHandler): Promise<void> {
    const { topics, decoder, commitToKafka = true, fromBeginning = true } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning });
    const joined = this.firstJoin();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        isRunning,
        isStale,
        commitOffsetsIfNecessary,
      }) => {
        if (batch.messages.length === 0) return;
        const events = await decodeMessages(decoder, batch.topic, batch.partition, batch.messages);
        const last = batch.messages[batch.messages.length - 1]!.offset;
        // lastOffset() counts a trailing transaction marker, so the next offset skips it.
        const nextOffset = (BigInt(batch.lastOffset()) + 1n).toString();
        await handler(
          {
            topic: batch.topic,
            partition: batch.partition,
            events,
            nextOffset,
            highWatermark: batch.highWatermark,
          },
          { heartbeat, isRunning, isStale },
        );
        if (isStale()) return; // a seek happened meanwhile: the batch is void
        resolveOffset(last);
        if (commitToKafka) {
          await commitOffsetsIfNecessary({
            topics: [
              { topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset }] },
            ],
          });
        }
        await heartbeat();
      },
    });
    const startAt = this.options.startAt ?? [];
    if (startAt.length === 0) return;
    // kafkajs can only seek once the group is joined. On a fresh stack the first join may fail
    // ("the coordinator is loading") and run() still resolves; kafkajs restarts the consumer, so
    // the positions are set when that join succeeds.
    await joined;
    for (const position of startAt) this.consumer.seek(position);
  }

  /** Resolves on the consumer's first successful group join; rejects if it crashes for good first. */
  private firstJoin(): Promise<void> {
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    return new Promise<void>((resolve, reject) => {
      const removers: Array<() => void> = [];
      const done = () => removers.splice(0).forEach((remove) => remove());
      removers.push(
        this.consumer.on(GROUP_JOIN, () => {
          done();
          resolve();
        }),
        this.consumer.on(CRASH, ({ payload }) => {
          if (payload.restart) return;
          done();
          reject(payload.error);
        }),
      );
    });
  }

  /** Commits explicit offsets (next offset to read) to the group. */
  async commit(offsets: readonly { topic: string; partition: number; offset: string }[]): Promise<void> {
    await this.consumer.commitOffsets([...offsets]);
  }

  pause(topic: string): void {
    this.consumer.pause([{ topic }]);
  }

  resume(topic: string): void {
    this.consumer.resume([{ topic }]);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
