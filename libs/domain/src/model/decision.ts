// One decision in progress: reads the (unchanged) write model, hands out the command's ids and MACs
// in order, and collects the events with their aggregate versions.
import { schemaById } from '../resources';
import type { ResourceSchema } from '../schema/types';
import { eventTypeFor } from './event-catalog';
import type { CommandMeta, DomainEvent, Json, ResourceBody } from './events';
import type { ResourceRecord, WriteModel } from './write-model';
import type { IndexName } from './indexes';
import { lookupKey } from './indexes';
import { getResource, listResources, lookupRecords, referrersOf, resourceKey } from './write-model';

export type EventParent = { aggregate_type: string; aggregate_id: string };

export class Decision {
  readonly events: DomainEvent[] = [];
  /** Resources created earlier in this decision (so later ones may relate to them). */
  private readonly pending = new Map<string, ResourceRecord>();
  private idCursor = 0;
  private macCursor = 0;

  constructor(
    readonly model: WriteModel,
    readonly meta: CommandMeta,
  ) {}

  /** The next fresh id of the command (meta.ids, in order). */
  newId(): string {
    const id = this.meta.ids[this.idCursor++];
    if (id === undefined)
      throw new Error(`command ${this.meta.command_id}: meta.ids exhausted (${this.meta.ids.length} given)`);
    return id;
  }

  /** The next fresh MAC address of the command (meta.macs, in order). */
  newMac(): string {
    const mac = this.meta.macs[this.macCursor++];
    if (mac === undefined)
      throw new Error(
        `command ${this.meta.command_id}: meta.macs exhausted (${this.meta.macs.length} given)`,
      );
    return mac;
  }

  schema(type: string): ResourceSchema {
    const schema = schemaById(type);
    if (schema === undefined) throw new Error(`unknown resource type ${type}`);
    return schema;
  }

  /** A live resource (marked-for-deletion ones included). */
  find(type: string, id: unknown): ResourceRecord | undefined {
    if (typeof id !== 'string') return undefined;
    return getResource(this.model, type, id) ?? this.pending.get(resourceKey(type, id));
  }

  /** A resource the rules rely on; its absence is a broken invariant, not a user error. */
  get(type: string, id: unknown): ResourceRecord {
    const record = this.find(type, id);
    if (record === undefined) throw new Error(`write model: ${type} ${String(id)} is missing`);
    return record;
  }

  list(type: string): ResourceRecord[] {
    return listResources(this.model, type);
  }

  /** Resources of the model referencing `record` (only those of `type`, when given). */
  referrers(record: ResourceRecord, type?: string): ResourceRecord[] {
    return referrersOf(this.model, record.resource_type, record.id, type);
  }

  /** Resources of the model listed in secondary index `name` under the tuple `parts` (O(k)). */
  lookup(name: IndexName, ...parts: readonly Json[]): ResourceRecord[] {
    return lookupRecords(this.model, name, lookupKey(...parts));
  }

  private push(event: Omit<DomainEvent, 'parent'>, parent?: EventParent): void {
    this.events.push(parent === undefined ? event : { ...event, parent });
  }

  created(schema: ResourceSchema, resource: ResourceBody, parent?: EventParent): void {
    const id = resource['id'] as string;
    const tenant = resource['tenant_id'] as string;
    this.pending.set(resourceKey(schema.id, id), {
      resource_type: schema.id,
      id,
      tenant_id: tenant,
      body: resource,
      version: 1,
      marked_for_deletion: false,
    });
    this.push(
      {
        event_type: eventTypeFor(schema.id, 'created'),
        aggregate_type: schema.id,
        aggregate_id: id,
        aggregate_version: 1,
        tenant_id: tenant,
        data: { resource },
      },
      parent,
    );
  }

  updated(record: ResourceRecord, changes: ResourceBody, parent?: EventParent): void {
    this.configChange(record, eventTypeFor(record.resource_type, 'updated'), { changes }, parent);
  }

  attached(record: ResourceRecord, changes: ResourceBody): void {
    this.configChange(record, 'PortAttached', { changes });
  }

  deleteRequested(record: ResourceRecord, parent?: EventParent): void {
    this.configChange(record, eventTypeFor(record.resource_type, 'delete-requested'), {}, parent);
  }

  deleted(record: ResourceRecord, parent?: EventParent): void {
    this.configChange(record, eventTypeFor(record.resource_type, 'deleted'), {}, parent);
  }

  private configChange(
    record: ResourceRecord,
    eventType: string,
    data: ResourceBody,
    parent?: EventParent,
  ): void {
    const earlier = this.events.filter(
      (e) => e.aggregate_type === record.resource_type && e.aggregate_id === record.id,
    ).length;
    this.push(
      {
        event_type: eventType,
        aggregate_type: record.resource_type,
        aggregate_id: record.id,
        aggregate_version: record.version + earlier + 1,
        tenant_id: record.tenant_id,
        data,
      },
      parent,
    );
  }
}

export const parentOf = (record: ResourceRecord): EventParent => ({
  aggregate_type: record.resource_type,
  aggregate_id: record.id,
});
export const parentRef = (type: string, id: string): EventParent => ({
  aggregate_type: type,
  aggregate_id: id,
});
