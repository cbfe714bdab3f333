// Building a Command from a request (ARCHITECTURE.md §2): the caller's identity, the time, and the
// fresh ids and MAC addresses the pure decider must not generate itself (STYLE.md #2).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Command, CommandMeta, ResourceBody } from '@gohan-es/domain';
import type { Identity } from './auth/tokens';

/** Enough for the largest command: a gw_interface creates itself, 2 ports and 2 ese_logical_ports. */
export const IDS_PER_COMMAND = 8;
export const MACS_PER_COMMAND = 4;

/** A random MAC in OpenStack's `fa:16:3e` range (DOMAIN.md §1.3 port.mac_address). */
export function randomMac(): string {
  const tail = [...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'));
  return ['fa', '16', '3e', ...tail].join(':');
}

export interface MetaInputs {
  commandId?: string;
  requestId: string;
  identity: Identity;
  clock: () => Date;
  newId: () => string;
  newMac: () => string;
}

export function commandMeta(inputs: MetaInputs): CommandMeta {
  const { identity } = inputs;
  return {
    command_id: inputs.commandId ?? inputs.newId(),
    request_id: inputs.requestId,
    actor: {
      user_name: identity.user_name,
      tenant_id: identity.tenant_id,
      roles: [...identity.roles],
      is_admin: identity.is_admin,
    },
    now: inputs.clock().toISOString(),
    ids: Array.from({ length: IDS_PER_COMMAND }, () => inputs.newId()),
    macs: Array.from({ length: MACS_PER_COMMAND }, () => inputs.newMac()),
  };
}

export const defaultInputs = { clock: () => new Date(), newId: () => randomUUID(), newMac: randomMac };

export function createCommand(resourceType: string, body: ResourceBody, meta: CommandMeta): Command {
  return { kind: 'create', resource_type: resourceType, body, meta };
}

export function updateCommand(
  resourceType: string,
  id: string,
  body: ResourceBody,
  meta: CommandMeta,
  ifMatch?: number,
): Command {
  return {
    kind: 'update',
    resource_type: resourceType,
    id,
    body,
    meta,
    ...(ifMatch === undefined ? {} : { if_match: ifMatch }),
  };
}

export function deleteCommand(
  resourceType: string,
  id: string,
  meta: CommandMeta,
  ifMatch?: number,
): Command {
  return {
    kind: 'delete',
    resource_type: resourceType,
    id,
    meta,
    ...(ifMatch === undefined ? {} : { if_match: ifMatch }),
  };
}
