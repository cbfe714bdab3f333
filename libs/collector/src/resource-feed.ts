// The set of monitored resources, kept from the domain events: the domain's own write model
// (evolve) plus the creation time of each resource (its Created event's occurred_at, for the hold
// period). Targets are recomputed only when the model changed. State events do not change it.
import { createWriteModel, evolve, getResource, listResources } from '@gohan-es/domain';
import type { DomainEvent, WriteModel } from '@gohan-es/domain';
import type { ResourceView } from './collector';
import { edgeRouterEndpoint, routerName } from './endpoints';
import type { EndpointSettings } from './endpoints';
import { monitoringTargets, targetKey } from './targets';
import type { Target } from './targets';

export interface FeedEvent extends DomainEvent {
  /** The envelope's time; absent = unknown (no hold for that resource). */
  occurred_at?: string;
}

export class ResourceFeed implements ResourceView {
  readonly model: WriteModel = createWriteModel();
  private readonly created = new Map<string, number>();
  private cache: { count: number; targets: Target[] } | undefined;
  /** Events the model refused (logged by the caller); the feed goes on with the next. */
  readonly rejected: { event_type: string; aggregate_id: string; error: string }[] = [];

  constructor(private readonly settings: EndpointSettings) {}

  apply(event: FeedEvent): void {
    try {
      evolve(this.model, event);
    } catch (error) {
      this.rejected.push({
        event_type: event.event_type,
        aggregate_id: event.aggregate_id,
        error: String(error),
      });
      return;
    }
    const key = targetKey({ resource_type: event.aggregate_type, id: event.aggregate_id });
    if (event.event_type.endsWith('Created') && event.occurred_at !== undefined) {
      const at = Date.parse(event.occurred_at);
      if (!Number.isNaN(at)) this.created.set(key, at);
    } else if (event.event_type.endsWith('Deleted')) {
      this.created.delete(key);
    }
  }

  targets(): readonly Target[] {
    if (this.cache?.count !== this.model.eventCount)
      this.cache = { count: this.model.eventCount, targets: monitoringTargets(this.model) };
    return this.cache.targets;
  }

  createdAt(resourceType: string, id: string): number | undefined {
    return this.created.get(targetKey({ resource_type: resourceType, id }));
  }

  endpointOf(routerId: string): ReturnType<ResourceView['endpointOf']> {
    const record = getResource(this.model, 'edge_router', routerId);
    const name = routerName(record, routerId);
    if (record === undefined) return { error: `edge_router ${routerId} not found`, name };
    const resolved = edgeRouterEndpoint(record, this.settings);
    return 'endpoint' in resolved ? { endpoint: resolved.endpoint, name } : { error: resolved.error, name };
  }

  /** Number of monitored resources (targets). */
  get size(): number {
    return this.targets().length;
  }

  /** Every edge_router of the model (for diagnostics). */
  routers(): string[] {
    return listResources(this.model, 'edge_router').map((r) => r.id);
  }
}
