// Every event type the domain knows, with its aggregate type and kind. libs/events generates one
// Avro record schema per entry; the projector and the write model dispatch on `kind`.
//
// Data shape per kind (DomainEvent.data):
//   created           { resource: <full body> }  every schema property present (defaults applied,
//                     absent optional ones null), incl. id, tenant_id and the initial state fields
//                     (status / orchestration_state / operational_state, see state/initial-state.ts).
//                     aggregate_version 1.
//   updated           { changes: { <property>: <new value> } }  top-level properties only; a nested
//                     object carries its whole merged value. aggregate_version = previous + 1.
//   attached          { changes: { attached: true } }  (PortAttached) the attach step of a
//                     gw_interface's port (DOMAIN.md §3.3); a config change like `updated`.
//   delete-requested  {}  provisioned types (and the ports / ELPs of a gw_interface): the resource
//                     stays, marked for deletion, until the provisioner removed its router config;
//                     then a `complete_delete` system command decides `<Type>Deleted`. version + 1.
//   deleted           {}  the resource is gone (inventory types at once). version + 1.
//   state             provisioning results and operational observations (state/state-events.ts);
//                     aggregate_version = the config version they belong to. Not applied by the
//                     write model; the projector applies them with state/state-machines.ts.
// Side-effect events name the resource whose command caused them in DomainEvent.parent (a
// gw_interface's ports and ELPs, an ha_interface's counters changed by a vpn_gateway, ...).
import { resourceSchemas } from '../resources';
import type { ResourceSchema } from '../schema/types';

export type EventKind = 'created' | 'updated' | 'deleted' | 'delete-requested' | 'attached' | 'state';

export interface EventCatalogEntry {
  event_type: string;
  /** Schema id; `*` for state events, which may concern any resource type. */
  aggregate_type: string;
  kind: EventKind;
}

export const STATE_EVENT_TYPES = [
  'ProvisioningStarted',
  'ProvisioningSucceeded',
  'ProvisioningFailed',
  'OperationalStateObserved',
] as const;
export type StateEventType = (typeof STATE_EVENT_TYPES)[number];

/** gw_interface → GwInterface. */
export function pascalCase(schemaId: string): string {
  return schemaId
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

const SUFFIX: Readonly<Record<Exclude<EventKind, 'state' | 'attached'>, string>> = {
  created: 'Created',
  updated: 'Updated',
  'delete-requested': 'DeleteRequested',
  deleted: 'Deleted',
};

/** The event type of a config event of a schema, e.g. ('gw_interface', 'created') → GwInterfaceCreated. */
export function eventTypeFor(schemaId: string, kind: Exclude<EventKind, 'state' | 'attached'>): string {
  return pascalCase(schemaId) + SUFFIX[kind];
}

/** Types whose delete is two-step: provisioned ones and those following a provisioned parent. */
export function hasTwoStepDelete(schema: ResourceSchema): boolean {
  return schema.metadata.provisioned === true || schema.metadata.follows_parent !== undefined;
}

function entriesOf(schema: ResourceSchema): EventCatalogEntry[] {
  const kinds: Exclude<EventKind, 'state' | 'attached'>[] = ['created', 'updated'];
  if (hasTwoStepDelete(schema)) kinds.push('delete-requested');
  kinds.push('deleted');
  const entries: EventCatalogEntry[] = kinds.map((kind) => ({
    event_type: eventTypeFor(schema.id, kind),
    aggregate_type: schema.id,
    kind,
  }));
  if (schema.id === 'port')
    entries.push({ event_type: 'PortAttached', aggregate_type: 'port', kind: 'attached' });
  return entries;
}

export const eventCatalog: readonly EventCatalogEntry[] = [
  ...resourceSchemas.flatMap(entriesOf),
  ...STATE_EVENT_TYPES.map((event_type) => ({ event_type, aggregate_type: '*', kind: 'state' as const })),
];

const byType = new Map(eventCatalog.map((e) => [e.event_type, e]));

export function catalogEntry(eventType: string): EventCatalogEntry | undefined {
  return byType.get(eventType);
}

/** What an event does to its resource, as its consumers (read models, lifecycle facts) tell apart. */
export type ResourceEventKind =
  'created' | 'updated' | 'delete_requested' | 'deleted' | 'result' | 'observation';

/**
 * The catalogue's kind of an event for its consumers: an attach is an update, and a state event is
 * the collector's observation or else a provisioning result. Undefined for a type not in the catalogue.
 */
export function resourceEventKind(eventType: string): ResourceEventKind | undefined {
  switch (byType.get(eventType)?.kind) {
    case 'created':
      return 'created';
    case 'updated':
    case 'attached':
      return 'updated';
    case 'delete-requested':
      return 'delete_requested';
    case 'deleted':
      return 'deleted';
    case 'state':
      return eventType === 'OperationalStateObserved' ? 'observation' : 'result';
    default:
      return undefined;
  }
}
