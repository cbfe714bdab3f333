// Domain events: facts in domain words (ARCHITECTURE.md §3). The domain decides them; libs/events adds
// the transport envelope (event_id, command_id, causation_id, actor, occurred_at) and encodes them
// as Avro, one record schema per event_type.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type ResourceBody = { [key: string]: Json };

export interface DomainEvent<D extends ResourceBody = ResourceBody> {
  /** PascalCase fact name, e.g. GwInterfaceCreated, PortAttached, ProvisioningSucceeded. */
  event_type: string;
  /** Schema id of the resource the event is about, e.g. gw_interface. */
  aggregate_type: string;
  aggregate_id: string;
  /** The resource's config version after this event (1 on create, +1 on every update and delete). */
  aggregate_version: number;
  tenant_id: string;
  /** The parent resource when the event is a side effect (ports and ELPs of a gw_interface). */
  parent?: { aggregate_type: string; aggregate_id: string };
  /**
   * Created: { resource } — the full resource. Updated: { changes } — only what changed.
   * Deleted / DeleteRequested: {}. State events carry their own fields.
   */
  data: D;
}

/** Who asked, and the inputs a pure decider must not generate itself (STYLE.md #2). */
export interface CommandMeta {
  command_id: string;
  request_id?: string;
  actor: { user_name: string; tenant_id: string; roles: readonly string[]; is_admin: boolean };
  /** ISO-8601 time of the request. */
  now: string;
  /** Fresh UUIDs, consumed in order for every resource the command creates. */
  ids: readonly string[];
  /** Fresh MAC addresses (fa:16:3e:xx:xx:xx) for the ports the command creates. */
  macs: readonly string[];
}

export type Command =
  | { kind: 'create'; resource_type: string; body: ResourceBody; meta: CommandMeta }
  | {
      kind: 'update';
      resource_type: string;
      id: string;
      body: ResourceBody;
      if_match?: number;
      meta: CommandMeta;
    }
  | { kind: 'delete'; resource_type: string; id: string; if_match?: number; meta: CommandMeta };
