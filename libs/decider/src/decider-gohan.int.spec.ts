// The decider with the real gohan domain and the committed Avro schemas (schemas/avro): the VPN
// flow up to its subnet, then 50 gw_interfaces racing for the same vpn_gateway.
import { EventSchemaSet } from '@gohan-es/events';
import type { WriteModel } from '@gohan-es/domain';
import type { Decider } from './decider';
import { gohanDomain } from './gohan-domain';
import { freshCreate, stepsBefore } from './test-support/gohan-flow';
import { DeciderWorld } from './test-support/harness';

jest.setTimeout(60_000); // the integration project's testTimeout is not applied per project

describe('Decider with the gohan domain (real Kafka)', () => {
  let world: DeciderWorld<WriteModel>;
  let active: Decider<WriteModel> | undefined;

  beforeAll(async () => {
    world = new DeciderWorld(gohanDomain, EventSchemaSet.load());
    await world.setup();
  });

  afterAll(async () => {
    await world.close();
  });

  it('should accept exactly one of 50 concurrent gw_interfaces on one vpn_gateway, then rebuild and not re-apply it', async () => {
    const first = await world.startDecider();
    const bus = await world.startBus(30_000);
    for (const command of stepsBefore('gw_interface')) {
      const outcome = await bus.send(command);
      expect({ type: command.resource_type, status: outcome.status, error: outcome.error }).toEqual({
        type: command.resource_type,
        status: 'accepted',
        error: undefined,
      });
    }

    const racing = Array.from({ length: 50 }, () => freshCreate('gw_interface'));
    const outcomes = await Promise.all(racing.map((c) => bus.send(c, { timeoutMs: 30_000 })));

    const accepted = outcomes.filter((o) => o.status === 'accepted');
    expect(accepted).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.http_status === 409)).toBe(true);
    const winner = accepted[0]!;
    expect(winner).toMatchObject({
      http_status: 201,
      resource: { vpn_gw_id: 'b1da850c-3344-4de2-aa18-d96a30b54f69' },
    });
    // The gw_interface and its ports and ELPs, all from the winning command.
    const types = winner.events.map((e) => e.aggregate_type);
    expect(types.filter((t) => t === 'gw_interface')).toHaveLength(1);
    expect(types.filter((t) => t === 'port')).toHaveLength(2);
    expect(types.filter((t) => t === 'ese_logical_port')).toHaveLength(2);
    const facts = await world.events();
    const gwFacts = facts.filter((f) => f.envelope.event_type === 'GwInterfaceCreated');
    expect(gwFacts).toHaveLength(1);
    expect(gwFacts[0]!.envelope.command_id).toBe(winner.command_id);
    const racingIds = new Set(racing.map((c) => c.meta.command_id));
    expect(
      facts
        .filter((f) => racingIds.has(f.envelope.command_id))
        .every((f) => f.envelope.command_id === winner.command_id),
    ).toBe(true);

    await first.stop();
    const second = (active = await world.startDecider());
    const winning = racing.find((c) => c.meta.command_id === winner.command_id)!;
    const retried = await bus.send(winning);
    const another = await bus.send(freshCreate('gw_interface'));

    expect(retried).toMatchObject({
      status: 'accepted',
      duplicate: true,
      events: winner.events,
      consistency_token: winner.consistency_token,
    });
    expect(another).toMatchObject({ status: 'rejected', http_status: 409 });
    expect((await world.events()).length).toBe(facts.length);
    expect(second.writeModel?.resources.get('gw_interface')?.size).toBe(1);
  }, 120_000);

  it('should accept 2000 network creates sent at concurrency 64', async () => {
    active ??= await world.startDecider();
    const bus = await world.startBus(30_000);
    const total = 2000;
    let next = 0;
    const statuses = await Promise.all(
      Array.from({ length: 64 }, async () => {
        const mine: string[] = [];
        while (next++ < total)
          mine.push((await bus.send(freshCreate('network'), { timeoutMs: 30_000 })).status);
        return mine;
      }),
    );
    expect(statuses.flat().filter((s) => s === 'accepted')).toHaveLength(total);
  }, 120_000);
});
