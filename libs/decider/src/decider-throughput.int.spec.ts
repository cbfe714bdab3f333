// Throughput of the write path through the real broker: N creates at concurrency 64 via the
// CommandBus (the API's path), decided in batches, one transaction per batch. The target is
// ≥ 1000 creates/s on 2 cores; the assertion uses DECIDER_MIN_RATE (default 400/s) so a loaded CI
// machine does not turn it flaky — the measured rate is printed either way.
import type { CommandBus } from './command-bus';
import type { Decider } from './decider';
import { DeciderWorld } from './test-support/harness';
import { createWidget, widgetDomain } from './test-support/unique-name-domain';
import type { WidgetModel } from './test-support/unique-name-domain';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

const TOTAL = Number(process.env.DECIDER_THROUGHPUT_COMMANDS ?? 3000);
const CONCURRENCY = 64;
const MIN_RATE = Number(process.env.DECIDER_MIN_RATE ?? 400);

async function drive(
  bus: CommandBus,
  total: number,
  concurrency: number,
  prefix: string,
): Promise<{ accepted: number; ms: number }> {
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const outcome = await bus.send(createWidget(`${prefix}-${i}`), { timeoutMs: 30_000 });
        if (outcome.status === 'accepted') accepted++;
      }
    }),
  );
  return { accepted, ms: performance.now() - started };
}

describe('Decider throughput (real Kafka)', () => {
  let world: DeciderWorld<WidgetModel>;

  beforeAll(async () => {
    world = new DeciderWorld(widgetDomain);
    await world.setup();
  });

  afterAll(async () => {
    await world.close();
  });

  it(`should decide ${TOTAL} creates at concurrency ${CONCURRENCY} at ≥ ${MIN_RATE}/s, batching transactions`, async () => {
    const decider: Decider<WidgetModel> = await world.startDecider();
    const bus = await world.startBus(30_000);
    await drive(bus, 200, CONCURRENCY, 'warmup'); // connections, registry ids, JIT

    const before = { ...decider.stats };
    const { accepted, ms } = await drive(bus, TOTAL, CONCURRENCY, 'load');
    const rate = (TOTAL / ms) * 1000;
    const transactions = decider.stats.transactions - before.transactions;
    process.stdout.write(
      `decider throughput: ${TOTAL} creates in ${ms.toFixed(0)} ms = ${rate.toFixed(0)}/s; ` +
        `${transactions} transactions, ${(TOTAL / transactions).toFixed(1)} commands per transaction\n`,
    );

    expect(accepted).toBe(TOTAL);
    expect(transactions).toBeLessThan(TOTAL / 4);
    expect(rate).toBeGreaterThanOrEqual(MIN_RATE);
  }, 120_000);
});
