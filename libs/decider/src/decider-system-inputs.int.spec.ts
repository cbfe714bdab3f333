// System inputs with the real gohan domain, Kafka and registry: provisioning results published on
// the provisioning topic become follow-up facts (PortAttached, *Deleted) in the decider's
// transaction, once — also across a restart.
import { randomUUID } from 'node:crypto';
import { provisioningStarted, provisioningSucceeded } from '@gohan-es/domain';
import type { DomainEvent, WriteModel } from '@gohan-es/domain';
import { buildEnvelope, EventPublisher, EventSchemaSet } from '@gohan-es/events';
import { gohanDomain } from './gohan-domain';
import { freshCreate, stepsBefore } from './test-support/gohan-flow';
import { DeciderWorld, waitFor } from './test-support/harness';

jest.setTimeout(90_000);

const actor = { user_name: 'gohan-provisioner', tenant_id: 'system', roles: ['admin'], is_admin: true };

describe('Decider system inputs (provisioning results → follow-up facts, real Kafka)', () => {
  let world: DeciderWorld<WriteModel>;
  let publisher: EventPublisher;

  beforeAll(async () => {
    world = new DeciderWorld(gohanDomain, EventSchemaSet.load());
    await world.setup();
    publisher = new EventPublisher({
      kafka: world.kafka,
      transactionalId: `${world.config.kafka.groups.decider}.results`,
      encoder: world.codec,
      topic: world.topics.provisioning,
    });
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher.disconnect().catch(() => undefined);
    await world.close();
  });

  const publish = async (event: DomainEvent): Promise<string> => {
    const eventId = randomUUID();
    const context = { command_id: eventId, actor, occurred_at: new Date().toISOString() };
    await publisher.publish([buildEnvelope(event, context, eventId)]);
    return eventId;
  };
  const factsOf = async (type: string) =>
    (await world.events()).filter((f) => f.envelope.event_type === type).map((f) => f.envelope);

  it('should attach the port after its ELP succeeded, and complete a delete, once each across a restart', async () => {
    const first = await world.startDecider();
    const bus = await world.startBus(30_000);
    for (const command of stepsBefore('gw_interface'))
      expect((await bus.send(command)).status).toBe('accepted');
    const created = await bus.send(freshCreate('gw_interface'), { timeoutMs: 30_000 });
    expect(created.status).toBe('accepted');
    const gw = created.events.find((e) => e.aggregate_type === 'gw_interface')!;
    const elps = created.events.filter((e) => e.aggregate_type === 'ese_logical_port');
    const tenant = String(created.resource!['tenant_id']);
    const target = (resource_type: string, id: string) => ({ resource_type, id, tenant_id: tenant });

    // A Started result calls for nothing; a Succeeded(create) of each ELP attaches its port.
    await publish(
      provisioningStarted(target('gw_interface', gw.aggregate_id), {
        action: 'create',
        config_version: 1,
        router: 'MX-2',
      }),
    );
    const causes: string[] = [];
    for (const elp of elps) {
      const result = { action: 'create' as const, config_version: 1, router: null };
      causes.push(await publish(provisioningSucceeded(target('ese_logical_port', elp.aggregate_id), result)));
    }
    await waitFor(async () => (await factsOf('PortAttached')).length === 2, {
      timeoutMs: 30_000,
      message: 'two PortAttached facts',
    });
    const attached = await factsOf('PortAttached');
    expect(attached.map((e) => e.causation_id).sort()).toEqual([...causes].sort());
    expect(attached.map((e) => e.command_id).sort()).toEqual(causes.map((c) => `system:${c}`).sort());
    expect(attached.every((e) => e.aggregate_version === 2)).toBe(true);

    // Delete: the gw_interface stays (marked) until its router config is gone.
    const deleteCommand = { ...freshCreate('gw_interface') };
    const deleted = await bus.send({
      kind: 'delete',
      resource_type: 'gw_interface',
      id: gw.aggregate_id,
      meta: { ...deleteCommand.meta, ids: [], macs: [] },
    });
    expect(deleted).toMatchObject({ status: 'accepted', http_status: 204 });
    expect(first.writeModel!.resources.get('gw_interface')!.get(gw.aggregate_id)!.marked_for_deletion).toBe(
      true,
    );
    await publish(
      provisioningSucceeded(target('gw_interface', gw.aggregate_id), {
        action: 'delete',
        config_version: 2,
        router: null,
      }),
    );
    await waitFor(async () => (await factsOf('GwInterfaceDeleted')).length === 1, {
      timeoutMs: 30_000,
      message: 'GwInterfaceDeleted',
    });
    expect(await factsOf('PortDeleted')).toHaveLength(2);
    expect(await factsOf('EseLogicalPortDeleted')).toHaveLength(2);

    // Restart: the results' offsets were committed with the facts; nothing is decided twice.
    const before = (await world.events()).length;
    await first.stop();
    const second = await world.startDecider();
    expect((await bus.send(freshCreate('network'))).status).toBe('accepted');
    expect((await world.events()).length).toBe(before + 1);
    expect(second.writeModel!.resources.get('gw_interface')?.has(gw.aggregate_id) ?? false).toBe(false);
  });
});
