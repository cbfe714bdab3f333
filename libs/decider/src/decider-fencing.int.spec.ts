// Zombie fencing (KIP-98): a second decider with the same transactional.id takes over; the first
// one's transaction — even one already holding facts — never becomes visible, and it stops.
// The second decider runs in another consumer group: that is how a zombie looks from the broker
// (the group has moved on, the old process has not noticed yet).
import type { Decider } from './decider';
import { DeciderFencedError } from './errors';
import { DeciderWorld, waitFor } from './test-support/harness';
import { createWidget, widgetDomain } from './test-support/unique-name-domain';
import type { WidgetModel } from './test-support/unique-name-domain';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

describe('Decider fencing (real Kafka)', () => {
  let world: DeciderWorld<WidgetModel>;

  beforeEach(async () => {
    world = new DeciderWorld(widgetDomain);
    await world.setup();
  });

  afterEach(async () => {
    await world.close();
  });

  function fatalRecorder(): { errors: Error[]; onFatal: (error: Error) => void } {
    const errors: Error[] = [];
    return { errors, onFatal: (error) => errors.push(error) };
  }

  describe('When a newer instance claims the transactional.id while the old one is idle', () => {
    it('should fence the old one at its next transaction, and let the new one decide', async () => {
      const zombie = fatalRecorder();
      const old = await world.startDecider({
        transactionalId: `${world.config.kafka.groups.decider}-0`,
        onFatal: zombie.onFatal,
      });
      const bus = await world.startBus();
      await bus.send(createWidget('before'));

      const successor = await world.startDecider({
        transactionalId: old.transactionalId,
        groupId: `${world.config.kafka.groups.decider}.successor`,
      });
      const outcome = await bus.send(createWidget('after'), { timeoutMs: 30_000 });

      expect(outcome.status).toBe('accepted');
      await old.waitFor('fenced', 20_000);
      expect(zombie.errors).toHaveLength(1);
      expect(zombie.errors[0]).toBeInstanceOf(DeciderFencedError);
      const facts = await world.events();
      expect(facts.map((f) => f.envelope.data.resource)).toEqual([
        expect.objectContaining({ name: 'before' }),
        expect.objectContaining({ name: 'after' }),
      ]);
      expect(successor.status).toBe('active');
    });
  });

  describe('When a newer instance claims the transactional.id in the middle of a transaction', () => {
    it('should abort the zombie transaction (facts and outcome invisible) and fence its commit', async () => {
      let releaseCommit!: () => void;
      const commitGate = new Promise<void>((resolve) => (releaseCommit = resolve));
      let inTransaction = false;
      const zombie = fatalRecorder();
      const old: Decider<WidgetModel> = await world.startDecider({
        onFatal: zombie.onFatal,
        beforeCommit: async () => {
          inTransaction = true;
          await commitGate;
        },
      });
      const bus = await world.startBus();
      const command = createWidget('contested');
      const answer = bus.send(command, { timeoutMs: 40_000 });
      await waitFor(() => inTransaction, {
        timeoutMs: 20_000,
        message: 'the old decider to hold an open transaction',
      });

      const successor = await world.startDecider({
        transactionalId: old.transactionalId,
        groupId: `${world.config.kafka.groups.decider}.successor`,
      });
      const outcome = await answer;
      releaseCommit();
      await old.waitFor('fenced', 20_000);

      expect(outcome).toMatchObject({ command_id: command.meta.command_id, status: 'accepted' });
      expect(zombie.errors[0]).toBeInstanceOf(DeciderFencedError);
      const facts = await world.events();
      expect(facts).toHaveLength(1);
      expect(facts[0]!.envelope.command_id).toBe(command.meta.command_id);
      expect(successor.stats.transactions).toBeGreaterThanOrEqual(1);
      expect(old.stats.transactions).toBe(0);
    });
  });
});
