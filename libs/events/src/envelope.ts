// The transport envelope around a domain event (ARCHITECTURE.md §3, STYLE.md #9): who asked, which
// command, what caused it, when. The domain decides `DomainEvent`s; this adds the rest.
import { randomUUID } from 'node:crypto';
import type { CommandMeta, DomainEvent, ResourceBody } from '@gohan-es/domain';

export interface Actor {
  user_name: string;
  tenant_id: string;
  roles: string[];
  is_admin: boolean;
}

export interface EventEnvelope<D extends ResourceBody = ResourceBody> extends DomainEvent<D> {
  event_id: string;
  /** Correlation: the command this event belongs to (system events: the id of their work item). */
  command_id: string;
  /** The message that directly caused this event (e.g. the event a provisioner reacted to). */
  causation_id: string | null;
  request_id: string | null;
  actor: Actor;
  /** ISO-8601 UTC timestamp with milliseconds, exactly as the command metadata gave it. */
  occurred_at: string;
}

/** Fields every event record carries besides its payload (the Avro generator uses the same list). */
export const ENVELOPE_FIELDS = [
  'event_id',
  'event_type',
  'aggregate_type',
  'aggregate_id',
  'aggregate_version',
  'tenant_id',
  'command_id',
  'causation_id',
  'request_id',
  'actor',
  'occurred_at',
  'parent',
] as const;

export interface EnvelopeContext {
  command_id: string;
  causation_id?: string | null;
  request_id?: string | null;
  actor: { user_name: string; tenant_id: string; roles: readonly string[]; is_admin?: boolean };
  occurred_at: string;
}

export class EnvelopeError extends Error {
  override readonly name: string = 'EnvelopeError';
}

/** The envelope context of the events a command produced. */
export function commandContext(
  meta: CommandMeta,
  causationId: string | null = meta.command_id,
): EnvelopeContext {
  return {
    command_id: meta.command_id,
    causation_id: causationId,
    request_id: meta.request_id ?? null,
    actor: meta.actor,
    occurred_at: meta.now,
  };
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function buildEnvelope<D extends ResourceBody>(
  event: DomainEvent<D>,
  context: EnvelopeContext,
  eventId: string,
): EventEnvelope<D> {
  if (!ISO_UTC.test(context.occurred_at) || Number.isNaN(Date.parse(context.occurred_at))) {
    throw new EnvelopeError(
      `occurred_at must be an ISO-8601 UTC timestamp, got ${JSON.stringify(context.occurred_at)}`,
    );
  }
  if (!Number.isSafeInteger(event.aggregate_version) || event.aggregate_version < 0) {
    throw new EnvelopeError(`${event.event_type}: aggregate_version must be a non-negative integer`);
  }
  for (const key of ['event_type', 'aggregate_type', 'aggregate_id'] as const) {
    if (!event[key]) throw new EnvelopeError(`${event.event_type || 'event'}: ${key} is empty`);
  }
  const envelope: EventEnvelope<D> = {
    event_id: eventId,
    event_type: event.event_type,
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    aggregate_version: event.aggregate_version,
    tenant_id: event.tenant_id,
    command_id: context.command_id,
    causation_id: context.causation_id ?? null,
    request_id: context.request_id ?? null,
    actor: {
      user_name: context.actor.user_name,
      tenant_id: context.actor.tenant_id,
      roles: [...context.actor.roles],
      is_admin: context.actor.is_admin ?? false,
    },
    occurred_at: context.occurred_at,
    data: event.data,
  };
  if (event.parent)
    envelope.parent = {
      aggregate_type: event.parent.aggregate_type,
      aggregate_id: event.parent.aggregate_id,
    };
  return envelope;
}

/** Envelopes for the events of one decision, each with a fresh event id. */
export function buildEnvelopes(
  events: readonly DomainEvent[],
  context: EnvelopeContext,
  newId: () => string = randomUUID,
): EventEnvelope[] {
  return events.map((event) => buildEnvelope(event, context, newId()));
}

/** The domain event inside an envelope (what `evolve` and projections consume). */
export function toDomainEvent<D extends ResourceBody>(envelope: EventEnvelope<D>): DomainEvent<D> {
  const { event_type, aggregate_type, aggregate_id, aggregate_version, tenant_id, parent, data } = envelope;
  return parent
    ? { event_type, aggregate_type, aggregate_id, aggregate_version, tenant_id, parent, data }
    : { event_type, aggregate_type, aggregate_id, aggregate_version, tenant_id, data };
}
