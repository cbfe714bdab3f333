import { planBatch, repeatDecision } from './plan';
import type { DeciderInput } from './ports';
import { RecentCommands } from './recent-commands';
import { createWidget, widgetDomain } from './test-support/unique-name-domain';
import type { Command } from '@gohan-es/domain';

const asInput = (command: Command): DeciderInput => ({ kind: 'command', command });

describe('planBatch', () => {
  describe('When two commands of one batch claim the same unique name', () => {
    it('should accept the first and reject the second with 409, deciding against the batch so far', () => {
      const committed = widgetDomain.createWriteModel();
      const plan = planBatch(widgetDomain, committed, new RecentCommands(), [
        asInput(createWidget('a')),
        asInput(createWidget('a')),
      ]);
      expect(plan.items.map((i) => i.outcome?.status)).toEqual(['accepted', 'rejected']);
      expect(plan.items[1]!.outcome).toMatchObject({ http_status: 409, events: [], consistency_token: '' });
      expect(plan.items[1]!.events).toEqual([]);
      expect(plan.eventCount).toBe(1);
    });

    it('should leave the committed model untouched (adopted only after commit)', () => {
      const committed = widgetDomain.createWriteModel();
      const plan = planBatch(widgetDomain, committed, new RecentCommands(), [asInput(createWidget('a'))]);
      expect(committed.byId.size).toBe(0);
      expect(plan.model.byId.size).toBe(1);
    });
  });

  describe('When a command is accepted', () => {
    it('should answer 201 with the created resource and the event refs', () => {
      const command = createWidget('b');
      const plan = planBatch(widgetDomain, widgetDomain.createWriteModel(), new RecentCommands(), [
        asInput(command),
      ]);
      const id = command.meta.ids[0]!;
      expect(plan.items[0]!.outcome).toMatchObject({
        command_id: command.meta.command_id,
        status: 'accepted',
        http_status: 201,
        events: [{ aggregate_type: 'widget', aggregate_id: id, aggregate_version: 1 }],
        resource: { id, name: 'b' },
      });
      expect(plan.items[0]!.decision).toMatchObject({ status: 'accepted', http_status: 201 });
    });
  });

  describe('When a command_id repeats', () => {
    it('should repeat the first decision within one batch without deciding again', () => {
      const command = createWidget('c');
      const plan = planBatch(widgetDomain, widgetDomain.createWriteModel(), new RecentCommands(), [
        asInput(command),
        asInput(command),
      ]);
      expect(plan.items[1]!.duplicate).toBe(true);
      expect(plan.items[1]!.events).toEqual([]);
      expect(plan.items[1]!.outcome).toMatchObject({ status: 'accepted', http_status: 201, duplicate: true });
      expect(plan.items[1]!.decision).toBe(plan.items[0]!.decision);
      expect(plan.eventCount).toBe(1);
    });

    it('should repeat a remembered decision (e.g. rebuilt from the log) with the status of the command kind', () => {
      const command = createWidget('d');
      const first = planBatch(widgetDomain, widgetDomain.createWriteModel(), new RecentCommands(), [
        asInput(command),
      ]);
      const recent = new RecentCommands();
      recent.rememberEvent(command.meta.command_id, first.items[0]!.outcome!.events[0]!, {
        topic: 'ev',
        partition: 0,
        offset: '41',
      });
      const again = planBatch(widgetDomain, first.model, recent, [asInput(command)]);
      expect(again.items[0]!.outcome).toMatchObject({
        status: 'accepted',
        http_status: 201,
        consistency_token: 'ev:0:41',
        duplicate: true,
      });
      expect(again.items[0]!.outcome!.resource).toMatchObject({ name: 'd' });
      expect(again.eventCount).toBe(0);
    });

    it('should repeat a rejection with its status and message', () => {
      const command = createWidget('');
      const recent = new RecentCommands();
      const first = planBatch(widgetDomain, widgetDomain.createWriteModel(), recent, [asInput(command)]);
      recent.remember(command.meta.command_id, first.items[0]!.decision!);
      const outcome = repeatDecision(
        widgetDomain,
        first.model,
        command,
        recent.get(command.meta.command_id)!,
      );
      expect(outcome).toMatchObject({
        status: 'rejected',
        http_status: 400,
        error: 'name is required',
        duplicate: true,
      });
    });
  });

  describe('When an input is malformed', () => {
    it('should reject it with its status when it names a command_id, and answer nothing otherwise', () => {
      const plan = planBatch(widgetDomain, widgetDomain.createWriteModel(), new RecentCommands(), [
        { kind: 'malformed', command_id: 'x', reason: 'command: not JSON', http_status: 400 },
        { kind: 'malformed', command_id: undefined, reason: 'command: empty message', http_status: 400 },
      ]);
      expect(plan.items[0]!.outcome).toMatchObject({ command_id: 'x', status: 'rejected', http_status: 400 });
      expect(plan.items[1]!.outcome).toBeUndefined();
    });
  });

  describe('When decide fails unexpectedly', () => {
    it('should reject with 500 and keep the error for the log', () => {
      const broken = {
        ...widgetDomain,
        decide: () => {
          throw new TypeError('boom');
        },
      };
      const plan = planBatch(broken, widgetDomain.createWriteModel(), new RecentCommands(), [
        asInput(createWidget('e')),
      ]);
      expect(plan.items[0]!.outcome).toMatchObject({ status: 'rejected', http_status: 500, error: 'boom' });
      expect(plan.items[0]!.unexpected).toBeInstanceOf(TypeError);
    });
  });

  describe('When evolve fails on a decided fact', () => {
    it('should reject the command with 500 and keep the model of a value domain as it was', () => {
      const broken = {
        ...widgetDomain,
        evolve: () => {
          throw new Error('evolve bug');
        },
      };
      const committed = widgetDomain.createWriteModel();
      const plan = planBatch(broken, committed, new RecentCommands(), [asInput(createWidget('f'))]);
      expect(plan.items[0]!.outcome).toMatchObject({
        status: 'rejected',
        http_status: 500,
        error: 'evolve bug',
      });
      expect(plan.model).toBe(committed);
      expect(plan.corruptedBy).toBeUndefined();
    });

    it('should flag a model mutated in place for a rebuild', () => {
      const broken = {
        ...widgetDomain,
        mutatesModel: true,
        evolve: () => {
          throw new Error('evolve bug');
        },
      };
      const command = createWidget('g');
      const plan = planBatch(broken, widgetDomain.createWriteModel(), new RecentCommands(), [
        asInput(command),
      ]);
      expect(plan.corruptedBy).toBe(command.meta.command_id);
    });
  });
});
