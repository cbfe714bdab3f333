// decide(model, command) → events: the generic Gohan flow for create / update / delete, with the
// per-type rules of model/rules-registry.ts, plus the system commands (model/commands.ts).
// Pure: the model is only read; ids, MACs and time come from command.meta. Throws DomainError.
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';
import { schemaById } from '../resources';
import { hasTwoStepDelete } from './event-catalog';
import { isGwInterfaceChild, isProvisionedResource } from '../state/initial-state';
import { assertRelationsExist, assertUniquesFree } from '../rules/references';
import { completeBody, validateCreate, validateUpdate } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';
import type { AnyCommand, SystemCommand } from './commands';
import { Decision, parentOf } from './decision';
import type { Command, CommandMeta, DomainEvent, ResourceBody } from './events';
import { mergeJson } from './json';
import { rulesFor } from './rules-registry';
import { assertNotBeingDeleted, emitCreate } from './type-rules';
import type { ResourceRecord, WriteModel } from './write-model';
import { resourceKey } from './write-model';

function schemaFor(type: string): ResourceSchema {
  const schema = schemaById(type);
  if (schema === undefined) throw new NotFoundError(`Unknown resource type ${type}`);
  return schema;
}

function findVisible(d: Decision, schema: ResourceSchema, id: string, meta: CommandMeta): ResourceRecord {
  const record = d.find(schema.id, id);
  if (record === undefined || !(meta.actor.is_admin || record.tenant_id === meta.actor.tenant_id))
    throw new NotFoundError();
  return record;
}

function assertIfMatch(record: ResourceRecord, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && ifMatch !== record.version) {
    throw new VersionConflictError(
      `Precondition failed: ${record.resource_type} ${record.id} is at version ${record.version}, not ${ifMatch}`,
    );
  }
}

/** Ports and ELPs made by the system belong to their gw_interface / subnet: 409 on direct changes. */
function assertNotSystemOwned(schema: ResourceSchema, record: ResourceRecord): void {
  const owner = record.body['device_owner'];
  if (isGwInterfaceChild(schema, record.body) || (schema.id === 'port' && owner === 'network:dhcp')) {
    const parent = record.parent ?? {
      aggregate_type: 'gw_interface',
      aggregate_id: String(record.body['gw_interface_id']),
    };
    throw new ConflictError(
      `${schema.id} ${record.id} is managed by ${parent.aggregate_type} ${parent.aggregate_id}; change or delete that ${parent.aggregate_type} instead`,
    );
  }
}

function decideCreate(d: Decision, command: Extract<Command, { kind: 'create' }>): void {
  const schema = schemaFor(command.resource_type);
  const input = validateCreate(schema, command.body);
  const id = typeof input['id'] === 'string' ? input['id'] : d.newId();
  const tenant = typeof input['tenant_id'] === 'string' ? input['tenant_id'] : command.meta.actor.tenant_id;
  if (d.find(schema.id, id) !== undefined) {
    throw new ConflictError(`Failed to store data in database: ${schema.id} ${id} already exists`, {
      field: 'id',
    });
  }
  const body = completeBody(schema, { ...input, id, tenant_id: tenant });
  assertRelationsExist(d, schema, body);
  assertUniquesFree(d, schema, body);
  const rules = rulesFor(schema.id);
  if (rules.create !== undefined) rules.create(d, schema, body);
  else emitCreate(d, schema, body);
}

function decideUpdate(d: Decision, command: Extract<Command, { kind: 'update' }>): void {
  const schema = schemaFor(command.resource_type);
  const record = findVisible(d, schema, command.id, command.meta);
  assertIfMatch(record, command.if_match);
  const input = validateUpdate(schema, command.body);
  assertNotSystemOwned(schema, record);
  assertNotBeingDeleted(record);
  const changes: ResourceBody = {};
  for (const [name, value] of Object.entries(input)) changes[name] = mergeJson(record.body[name], value);
  const merged = { ...record.body, ...changes };
  assertRelationsExist(d, schema, merged, Object.keys(changes));
  assertUniquesFree(d, schema, merged, Object.keys(changes));
  const rules = rulesFor(schema.id);
  if (rules.update !== undefined) rules.update(d, record, changes);
  else d.updated(record, changes);
}

function assertNotReferenced(d: Decision, doomed: readonly ResourceRecord[]): void {
  const keys = new Set(doomed.map((r) => resourceKey(r.resource_type, r.id)));
  for (const record of doomed) {
    const blocker = d.referrers(record).find((r) => !keys.has(resourceKey(r.resource_type, r.id)));
    if (blocker !== undefined) {
      throw new ConflictError(
        `${record.resource_type} ${record.id} is in use by ${blocker.resource_type} ${blocker.id}`,
      );
    }
  }
}

function decideDelete(d: Decision, command: Extract<Command, { kind: 'delete' }>): void {
  const schema = schemaFor(command.resource_type);
  const record = findVisible(d, schema, command.id, command.meta);
  assertIfMatch(record, command.if_match);
  assertNotSystemOwned(schema, record);
  const rules = rulesFor(schema.id);
  const family = rules.family?.(d, record) ?? [];
  assertNotReferenced(d, [record, ...family]);
  rules.assertDeletable?.(d, record);
  if (hasTwoStepDelete(schema) && isProvisionedResource(schema, record.body)) {
    d.deleteRequested(record);
    for (const member of family) d.deleteRequested(member, parentOf(record));
    return;
  }
  for (const member of family) d.deleted(member, parentOf(record));
  d.deleted(record);
  rules.onDeleted?.(d, record);
}

function decideCompleteDelete(
  d: Decision,
  command: Extract<SystemCommand, { kind: 'complete_delete' }>,
): void {
  const schema = schemaFor(command.resource_type);
  const record = d.find(schema.id, command.id);
  if (record === undefined) throw new NotFoundError();
  if (!record.marked_for_deletion)
    throw new ConflictError(`${schema.id} ${record.id} is not marked for deletion`);
  const rules = rulesFor(schema.id);
  for (const member of rules.family?.(d, record) ?? []) d.deleted(member, parentOf(record));
  d.deleted(record);
  rules.onDeleted?.(d, record);
}

function decideAttachPort(d: Decision, command: Extract<SystemCommand, { kind: 'attach_port' }>): void {
  const schema = schemaFor('port');
  const port = d.find('port', command.id);
  if (port === undefined) throw new NotFoundError();
  if (!isGwInterfaceChild(schema, port.body))
    throw new ConflictError(`port ${port.id} is not a gw_interface port`);
  assertNotBeingDeleted(port);
  if (port.body['attached'] === true) return;
  if (d.find('ese_logical_port', port.body['ese_logical_port_id']) === undefined) {
    throw new ConflictError(`port ${port.id} has no ese_logical_port to attach to`);
  }
  d.attached(port, { attached: true });
}

/** Decides a command against the write model: the events to append, or a DomainError. */
export function decide(model: WriteModel, command: AnyCommand): DomainEvent[] {
  const d = new Decision(model, command.meta);
  switch (command.kind) {
    case 'create':
      decideCreate(d, command);
      break;
    case 'update':
      decideUpdate(d, command);
      break;
    case 'delete':
      decideDelete(d, command);
      break;
    case 'complete_delete':
      decideCompleteDelete(d, command);
      break;
    case 'attach_port':
      decideAttachPort(d, command);
      break;
  }
  return d.events;
}
