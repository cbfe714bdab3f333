// System inputs (ports.ts, DeciderInput 'system'): provisioning results that call for follow-up
// facts. Three pieces, all small:
//   * allOnOneAssigner — the decider's consumer group reads the commands topic AND the provisioning
//     topic; every partition of both must land on the one active member (a round-robin assignment
//     would hand the provisioning partition to a stand-by that cannot decide);
//   * systemInputOf — a decoded ProvisioningSucceeded becomes an input with deterministic metadata
//     (command_id `system:<event_id>`, the result's actor and time), anything else is skipped;
//   * planSystem — decides the follow-up commands of one result against the batch's model.
import { AssignerProtocol } from 'kafkajs';
import type { PartitionAssigner } from 'kafkajs';
import type { DomainEvent } from '@gohan-es/domain';
import type { DeciderDomain, DeciderInput, DecodedFact } from './ports';
import type { PlannedItem } from './plan';
import { refOf } from './plan';
import type { RecentCommands, RememberedDecision } from './recent-commands';

export const ALL_ON_ONE_ASSIGNER = 'GohanAllOnOne';

/** Every partition of every subscribed topic to the first member (sorted by member id). */
export const allOnOneAssigner: PartitionAssigner = ({ cluster }) => ({
  name: ALL_ON_ONE_ASSIGNER,
  version: 0,
  async assign({ members, topics }) {
    const sorted = members.map((m) => m.memberId).sort();
    const all: Record<string, number[]> = {};
    for (const topic of topics)
      all[topic] = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
    return sorted.map((memberId, i) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: i === 0 ? all : {},
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: ALL_ON_ONE_ASSIGNER,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});

/** The command_id of the facts a result causes: deterministic, so a replayed result is a duplicate. */
export const systemCommandId = (eventId: string): string => `system:${eventId}`;

/** A decoded fact of the provisioning topic as a decider input; undefined when it calls for nothing. */
export function systemInputOf(fact: DecodedFact): DeciderInput | undefined {
  if (fact.event.event_type !== 'ProvisioningSucceeded') return undefined;
  return {
    kind: 'system',
    result: fact.event,
    causation_id: fact.event_id,
    meta: {
      command_id: systemCommandId(fact.event_id),
      actor: fact.actor,
      now: fact.occurred_at,
      ids: [],
      macs: [],
    },
  };
}

/**
 * Plans one system input: each follow-up command is decided against the model as the batch left it
 * (a command the domain refuses, e.g. a port deleted meanwhile, is skipped: there is nobody to tell).
 * Returns the item and the model after its facts.
 */
export function planSystem<M>(
  domain: DeciderDomain<M>,
  model: M,
  recent: RecentCommands,
  inBatch: Map<string, RememberedDecision>,
  input: Extract<DeciderInput, { kind: 'system' }>,
): { item: PlannedItem; model: M; corrupted: boolean } {
  const id = input.meta.command_id;
  const context = { meta: input.meta, causation_id: input.causation_id };
  const first = inBatch.get(id) ?? recent.get(id);
  if (first)
    return {
      item: { command_id: id, events: [], outcome: undefined, duplicate: true },
      model,
      corrupted: false,
    };
  const events: DomainEvent[] = [];
  let next = model;
  for (const command of domain.followUps?.(model, input.result, input.meta) ?? []) {
    let decided: DomainEvent[];
    try {
      decided = domain.decide(next, command);
    } catch {
      continue;
    }
    const before = next;
    try {
      for (const event of decided) next = domain.evolve(next, event);
    } catch (error) {
      const item: PlannedItem = { command_id: id, events: [], outcome: undefined, unexpected: error };
      return { item, model: before, corrupted: domain.mutatesModel === true };
    }
    events.push(...decided);
  }
  const decision: RememberedDecision = {
    status: 'accepted',
    http_status: 200,
    events: events.map(refOf),
    positions: [],
  };
  inBatch.set(id, decision);
  return {
    item: { command_id: id, events, outcome: undefined, decision, context },
    model: next,
    corrupted: false,
  };
}

/** The system inputs of fetched provisioning messages; an undecodable one is reported and skipped. */
export async function decodeSystemInputs(
  decode: (value: Buffer) => Promise<DecodedFact>,
  messages: readonly { offset: string; value: Buffer | null }[],
  onUndecodable: (offset: string, error: unknown) => void,
): Promise<DeciderInput[]> {
  const inputs: DeciderInput[] = [];
  for (const message of messages) {
    if (!message.value) continue;
    try {
      const input = systemInputOf(await decode(message.value));
      if (input) inputs.push(input);
    } catch (error) {
      onUndecodable(message.offset, error);
    }
  }
  return inputs;
}
