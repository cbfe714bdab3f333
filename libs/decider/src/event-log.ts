// The decider's event log on @gohan-es/events: envelope (buildEnvelope), Avro with the schema
// registry (EventCodec), Kafka key = aggregate id (one resource's facts stay ordered in one
// partition, as EventPublisher does), W3C trace headers, and readAll for the rebuild.
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { buildEnvelope, commandContext, eventHeaders, readAll, toDomainEvent } from '@gohan-es/events';
import type { EventDecoder, EventEncoder } from '@gohan-es/events';
import type { EventLog } from './ports';

export interface KafkaEventLogOptions {
  kafka: Kafka;
  /** The registry-backed codec (EventCodec) or any encoder/decoder of the same wire format. */
  codec: EventEncoder & EventDecoder;
  /** Deadline of one rebuild read (default 120 s). */
  readTimeoutMs?: number;
  /** Prefix of the throw-away groups readAll uses. */
  replayGroupPrefix?: string;
  newEventId?: () => string;
}

export function kafkaEventLog(options: KafkaEventLogOptions): EventLog {
  const { kafka, codec, newEventId = randomUUID } = options;
  return {
    async encode(topic, event, context) {
      const envelope = buildEnvelope(event, commandContext(context.meta, context.causation_id), newEventId());
      const value = await codec.encode(topic, envelope);
      return {
        key: envelope.aggregate_id,
        value,
        headers: eventHeaders(envelope.event_type, undefined),
        timestamp: String(Date.parse(envelope.occurred_at)),
      };
    },
    async decode(value) {
      const envelope = await codec.decode(value);
      const { event_id, occurred_at, actor } = envelope;
      return { event: toDomainEvent(envelope), event_id, occurred_at, actor };
    },
    async readAll(topic, onEvent) {
      await readAll({
        kafka,
        topic,
        decoder: codec,
        timeoutMs: options.readTimeoutMs ?? 120_000,
        groupIdPrefix: options.replayGroupPrefix ?? 'gohan-decider-rebuild',
        onEvents: (events) => {
          for (const e of events) {
            onEvent({
              event: toDomainEvent(e.envelope),
              command_id: e.envelope.command_id,
              topic: e.topic,
              partition: e.partition,
              offset: e.offset,
            });
          }
        },
      });
    },
  };
}
