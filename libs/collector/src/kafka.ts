// The collector's Kafka side: at start, the domain events (the monitored resources) and the status
// topic (what was already reported, so a restart repeats nothing) are read to their end; then the
// events topic is followed from there (read_committed). Status events are appended in one Kafka
// transaction per cycle under the collector's transactional.id, so a second collector instance
// fences the first (one active collector).
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DomainEvent, OperationalStateObservedData } from '@gohan-es/domain';
import { EventConsumer, EventPublisher, buildEnvelope, readAll } from '@gohan-es/events';
import type { EventDecoder, EventEncoder, EventEnvelope } from '@gohan-es/events';
import type { StatusSink } from './collector';
import type { ResourceFeed } from './resource-feed';
import { targetKey } from './targets';

export const COLLECTOR_ACTOR = { user_name: 'collector', tenant_id: '', roles: ['system'], is_admin: true };

export interface CollectorTopics {
  events: string;
  status: string;
}

export interface HistoryResult {
  /** Next offset per partition of the events topic (where following resumes). */
  eventsEnd: { partition: number; offset: string }[];
  events: number;
  /** The last report per resource found on the status topic. */
  reports: Map<string, OperationalStateObservedData>;
}

/** Reads both topics to their end: the feed gets every domain event, reports the last status per resource. */
export async function loadHistory(options: {
  kafka: Kafka;
  decoder: EventDecoder;
  topics: CollectorTopics;
  feed: ResourceFeed;
  timeoutMs?: number;
}): Promise<HistoryResult> {
  const { kafka, decoder, topics, feed } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  let count = 0;
  const events = await readAll({
    kafka,
    topic: topics.events,
    decoder,
    timeoutMs,
    groupIdPrefix: 'gohan-collector-load',
    onEvents: (batch) => {
      for (const e of batch) feed.apply(e.envelope);
      count += batch.length;
    },
  });
  const reports = new Map<string, OperationalStateObservedData>();
  await readAll({
    kafka,
    topic: topics.status,
    decoder,
    timeoutMs,
    groupIdPrefix: 'gohan-collector-load',
    onEvents: (batch) => {
      for (const { envelope } of batch) {
        if (envelope.event_type !== 'OperationalStateObserved') continue;
        reports.set(
          targetKey({ resource_type: envelope.aggregate_type, id: envelope.aggregate_id }),
          envelope.data as unknown as OperationalStateObservedData,
        );
      }
    },
  });
  return { eventsEnd: events.endOffsets, events: count, reports };
}

/** Follows the events topic from `from` into the feed. Offsets are not committed: every start reloads. */
export async function followEvents(options: {
  kafka: Kafka;
  decoder: EventDecoder;
  topic: string;
  groupId: string;
  feed: ResourceFeed;
  from: readonly { partition: number; offset: string }[];
}): Promise<EventConsumer> {
  const consumer = new EventConsumer({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [options.topic],
    decoder: options.decoder,
    commitToKafka: false,
    startAt: options.from.map((p) => ({ topic: options.topic, partition: p.partition, offset: p.offset })),
    maxWaitTimeInMs: 250,
  });
  await consumer.start(async (batch) => {
    for (const e of batch.events) options.feed.apply(e.envelope);
  });
  return consumer;
}

/** Envelopes of status events: a system actor, the cycle as correlation id. */
export function statusEnvelopes(
  events: readonly DomainEvent[],
  occurredAt: string,
  cycleId: string,
): EventEnvelope[] {
  return events.map((event) =>
    buildEnvelope(
      event,
      {
        command_id: `collector:${cycleId}`,
        causation_id: null,
        request_id: null,
        actor: { ...COLLECTOR_ACTOR, tenant_id: event.tenant_id },
        occurred_at: occurredAt,
      },
      randomUUID(),
    ),
  );
}

/** Publishes each cycle's events in one transaction on the status topic. */
export class KafkaStatusSink implements StatusSink {
  readonly publisher: EventPublisher;

  constructor(options: { kafka: Kafka; encoder: EventEncoder; topic: string; transactionalId: string }) {
    this.publisher = new EventPublisher({
      kafka: options.kafka,
      transactionalId: options.transactionalId,
      encoder: options.encoder,
      topic: options.topic,
    });
  }

  connect(): Promise<void> {
    return this.publisher.connect();
  }

  async publish(events: readonly DomainEvent[], occurredAt: string): Promise<void> {
    await this.publisher.publish(statusEnvelopes(events, occurredAt, randomUUID()));
  }

  disconnect(): Promise<void> {
    return this.publisher.disconnect();
  }
}
