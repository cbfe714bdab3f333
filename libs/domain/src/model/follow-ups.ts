// Which system commands a provisioning result calls for (model/commands.ts). Pure; the decider
// feeds the results it consumes through this and decides the commands it returns:
//   * ProvisioningSucceeded(delete) of a resource marked for deletion → complete_delete
//     (a gw_interface's ports / ELPs are completed with their gw_interface, not on their own);
//   * ProvisioningSucceeded(create) of a gw_interface's ese_logical_port → attach_port for each
//     of its ports not attached yet (DOMAIN.md §3.3, §10.3).
import { schemaById } from '../resources';
import { isGwInterfaceChild } from '../state/initial-state';
import type { SystemCommand } from './commands';
import type { CommandMeta, DomainEvent } from './events';
import type { WriteModel } from './write-model';
import { getResource } from './write-model';

export function followUpCommands(model: WriteModel, event: DomainEvent, meta: CommandMeta): SystemCommand[] {
  if (event.event_type !== 'ProvisioningSucceeded') return [];
  const schema = schemaById(event.aggregate_type);
  const record = getResource(model, event.aggregate_type, event.aggregate_id);
  if (schema === undefined || record === undefined) return [];
  const action = event.data['action'];
  if (action === 'delete') {
    if (!record.marked_for_deletion || isGwInterfaceChild(schema, record.body)) return [];
    return [{ kind: 'complete_delete', resource_type: schema.id, id: record.id, meta }];
  }
  if (
    action === 'create' &&
    schema.id === 'ese_logical_port' &&
    isGwInterfaceChild(schema, record.body) &&
    !record.marked_for_deletion
  ) {
    return (record.body['port_ids'] as string[])
      .filter((id) => getResource(model, 'port', id)?.body['attached'] === false)
      .map((id) => ({ kind: 'attach_port', resource_type: 'port', id, meta }));
  }
  return [];
}
