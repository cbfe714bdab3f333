// The API side against the real broker: a typed timeout carrying the command_id when no decider
// answers (the API's 504), and a safe retry with the same command_id once one does.
import { CommandBusClosedError, CommandTimeoutError } from './errors';
import { DeciderWorld } from './test-support/harness';
import { createWidget, widgetDomain } from './test-support/unique-name-domain';
import type { WidgetModel } from './test-support/unique-name-domain';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

describe('CommandBus (real Kafka)', () => {
  let world: DeciderWorld<WidgetModel>;

  beforeEach(async () => {
    world = new DeciderWorld(widgetDomain);
    await world.setup();
  });

  afterEach(async () => {
    await world.close();
  });

  describe('When no decider answers in time', () => {
    it('should reject with CommandTimeoutError naming the command_id', async () => {
      const bus = await world.startBus();
      const command = createWidget('lonely');

      const error = await bus.send(command, { timeoutMs: 300 }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CommandTimeoutError);
      expect(error).toMatchObject({ commandId: command.meta.command_id, timeoutMs: 300, retriable: true });
      expect(bus.inFlight).toBe(0);
    });

    it('should apply the command once when the client retries the same command_id after the timeout', async () => {
      const bus = await world.startBus();
      const command = createWidget('retried');
      await expect(bus.send(command, { timeoutMs: 300 })).rejects.toBeInstanceOf(CommandTimeoutError);

      await world.startDecider();
      const outcome = await bus.send(command, { timeoutMs: 20_000 });

      expect(outcome).toMatchObject({
        command_id: command.meta.command_id,
        status: 'accepted',
        http_status: 201,
      });
      const facts = await world.events();
      expect(facts).toHaveLength(1);
      expect(facts[0]!.envelope.command_id).toBe(command.meta.command_id);
    });
  });

  describe('When several API instances wait on the same outcomes topic', () => {
    it('should deliver each outcome to the instance that sent the command', async () => {
      await world.startDecider();
      const [a, b] = await Promise.all([world.startBus(), world.startBus()]);

      const [fromA, fromB] = await Promise.all([
        a.send(createWidget('from-a')),
        b.send(createWidget('from-b')),
      ]);

      expect(fromA).toMatchObject({ status: 'accepted', resource: { name: 'from-a' } });
      expect(fromB).toMatchObject({ status: 'accepted', resource: { name: 'from-b' } });
      expect(a.listenerGroupId).not.toBe(b.listenerGroupId);
    });
  });

  describe('When the bus is stopped', () => {
    it('should refuse new commands', async () => {
      const bus = await world.startBus();
      await bus.stop();
      await expect(bus.send(createWidget('late'))).rejects.toBeInstanceOf(CommandBusClosedError);
    });
  });
});
