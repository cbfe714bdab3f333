// Commands the decider accepts. User commands (create/update/delete) are model/events.ts `Command`;
// system commands are sent by the platform itself, never by the API:
//   attach_port      after the ese_logical_port of a gw_interface's port completed (DOMAIN.md §3.3,
//                    §10.3): the port becomes attached (config version + 1, PortAttached).
//   complete_delete  after the provisioner removed the router config of a resource marked for
//                    deletion: the resource (and the family deleted with it) is gone, and what it
//                    held (VLANs, bandwidth, gateway slots, the vpn_gateway link) is given back.
import type { Command, CommandMeta } from './events';

export type SystemCommand =
  | { kind: 'attach_port'; resource_type: 'port'; id: string; meta: CommandMeta }
  | { kind: 'complete_delete'; resource_type: string; id: string; meta: CommandMeta };

export type AnyCommand = Command | SystemCommand;

export function isSystemCommand(command: AnyCommand): command is SystemCommand {
  return command.kind === 'attach_port' || command.kind === 'complete_delete';
}
