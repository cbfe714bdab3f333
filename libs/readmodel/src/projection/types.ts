// Shapes of the projection: events with their Kafka position, the in-memory row state and the
// parked state events.
import type { DomainEvent, Json, ResourceBody, ResourceState } from '@gohan-es/domain';

/**
 * A decoded event with where it came from (the shape of @gohan-es/events' ConsumedEvent, so its
 * batches can be passed as they are). Offsets are int64 decimal strings (kafkajs).
 */
export interface PositionedEvent {
  topic: string;
  partition: number;
  offset: string;
  /** The domain event in its envelope (occurred_at is used for bookkeeping times when present). */
  envelope: DomainEvent & { occurred_at?: string; event_id?: string };
}

export type EventKind =
  'created' | 'updated' | 'delete_requested' | 'deleted' | 'state' | 'observation' | 'ignored';

/** One resource row as the projection holds it: stored property values plus bookkeeping. */
export interface RowState {
  values: ResourceBody;
  /** The domain's state of the resource (applyStateEvent's input and output), kept as jsonb. */
  state: ResourceState;
  config_version: number;
  state_version: number;
  state_error: string | null;
  marked_for_deletion: boolean;
  /** Detail of the last applied observation (e.g. which router is VRRP master). */
  status_detail: Json | null;
  created_at: string | null;
  updated_at: string | null;
}

/** A state event held back until the config it belongs to has been projected (see reduce.ts). */
export interface ParkedEvent {
  topic: string;
  partition: number;
  offset: string;
  resource_type: string;
  resource_id: string;
  event_type: string;
  version: number;
  event: DomainEvent;
}
