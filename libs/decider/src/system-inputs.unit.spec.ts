import { AssignerProtocol } from 'kafkajs';
import type { Cluster } from 'kafkajs';
import { provisioningStarted, provisioningSucceeded } from '@gohan-es/domain';
import type { AnyCommand, DomainEvent, WriteModel } from '@gohan-es/domain';
import { gohanDomain } from './gohan-domain';
import { planBatch } from './plan';
import type { DecodedFact } from './ports';
import { RecentCommands } from './recent-commands';
import { allOnOneAssigner, systemInputOf } from './system-inputs';
import { labThrough } from '../../domain/test/lab';

const GW = '3dbcfce5-bca5-4182-991a-c23de685fcf1';
const ELP_A = 'e30fdd19-2f48-422e-9c68-7c59a0e2fae8';
const PORT_A = '5eebab65-bf2f-4ac2-969a-15d6ccbfdd4b';
const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
const actor = { user_name: 'gohan-provisioner', tenant_id: TENANT, roles: ['admin'], is_admin: true };

const labModel = (): WriteModel => labThrough('gw_interface').model;

function run(model: WriteModel, command: AnyCommand): WriteModel {
  for (const event of gohanDomain.decide(model, command)) gohanDomain.evolve(model, event);
  return model;
}

const fact = (event: DomainEvent, event_id = 'e-1'): DecodedFact => ({
  event,
  event_id,
  occurred_at: '2024-01-01T00:00:00.000Z',
  actor,
});
const succeeded = (type: string, id: string, action: 'create' | 'delete', version: number) =>
  provisioningSucceeded(
    { resource_type: type, id, tenant_id: TENANT },
    { action, config_version: version, router: null },
  );

describe('System inputs', () => {
  describe('When a provisioning result is read', () => {
    it('should make a ProvisioningSucceeded an input with a deterministic command_id, and skip the rest', () => {
      const input = systemInputOf(fact(succeeded('ese_logical_port', ELP_A, 'create', 1), 'ev-9'));
      expect(input).toMatchObject({
        kind: 'system',
        causation_id: 'ev-9',
        meta: { command_id: 'system:ev-9', actor, now: '2024-01-01T00:00:00.000Z', ids: [], macs: [] },
      });
      const started = provisioningStarted(
        { resource_type: 'gw_interface', id: GW, tenant_id: TENANT },
        { action: 'create', config_version: 1, router: 'MX-2' },
      );
      expect(systemInputOf(fact(started))).toBeUndefined();
    });
  });

  describe("When an ese_logical_port's create succeeded", () => {
    it('should plan PortAttached for its port, caused by the result, with no outcome', () => {
      const input = systemInputOf(fact(succeeded('ese_logical_port', ELP_A, 'create', 1), 'ev-1'))!;
      const plan = planBatch(gohanDomain, labModel(), new RecentCommands(), [input]);
      const item = plan.items[0]!;
      expect(item.events.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version])).toEqual([
        ['PortAttached', PORT_A, 2],
      ]);
      expect(item.outcome).toBeUndefined();
      expect(item.context).toMatchObject({ causation_id: 'ev-1', meta: { command_id: 'system:ev-1' } });
      expect(plan.eventCount).toBe(1);
    });

    it('should decide nothing for the same result again (in the batch or remembered)', () => {
      const input = systemInputOf(fact(succeeded('ese_logical_port', ELP_A, 'create', 1), 'ev-2'))!;
      const recent = new RecentCommands();
      const plan = planBatch(gohanDomain, labModel(), recent, [input, input]);
      expect(plan.items.map((i) => i.events.length)).toEqual([1, 0]);
      expect(plan.items[1]!.duplicate).toBe(true);
      recent.remember('system:ev-2', plan.items[0]!.decision!);
      expect(planBatch(gohanDomain, labModel(), recent, [input]).items[0]!.events).toEqual([]);
    });
  });

  describe("When a gw_interface's deletion succeeded on the routers", () => {
    it('should plan its Deleted facts and those of its ports and ELPs', () => {
      const model = run(labModel(), {
        kind: 'delete',
        resource_type: 'gw_interface',
        id: GW,
        meta: { command_id: 'c-del', actor, now: '2024-01-01T00:00:00.000Z', ids: [], macs: [] },
      });
      const input = systemInputOf(fact(succeeded('gw_interface', GW, 'delete', 2), 'ev-3'))!;
      const plan = planBatch(gohanDomain, model, new RecentCommands(), [input]);
      const types = plan.items[0]!.events.map((e) => e.event_type).sort();
      expect(types).toEqual([
        'EseLogicalPortDeleted',
        'EseLogicalPortDeleted',
        'GwInterfaceDeleted',
        'PortDeleted',
        'PortDeleted',
      ]);
      expect(plan.model.resources.get('gw_interface')?.has(GW)).toBe(false);
    });
  });

  describe('When the decider group is assigned', () => {
    it('should put every partition of every input topic on the first member and nothing on the others', async () => {
      const cluster = {
        findTopicPartitionMetadata: (topic: string) =>
          (topic === 'p' ? [0, 1, 2] : [0]).map((partitionId) => ({ partitionId })),
      } as unknown as Cluster;
      const assigner = allOnOneAssigner({ cluster, groupId: 'g', logger: {} as never });
      const result = await assigner.assign({
        members: [{ memberId: 'm-b' }, { memberId: 'm-a' }] as never,
        topics: ['c', 'p'],
      });
      const decoded = Object.fromEntries(
        result.map((r) => [
          r.memberId,
          AssignerProtocol.MemberAssignment.decode(r.memberAssignment)!.assignment,
        ]),
      );
      expect(decoded).toEqual({ 'm-a': { c: [0], p: [0, 1, 2] }, 'm-b': {} });
    });
  });
});
