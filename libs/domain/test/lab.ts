// The lab of the fixture flow (DOMAIN.md §1.4) built through decide/evolve, with the fixture's ids
// and MACs fed in command meta, plus small command builders for specs.
import { decide, evolve, createWriteModel } from '../src';
import type { AnyCommand, Command, CommandMeta, DomainEvent, ResourceBody, WriteModel } from '../src';
import { vpnFlowSteps } from './vpn-flow-fixtures';
import type { FixtureStep } from './vpn-flow-fixtures';

export const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
export const OTHER_TENANT = 'acf5662bbff44060b93ac3db3c25a590';
export const NOW = '2018-04-16T00:12:29.000Z';

type Actor = CommandMeta['actor'];
export const admin: Actor = { user_name: 'admin', tenant_id: TENANT, roles: ['admin'], is_admin: true };
export const member = (tenant: string): Actor => ({
  user_name: 'demo',
  tenant_id: tenant,
  roles: ['Member'],
  is_admin: false,
});

export function meta(
  ids: readonly string[] = [],
  macs: readonly string[] = [],
  actor: CommandMeta['actor'] = admin,
): CommandMeta {
  return { command_id: `cmd-${ids[0] ?? 'x'}`, actor, now: NOW, ids, macs };
}

export const createCmd = (
  resource_type: string,
  body: ResourceBody,
  ids: readonly string[] = [],
  macs: readonly string[] = [],
  actor = admin,
): Command => ({
  kind: 'create',
  resource_type,
  body,
  meta: meta(ids, macs, actor),
});

export const updateCmd = (
  resource_type: string,
  id: string,
  body: ResourceBody,
  if_match?: number,
  actor = admin,
): Command => ({
  kind: 'update',
  resource_type,
  id,
  body,
  meta: meta([], [], actor),
  ...(if_match === undefined ? {} : { if_match }),
});

export const deleteCmd = (resource_type: string, id: string, if_match?: number, actor = admin): Command => ({
  kind: 'delete',
  resource_type,
  id,
  meta: meta([], [], actor),
  ...(if_match === undefined ? {} : { if_match }),
});

export const completeDeleteCmd = (resource_type: string, id: string): AnyCommand => ({
  kind: 'complete_delete',
  resource_type,
  id,
  meta: meta(),
});
export const attachPortCmd = (id: string): AnyCommand => ({
  kind: 'attach_port',
  resource_type: 'port',
  id,
  meta: meta(),
});

/** ids and MACs a fixture step's command needs: its own id, then the derived resources' in order. */
export function stepCommand(step: FixtureStep): Command {
  const derived = step.derived_resources ?? [];
  const ids = [step.resulting_id, ...derived.map((d) => d.id)];
  const macs = derived
    .filter((d) => d.resource_type === 'port' && d.etcd_config_v1 !== undefined)
    .map((d) => d.resulting_resource['port']!['mac_address'] as string)
    .filter((mac) => mac !== '00:00:5e:00:01:00');
  return createCmd(step.resource_type, step.body[step.resource_type] as ResourceBody, ids, macs);
}

export const stepOf = (resourceType: string, nth = 0): FixtureStep =>
  vpnFlowSteps.filter((s) => s.resource_type === resourceType)[nth]!;
export const idOf = (resourceType: string, nth = 0): string => stepOf(resourceType, nth).resulting_id;
export const bodyOf = (resourceType: string, nth = 0): ResourceBody => ({
  ...(stepOf(resourceType, nth).body[resourceType] as ResourceBody),
});

export class Lab {
  readonly model: WriteModel = createWriteModel();
  readonly events: DomainEvent[] = [];

  run(command: AnyCommand): DomainEvent[] {
    const decided = decide(this.model, command);
    for (const event of decided) evolve(this.model, event);
    this.events.push(...decided);
    return decided;
  }

  body(type: string, id: string): ResourceBody {
    return this.model.resources.get(type)!.get(id)!.body;
  }
}

/** The lab after the fixture steps up to the first step of `last` (a resource type or a step number). */
export function labThrough(last: string | number): Lab {
  const lab = new Lab();
  for (const step of vpnFlowSteps) {
    lab.run(stepCommand(step));
    if (step.resource_type === last || step.step === last) break;
  }
  return lab;
}

export const SECOND_DOWNLINK = '71111111-0000-4000-8000-000000000003';

/** Adds a second downlink ha_interface (ae1 on both routers, VLANs from 1, 100 GA) to the lab. */
export function addSecondDownlink(lab: Lab): void {
  const haRouter = idOf('ha_router');
  lab.run(
    createCmd(
      'er_physical_interface',
      { name: 'ae1', device_id: idOf('edge_router', 0), connected_ese_port_id: null },
      ['71111111-0000-4000-8000-000000000001'],
    ),
  );
  lab.run(
    createCmd(
      'er_physical_interface',
      { name: 'ae1', device_id: idOf('edge_router', 1), connected_ese_port_id: null },
      ['71111111-0000-4000-8000-000000000002'],
    ),
  );
  lab.run(
    createCmd(
      'ha_interface',
      {
        name: 'dl2',
        ha_router_id: haRouter,
        link_type: 'downlink',
        primary_interface_id: '71111111-0000-4000-8000-000000000001',
        secondary_interface_id: '71111111-0000-4000-8000-000000000002',
        maximum_ga_bandwidth: 100,
      },
      [SECOND_DOWNLINK],
    ),
  );
}
