// What the provisioner knows, rebuilt from the two logs (ARCHITECTURE.md §5): the resource graph
// (the domain's write model, evolved from gohan.events) and, per provisioned resource, which config
// version is on the routers (`applied`, with the body of that version), which one failed, and the
// bodies of the versions not applied yet. Pure and synchronous: the Provisioner feeds it events and
// results, the planner reads it.
//
// A provisioned resource is one the domain says is (isProvisionedResource): vpn_gateway,
// vpn_interface, gw_interface, static_route, and the ports / ese_logical_ports of a gw_interface,
// which have no router config of their own and follow their gw_interface (DOMAIN.md §10.3).
import {
  catalogEntry,
  createWriteModel,
  evolve,
  getResource,
  isGwInterfaceChild,
  isProvisionedResource,
  schemaById,
} from '@gohan-es/domain';
import type {
  DomainEvent,
  ProvisioningAction,
  ResourceBody,
  ResourceRecord,
  WriteModel,
} from '@gohan-es/domain';

export const keyOf = (type: string, id: string): string => `${type}/${id}`;

export interface Applied {
  version: number;
  /** The body of that version; null when that version removed the config (a delete). */
  body: ResourceBody | null;
}

export interface Tracked {
  readonly type: string;
  readonly id: string;
  readonly tenant_id: string;
  /** Bodies of versions newer than `applied` (null = delete requested), kept until applied. */
  readonly versions: Map<number, ResourceBody | null>;
  applied?: Applied;
  failed?: { version: number; error: string; router: string | null };
}

/** One resource version to bring onto the routers. */
export interface WorkItem {
  readonly key: string;
  readonly type: string;
  readonly id: string;
  readonly tenant_id: string;
  readonly version: number;
  readonly action: ProvisioningAction;
}

export class Tracker {
  readonly model: WriteModel = createWriteModel();
  private readonly tracked = new Map<string, Tracked>();
  /** gw_interface key → keys of its ports and ese_logical_ports. */
  private readonly children = new Map<string, Set<string>>();

  get(type: string, id: string): Tracked | undefined {
    return this.tracked.get(keyOf(type, id));
  }

  record(type: string, id: string): ResourceRecord | undefined {
    return getResource(this.model, type, id);
  }

  all(): Tracked[] {
    return [...this.tracked.values()];
  }

  /**
   * Applies one fact of gohan.events. Returns the key of the provisioned resource whose config
   * version it created (new work), if any. State events leave everything unchanged.
   */
  onEvent(event: DomainEvent): string | undefined {
    const entry = catalogEntry(event.event_type);
    evolve(this.model, event);
    if (entry === undefined || entry.kind === 'state') return undefined;
    const key = keyOf(event.aggregate_type, event.aggregate_id);
    if (entry.kind === 'deleted') {
      this.tracked.delete(key);
      this.children.delete(key);
      for (const set of this.children.values()) set.delete(key);
      return undefined;
    }
    const record = this.record(event.aggregate_type, event.aggregate_id);
    const schema = schemaById(event.aggregate_type);
    if (record === undefined || schema === undefined || !isProvisionedResource(schema, record.body))
      return undefined;
    let tracked = this.tracked.get(key);
    if (tracked === undefined) {
      tracked = {
        type: record.resource_type,
        id: record.id,
        tenant_id: record.tenant_id,
        versions: new Map(),
      };
      this.tracked.set(key, tracked);
      const parent = this.parentOf(record.resource_type, record.id);
      if (parent !== undefined) this.children.set(parent, (this.children.get(parent) ?? new Set()).add(key));
    }
    tracked.versions.set(record.version, record.marked_for_deletion ? null : { ...record.body });
    return key;
  }

  /** Applies a provisioning result (replayed from gohan.provisioning, or just published). */
  onResult(event: DomainEvent): void {
    const tracked = this.tracked.get(keyOf(event.aggregate_type, event.aggregate_id));
    if (tracked === undefined) return;
    const version = event.aggregate_version;
    if (event.event_type === 'ProvisioningSucceeded') this.markApplied(tracked, version);
    else if (event.event_type === 'ProvisioningFailed') {
      const router = event.data['router'];
      this.markFailed(
        tracked,
        version,
        String(event.data['error'] ?? ''),
        typeof router === 'string' ? router : null,
      );
    }
  }

  markApplied(tracked: Tracked, version: number): void {
    if (tracked.applied !== undefined && tracked.applied.version >= version) return;
    const body = tracked.versions.has(version) ? tracked.versions.get(version)! : this.currentBody(tracked);
    tracked.applied = { version, body };
    for (const v of [...tracked.versions.keys()]) if (v <= version) tracked.versions.delete(v);
    if (tracked.failed !== undefined && tracked.failed.version <= version) delete tracked.failed;
  }

  markFailed(tracked: Tracked, version: number, error: string, router: string | null): void {
    if (tracked.applied !== undefined && tracked.applied.version >= version) return;
    tracked.failed = { version, error, router };
  }

  private currentBody(tracked: Tracked): ResourceBody | null {
    const record = this.record(tracked.type, tracked.id);
    return record === undefined || record.marked_for_deletion ? null : { ...record.body };
  }

  /** The version waiting for the routers, if any: newer than the applied one and not failed. */
  pendingVersion(tracked: Tracked, includeFailed = false): number | undefined {
    const record = this.record(tracked.type, tracked.id);
    if (record === undefined) return undefined;
    const done = Math.max(tracked.applied?.version ?? 0, includeFailed ? 0 : (tracked.failed?.version ?? 0));
    return record.version > done ? record.version : undefined;
  }

  /** The work item of a resource's current version (its action from what the routers have). */
  workItem(tracked: Tracked): WorkItem {
    const record = this.record(tracked.type, tracked.id)!;
    const everApplied = tracked.applied !== undefined && tracked.applied.body !== null;
    const action: ProvisioningAction = record.marked_for_deletion
      ? 'delete'
      : everApplied
        ? 'update'
        : 'create';
    return {
      key: keyOf(tracked.type, tracked.id),
      type: tracked.type,
      id: tracked.id,
      tenant_id: tracked.tenant_id,
      version: record.version,
      action,
    };
  }

  /** Every resource with a pending version. */
  pending(): WorkItem[] {
    return this.all()
      .filter((t) => this.pendingVersion(t) !== undefined)
      .map((t) => this.workItem(t));
  }

  /** The gw_interface a port / ese_logical_port of a gw_interface follows, or undefined. */
  parentOf(type: string, id: string): string | undefined {
    const record = this.record(type, id);
    const schema = schemaById(type);
    if (record === undefined || schema === undefined || !isGwInterfaceChild(schema, record.body))
      return undefined;
    const gw = type === 'port' ? record.body['device_id'] : record.body['gw_interface_id'];
    return typeof gw === 'string' ? keyOf('gw_interface', gw) : undefined;
  }

  /** The ports and ese_logical_ports following a gw_interface (by its key). */
  childrenOf(gwKey: string): Tracked[] {
    return [...(this.children.get(gwKey) ?? [])]
      .map((k) => this.tracked.get(k))
      .filter((t): t is Tracked => t !== undefined);
  }
}
