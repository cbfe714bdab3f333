// Stand-by and take-over inside one consumer group: with one command partition exactly one
// decider is active; when it leaves, a stand-by takes the partition, claims the transactional.id,
// rebuilds the model from the log and goes on where the first one stopped.
import { DeciderWorld, waitFor } from './test-support/harness';
import { createWidget, widgetDomain } from './test-support/unique-name-domain';
import type { WidgetModel } from './test-support/unique-name-domain';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

describe('Decider stand-by and take-over (real Kafka)', () => {
  let world: DeciderWorld<WidgetModel>;

  beforeEach(async () => {
    world = new DeciderWorld(widgetDomain);
    await world.setup();
  });

  afterEach(async () => {
    await world.close();
  });

  it('should keep one active decider per group and hand over to the stand-by when it leaves', async () => {
    const first = world.decider();
    const second = world.decider();
    await Promise.all([first.start(), second.start()]);
    // While the group rebalances, the member that gains the partition is 'activating' for a moment
    // before the one that loses it hears of the revocation; the claim of the transactional.id fences
    // the loser should it still try to write. Settled, there is one active decider and one stand-by.
    await waitFor(() => [first.status, second.status].sort().join() === 'active,standby', {
      timeoutMs: 30_000,
      message: 'one active decider and one stand-by',
    });
    const [active, standby] = first.status === 'active' ? [first, second] : [second, first];
    const bus = await world.startBus();
    const before = await bus.send(createWidget('handover'));

    await active.stop();
    await standby.waitFor('active', 30_000);
    const duplicate = await bus.send(createWidget('handover'));
    const after = await bus.send(createWidget('after-handover'));

    expect(before.status).toBe('accepted');
    expect(duplicate).toMatchObject({ status: 'rejected', http_status: 409 });
    expect(after.status).toBe('accepted');
    expect(standby.transactionalId).toBe(active.transactionalId);
    expect((await world.events()).map((e) => e.envelope.data.resource)).toEqual([
      expect.objectContaining({ name: 'handover' }),
      expect.objectContaining({ name: 'after-handover' }),
    ]);
  });
});
