// The projector benchmark's events: the domain events of the fixture VPN flow (steps 1–20, decided
// by libs/domain exactly as the decider does: ~50 events of every kind — inventory, vpn_gateway with
// the ha_interface VLAN pools, gw_interface with its ports and ELPs, ...) as one template, cloned
// with fresh ids until the count is reached, then produced once to a bench topic with the real
// Avro registry codec, in big Kafka transactions.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Partitioners } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { DEVELOPMENT_SECRETS_KEY } from '@gohan-es/config';
import { createWriteModel, decide, evolve, schemaById } from '@gohan-es/domain';
import type { Command, DomainEvent, ResourceBody } from '@gohan-es/domain';
import { buildEnvelope, encryptSecretFields } from '@gohan-es/events';
import type { EventCodec, EventEnvelope } from '@gohan-es/events';
import { ROOT } from './stack';

interface Step {
  resource_type: string;
  resulting_id: string;
  body: Record<string, ResourceBody>;
  derived_resources?: {
    resource_type: string;
    id: string;
    resulting_resource: Record<string, ResourceBody>;
  }[];
}

const FIXTURES = path.join(ROOT, 'libs/domain/test/fixtures/vpn_flow_fixtures.json');
const ACTOR = {
  user_name: 'admin',
  tenant_id: 'fc394f2ab2df4114bde39905f800dc57',
  roles: ['admin'],
  is_admin: true,
};

/** The envelopes of the whole fixture flow, and every id in them (to be replaced per clone). */
export function flowTemplate(): { envelopes: EventEnvelope[]; ids: string[] } {
  const steps = JSON.parse(readFileSync(FIXTURES, 'utf8')) as Step[];
  const model = createWriteModel();
  const envelopes: EventEnvelope[] = [];
  const ids = new Set<string>();
  steps.forEach((step, n) => {
    const derived = step.derived_resources ?? [];
    const command: Command = {
      kind: 'create',
      resource_type: step.resource_type,
      // Secrets travel encrypted, as the API seals them before the decider sees them.
      body: encryptSecretFields(
        schemaById(step.resource_type)!,
        step.body[step.resource_type]!,
        DEVELOPMENT_SECRETS_KEY,
      ),
      meta: {
        command_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        actor: ACTOR,
        now: '2026-11-26T10:00:00.000Z',
        ids: [step.resulting_id, ...derived.map((d) => d.id)],
        macs: ['fa:16:3e:7b:eb:e8', 'fa:16:3e:7b:6f:90'],
      },
    };
    const events: DomainEvent[] = decide(model, command);
    for (const event of events) {
      evolve(model, event);
      ids.add(event.aggregate_id);
      envelopes.push(
        buildEnvelope(
          event,
          { command_id: command.meta.command_id, actor: ACTOR, occurred_at: command.meta.now },
          randomUUID(),
        ),
      );
    }
    ids.add(command.meta.command_id);
  });
  return { envelopes, ids: [...ids] };
}

/** Yields `count` envelopes: clones of the template, every id fresh per clone. */
export function* clonedEvents(count: number): Generator<EventEnvelope> {
  const { envelopes, ids } = flowTemplate();
  const texts = envelopes.map((e) => JSON.stringify(e));
  const pattern = new RegExp(ids.map((id) => id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|'), 'g');
  let made = 0;
  while (made < count) {
    const fresh = new Map(ids.map((id) => [id, randomUUID()]));
    for (const text of texts) {
      if (made >= count) return;
      const envelope = JSON.parse(text.replace(pattern, (id) => fresh.get(id)!)) as EventEnvelope;
      envelope.event_id = randomUUID();
      made += 1;
      yield envelope;
    }
  }
}

export interface ProduceReport {
  events: number;
  transactions: number;
  bytes: number;
  seconds: number;
}

/** Encodes with the registry codec and produces in transactions of `perTransaction` events. */
export async function produce(
  kafka: Kafka,
  codec: EventCodec,
  topic: string,
  count: number,
  perTransaction: number,
  onProgress: (done: number) => void,
): Promise<ProduceReport> {
  const producer = kafka.producer({
    transactionalId: `bench-producer-${topic}`,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: 120_000,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const started = Date.now();
  const report: ProduceReport = { events: 0, transactions: 0, bytes: 0, seconds: 0 };
  const SEND = 500; // records per send: one record batch stays under the broker's 1 MiB limit
  try {
    const source = clonedEvents(count);
    for (let done = false; !done;) {
      const txn = await producer.transaction();
      try {
        let inTxn = 0;
        while (inTxn < perTransaction) {
          const messages = [];
          for (let i = 0; i < SEND && inTxn < perTransaction; i++, inTxn++) {
            const next = source.next();
            if (next.done) {
              done = true;
              break;
            }
            const value = await codec.encode(topic, next.value);
            report.bytes += value.length;
            messages.push({
              key: next.value.aggregate_id,
              value,
              timestamp: String(Date.parse(next.value.occurred_at)),
            });
          }
          if (messages.length > 0) await txn.send({ topic, messages, acks: -1 });
          report.events += messages.length;
          if (done) break;
        }
        await txn.commit();
      } catch (error) {
        await txn.abort().catch(() => undefined);
        throw error;
      }
      report.transactions += 1;
      onProgress(report.events);
    }
  } finally {
    await producer.disconnect();
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
