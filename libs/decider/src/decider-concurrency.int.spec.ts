// The write path under concurrency through the real broker: N creates at concurrency 64 via the
// CommandBus (the API's path) are all accepted and decided in batches, one transaction per batch.
// How fast is measured by `npm run bench:api` (docs/benchmarks.md), not asserted here.
import type { CommandBus } from './command-bus';
import type { Decider } from './decider';
import { DeciderWorld } from './test-support/harness';
import { createWidget, widgetDomain } from './test-support/unique-name-domain';
import type { WidgetModel } from './test-support/unique-name-domain';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

const TOTAL = Number(process.env.DECIDER_THROUGHPUT_COMMANDS ?? 2000);
const CONCURRENCY = 64;

async function drive(bus: CommandBus, total: number, concurrency: number, prefix: string): Promise<number> {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const outcome = await bus.send(createWidget(`${prefix}-${i}`), { timeoutMs: 30_000 });
        if (outcome.status === 'accepted') accepted++;
      }
    }),
  );
  return accepted;
}

describe('Decider under concurrent load (real Kafka)', () => {
  let world: DeciderWorld<WidgetModel>;

  beforeAll(async () => {
    world = new DeciderWorld(widgetDomain);
    await world.setup();
  });

  afterAll(async () => {
    await world.close();
  });

  it(`should accept ${TOTAL} creates sent at concurrency ${CONCURRENCY}, deciding them in batched transactions`, async () => {
    const decider: Decider<WidgetModel> = await world.startDecider();
    const bus = await world.startBus(30_000);
    await drive(bus, 200, CONCURRENCY, 'warmup'); // connections, registry ids

    const before = { ...decider.stats };
    const accepted = await drive(bus, TOTAL, CONCURRENCY, 'load');
    const transactions = decider.stats.transactions - before.transactions;

    expect(accepted).toBe(TOTAL);
    expect(decider.stats.inputs - before.inputs).toBe(TOTAL);
    expect(transactions).toBeLessThan(TOTAL / 4);
    const names = (await world.events()).map((e) => (e.envelope.data.resource as { name: string }).name);
    expect(names.filter((name) => name.startsWith('load-'))).toHaveLength(TOTAL);
    expect(new Set(names).size).toBe(names.length); // one event per create, none twice
  }, 120_000);
});
