// The single writer against the real Kafka broker and schema registry: commands in, facts and
// outcomes out in one transaction, conflicts decided in order, restart and idempotent retry.
import { randomUUID } from 'node:crypto';
import { parseConsistencyToken } from './consistency-token';
import type { CommandBus } from './command-bus';
import { DeciderWorld, waitFor } from './test-support/harness';
import { createWidget, meta, widgetDomain } from './test-support/unique-name-domain';
import type { WidgetModel } from './test-support/unique-name-domain';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

describe('Decider with CommandBus (real Kafka)', () => {
  let world: DeciderWorld<WidgetModel>;
  let bus: CommandBus;

  beforeEach(async () => {
    world = new DeciderWorld(widgetDomain);
    await world.setup();
  });

  afterEach(async () => {
    await world.close();
  });

  describe('When a command is accepted', () => {
    it('should append its facts with the envelope and answer 201 with the resource and a token naming the fact', async () => {
      await world.startDecider();
      bus = await world.startBus();
      const command = createWidget('alpha');

      const outcome = await bus.send(command, { timeoutMs: 20_000 });

      const id = command.meta.ids[0]!;
      expect(outcome).toMatchObject({
        command_id: command.meta.command_id,
        status: 'accepted',
        http_status: 201,
        events: [{ aggregate_type: 'widget', aggregate_id: id, aggregate_version: 1 }],
        resource: { id, name: 'alpha', tenant_id: 'tenant-a', size: 1 },
      });
      const events = await world.events();
      expect(events).toHaveLength(1);
      const [fact] = events;
      expect(fact!.envelope).toMatchObject({
        event_type: 'WidgetCreated',
        aggregate_id: id,
        command_id: command.meta.command_id,
        causation_id: command.meta.command_id,
        actor: { user_name: 'alice', tenant_id: 'tenant-a' },
        occurred_at: command.meta.now,
        data: { resource: { id, name: 'alpha' } },
      });
      expect(fact!.key).toBe(id);
      expect(parseConsistencyToken(outcome.consistency_token)).toEqual([
        { topic: world.topics.events, partition: 0, offset: fact!.offset },
      ]);
    });

    it('should apply an update against the model the create left (If-Match, 200, new version)', async () => {
      await world.startDecider();
      bus = await world.startBus();
      const create = createWidget('beta');
      const id = create.meta.ids[0]!;
      await bus.send(create);

      const updated = await bus.send({
        kind: 'update',
        resource_type: 'widget',
        id,
        body: { size: 3 },
        if_match: 1,
        meta: meta(),
      });
      const stale = await bus.send({
        kind: 'update',
        resource_type: 'widget',
        id,
        body: { size: 4 },
        if_match: 1,
        meta: meta(),
      });
      const deleted = await bus.send({ kind: 'delete', resource_type: 'widget', id, meta: meta() });

      expect(updated).toMatchObject({
        status: 'accepted',
        http_status: 200,
        resource: { size: 3 },
        events: [{ aggregate_version: 2 }],
      });
      expect(stale).toMatchObject({
        status: 'rejected',
        http_status: 412,
        events: [],
        consistency_token: '',
      });
      expect(deleted).toMatchObject({
        status: 'accepted',
        http_status: 204,
        events: [{ aggregate_version: 3 }],
      });
      expect((await world.events()).map((e) => e.envelope.event_type)).toEqual([
        'WidgetCreated',
        'WidgetUpdated',
        'WidgetDeleted',
      ]);
    });
  });

  describe('When a command is rejected', () => {
    it('should answer with the domain status and append no fact', async () => {
      await world.startDecider();
      bus = await world.startBus();
      await bus.send(createWidget('gamma'));

      const conflict = await bus.send(createWidget('gamma'));
      const invalid = await bus.send(createWidget(''));
      const missing = await bus.send({
        kind: 'delete',
        resource_type: 'widget',
        id: randomUUID(),
        meta: meta(),
      });

      expect(conflict).toMatchObject({
        status: 'rejected',
        http_status: 409,
        error: 'a widget named gamma already exists',
        events: [],
      });
      expect(invalid).toMatchObject({ status: 'rejected', http_status: 400, error: 'name is required' });
      expect(missing).toMatchObject({ status: 'rejected', http_status: 404 });
      expect(await world.events()).toHaveLength(1);
    });

    it('should answer an unreadable command with 400 and go on deciding', async () => {
      const decider = await world.startDecider();
      bus = await world.startBus();
      const producer = world.kafka.producer();
      await producer.connect();
      await producer.send({
        topic: world.topics.commands,
        messages: [{ key: 'garbage-1', value: '{"v":1,"command":{"kind":"create"}}' }],
      });
      await producer.disconnect();

      const after = await bus.send(createWidget('delta'));

      expect(after.status).toBe('accepted');
      expect(decider.stats.inputs).toBe(2);
    });
  });

  describe('When 50 creates race for the same unique name', () => {
    it('should accept exactly one and keep every other out of the log', async () => {
      await world.startDecider();
      bus = await world.startBus();

      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => bus.send(createWidget('contended'), { timeoutMs: 30_000 })),
      );

      expect(outcomes.filter((o) => o.status === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'rejected' && o.http_status === 409)).toHaveLength(49);
      const facts = (await world.events()).filter((e) => e.envelope.event_type === 'WidgetCreated');
      expect(facts).toHaveLength(1);
      expect(facts[0]!.envelope.command_id).toBe(outcomes.find((o) => o.status === 'accepted')!.command_id);
    });
  });

  describe('When the decider restarts', () => {
    it('should rebuild the model from the log and answer a retried command_id without applying it again', async () => {
      const first = await world.startDecider();
      bus = await world.startBus();
      const create = createWidget('epsilon');
      const original = await bus.send(create);
      await first.stop();

      const second = await world.startDecider();
      await waitFor(() => second.writeModel?.byId.has(create.meta.ids[0]!) ?? false, {
        timeoutMs: 10_000,
        message: 'the rebuilt model',
      });
      const retried = await bus.send(create);
      const conflicting = await bus.send(createWidget('epsilon'));

      expect(retried).toMatchObject({
        status: 'accepted',
        http_status: 201,
        duplicate: true,
        events: original.events,
        consistency_token: original.consistency_token,
        resource: { name: 'epsilon' },
      });
      expect(conflicting).toMatchObject({ status: 'rejected', http_status: 409 });
      expect(await world.events()).toHaveLength(1);
      expect(second.stats.activations).toBe(1);
    });

    it('should answer a retried command_id from memory while running, even a rejected one', async () => {
      await world.startDecider();
      bus = await world.startBus();
      const rejected = createWidget('');
      const accepted = createWidget('zeta');

      await bus.send(rejected);
      await bus.send(accepted);
      const [again, againRejected] = await Promise.all([bus.send(accepted), bus.send(rejected)]);

      expect(again).toMatchObject({ status: 'accepted', duplicate: true });
      expect(againRejected).toMatchObject({ status: 'rejected', http_status: 400, duplicate: true });
      expect(await world.events()).toHaveLength(1);
    });
  });
});
