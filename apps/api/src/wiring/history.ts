// A resource's history read straight from the log (@gohan-es/events readAll, read_committed): every
// event whose aggregate is the resource, or whose parent it is (a gw_interface lists its ports and
// ese_logical_ports). COST: each call scans the configured topics from the start — fine for an
// operator's occasional look, not for a hot path. A projected history table in the read model is
// the scale-out path (see docs/api.md).
import type { Kafka } from 'kafkajs';
import { readAll } from '@gohan-es/events';
import type { ConsumedEvent, EventDecoder } from '@gohan-es/events';
import type { HistoryEntry, HistorySource } from '@gohan-es/http-api';

export interface LogHistoryOptions {
  kafka: Kafka;
  decoder: EventDecoder;
  /** Topics whose events belong to a resource's history: domain facts, provisioning and status. */
  topics: readonly string[];
  timeoutMs?: number;
}

export function toHistoryEntry(event: ConsumedEvent): HistoryEntry {
  const e = event.envelope;
  return {
    event_type: e.event_type,
    aggregate_type: e.aggregate_type,
    aggregate_id: e.aggregate_id,
    aggregate_version: e.aggregate_version,
    tenant_id: e.tenant_id,
    command_id: e.command_id,
    actor: {
      user_name: e.actor.user_name,
      tenant_id: e.actor.tenant_id,
      roles: [...e.actor.roles],
      is_admin: e.actor.is_admin,
    },
    occurred_at: e.occurred_at,
    data: e.data,
    ...(e.parent
      ? { parent: { aggregate_type: e.parent.aggregate_type, aggregate_id: e.parent.aggregate_id } }
      : {}),
  };
}

export function logHistory(options: LogHistoryOptions): HistorySource {
  return {
    async of(schema, id) {
      const matching: { entry: HistoryEntry; topic: number; offset: bigint }[] = [];
      for (const [topicIndex, topic] of options.topics.entries()) {
        await readAll({
          kafka: options.kafka,
          topic,
          decoder: options.decoder,
          timeoutMs: options.timeoutMs ?? 30_000,
          groupIdPrefix: 'gohan-api-history',
          onEvents: (events) => {
            for (const event of events) {
              const e = event.envelope;
              const own = e.aggregate_type === schema.id && e.aggregate_id === id;
              if (own || e.parent?.aggregate_id === id) {
                matching.push({
                  entry: toHistoryEntry(event),
                  topic: topicIndex,
                  offset: BigInt(event.offset),
                });
              }
            }
          },
        });
      }
      // By the time the fact happened; ties (one command's events) in topic and log order.
      return matching
        .sort(
          (a, b) =>
            a.entry.occurred_at.localeCompare(b.entry.occurred_at) ||
            a.topic - b.topic ||
            (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0),
        )
        .map((m) => m.entry);
    },
  };
}
