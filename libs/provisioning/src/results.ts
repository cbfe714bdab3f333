// Provisioning result events (domain state events) on gohan.provisioning, one Kafka transaction per
// batch, with a fixed transactional.id (a zombie provisioner is fenced by the broker). The read
// models turn them into orchestration_state / status (CREATE_IN_PROGRESS → CREATE_COMPLETE or
// CREATE_FAILED + ERROR + the router's message); the decider turns Succeeded into follow-up facts
// (PortAttached, *Deleted).
import { randomUUID } from 'node:crypto';
import { provisioningFailed, provisioningStarted, provisioningSucceeded } from '@gohan-es/domain';
import type { DomainEvent } from '@gohan-es/domain';
import { buildEnvelope } from '@gohan-es/events';
import type { EventPublisher } from '@gohan-es/events';
import type { WorkItem } from './tracker';

export interface ResultSink {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export const PROVISIONER_ACTOR = {
  user_name: 'gohan-provisioner',
  tenant_id: 'system',
  roles: ['admin'],
  is_admin: true,
} as const;

/** A sink over the transactional EventPublisher of @gohan-es/events. */
export function publisherSink(publisher: EventPublisher, clock: () => Date = () => new Date()): ResultSink {
  return {
    async publish(events) {
      if (events.length === 0) return;
      const workId = randomUUID(); // correlation: one batch of results
      const context = { command_id: workId, actor: PROVISIONER_ACTOR, occurred_at: clock().toISOString() };
      await publisher.publish(events.map((e) => buildEnvelope(e, context, randomUUID())));
    },
  };
}

/** A sink that reports fencing (another provisioner took the transactional.id) once, then rethrows. */
export function fencedSink(sink: ResultSink, onFenced: (error: Error) => void): ResultSink {
  return {
    async publish(events) {
      try {
        await sink.publish(events);
      } catch (error) {
        if ((error as Error).name === 'ProducerFencedError') onFenced(error as Error);
        throw error;
      }
    },
  };
}

const target = (item: WorkItem) => ({ resource_type: item.type, id: item.id, tenant_id: item.tenant_id });

export const started = (item: WorkItem, router: string | null): DomainEvent =>
  provisioningStarted(target(item), { action: item.action, config_version: item.version, router });

export const succeeded = (item: WorkItem): DomainEvent =>
  provisioningSucceeded(target(item), { action: item.action, config_version: item.version, router: null });

export const failed = (item: WorkItem, error: string, router: string | null): DomainEvent =>
  provisioningFailed(target(item), { action: item.action, config_version: item.version, error, router });

/** An in-memory sink (tests, dry runs). */
export class MemorySink implements ResultSink {
  readonly events: DomainEvent[] = [];
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
}
