// A tiny, real (pure, immutable) domain for the decider's own tests: resources of type `widget`
// with a unique `name`, updated by If-Match version and deleted. It exercises exactly what the
// decider relies on — decide throws DomainErrors, evolve returns a new model — without depending on
// the full gohan domain.
import {
  ConflictError,
  httpStatusOf,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '@gohan-es/domain';
import type { Command, CommandMeta, DomainEvent, ResourceBody } from '@gohan-es/domain';
import type { DeciderDomain } from '../ports';

export interface WidgetModel {
  readonly byId: ReadonlyMap<string, { body: ResourceBody; version: number }>;
  readonly idByName: ReadonlyMap<string, string>;
}

export const widgetDomain: DeciderDomain<WidgetModel> = {
  createWriteModel: () => ({ byId: new Map(), idByName: new Map() }),

  decide(model, command) {
    if (command.resource_type !== 'widget')
      throw new ValidationError(`unknown resource type ${command.resource_type}`);
    const tenant_id = command.meta.actor.tenant_id;
    if (command.kind === 'create') {
      const name = command.body.name;
      if (typeof name !== 'string' || name === '')
        throw new ValidationError('name is required', { field: 'name' });
      if (model.idByName.has(name))
        throw new ConflictError(`a widget named ${name} already exists`, { field: 'name' });
      const id = command.meta.ids[0];
      if (!id) throw new ValidationError('no id supplied');
      const resource = { id, name, tenant_id, size: command.body.size ?? 1 };
      return [
        {
          event_type: 'WidgetCreated',
          aggregate_type: 'widget',
          aggregate_id: id,
          aggregate_version: 1,
          tenant_id,
          data: { resource },
        },
      ];
    }
    const current = model.byId.get(command.id);
    if (!current) throw new NotFoundError();
    const ifMatch = 'if_match' in command ? command.if_match : undefined;
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw new VersionConflictError(`version ${ifMatch} is not the current version ${current.version}`);
    }
    const version = current.version + 1;
    if (command.kind === 'delete') {
      return [
        {
          event_type: 'WidgetDeleted',
          aggregate_type: 'widget',
          aggregate_id: command.id,
          aggregate_version: version,
          tenant_id,
          data: {},
        },
      ];
    }
    if (command.kind !== 'update') throw new ValidationError(`widgets do not support ${command.kind}`);
    const changes: ResourceBody = { ...command.body };
    delete changes.id;
    if (
      typeof changes.name === 'string' &&
      changes.name !== current.body.name &&
      model.idByName.has(changes.name)
    ) {
      throw new ConflictError(`a widget named ${changes.name} already exists`, { field: 'name' });
    }
    return [
      {
        event_type: 'WidgetUpdated',
        aggregate_type: 'widget',
        aggregate_id: command.id,
        aggregate_version: version,
        tenant_id,
        data: { changes },
      },
    ];
  },

  evolve(model, event) {
    const byId = new Map(model.byId);
    const idByName = new Map(model.idByName);
    const current = byId.get(event.aggregate_id);
    if (event.event_type === 'WidgetCreated') {
      const body = event.data.resource as ResourceBody;
      byId.set(event.aggregate_id, { body, version: event.aggregate_version });
      idByName.set(body.name as string, event.aggregate_id);
    } else if (event.event_type === 'WidgetUpdated' && current) {
      const changes = event.data.changes as ResourceBody;
      if (typeof changes.name === 'string') {
        idByName.delete(current.body.name as string);
        idByName.set(changes.name, event.aggregate_id);
      }
      byId.set(event.aggregate_id, {
        body: { ...current.body, ...changes },
        version: event.aggregate_version,
      });
    } else if (event.event_type === 'WidgetDeleted' && current) {
      byId.delete(event.aggregate_id);
      idByName.delete(current.body.name as string);
    }
    return { byId, idByName };
  },

  httpStatusOf,
  resourceOf: (model, type, id) => (type === 'widget' ? model.byId.get(id)?.body : undefined),
};

let counter = 0;

export function meta(overrides: Partial<CommandMeta> = {}): CommandMeta {
  counter++;
  return {
    command_id: overrides.command_id ?? `cmd-${process.pid}-${Date.now()}-${counter}`,
    actor: { user_name: 'alice', tenant_id: 'tenant-a', roles: ['member'], is_admin: false },
    now: new Date().toISOString(),
    ids: [`w-${process.pid}-${Date.now()}-${counter}`],
    macs: [],
    ...overrides,
  };
}

export function createWidget(name: string, overrides: Partial<CommandMeta> = {}): Command {
  return { kind: 'create', resource_type: 'widget', body: { name }, meta: meta(overrides) };
}

export function applyAll(model: WidgetModel, events: readonly DomainEvent[]): WidgetModel {
  return events.reduce((m, e) => widgetDomain.evolve(m, e), model);
}
