// Appending one decided batch: its facts, its outcomes and the input offsets, in ONE Kafka
// transaction of the decider's transactional producer (ARCHITECTURE.md §2, kafka-es.md).
//
// Order inside the transaction: facts first (their offsets make the outcomes' consistency tokens),
// then outcomes, then sendOffsets for the inputs, then commit. read_committed consumers see all of
// it or none of it; an abort (or a fenced zombie) leaves no fact, no outcome and no offset behind.
// Partitions of the facts are chosen here with kafkajs's default (murmur2, Java-compatible)
// partitioner over the event's key, so each fact's exact offset is known from the produce response.
import { Partitioners } from 'kafkajs';
import type { Message, Producer, RecordMetadata } from 'kafkajs';
import type { LogPosition } from './consistency-token';
import type { EventLog } from './ports';
import { EventEncodingError, isFencingError, TransactionOutcomeUnknownError } from './errors';
import type { Plan } from './plan';
import { encodeOutcome, OUTCOME_CONTENT_TYPE } from './protocol';
import { tokenOf } from './recent-commands';

export interface AppendTarget {
  eventsTopic: string;
  eventsPartitions: number;
  outcomesTopic: string;
  /** The consumer group whose offsets the transaction commits (sendOffsets). */
  groupId: string;
  /** Next offset to consume, per input topic-partition. */
  inputOffsets: { topic: string; partition: number; offset: string }[];
  /** Instrumentation hook, awaited inside the open transaction just before commit. */
  beforeCommit?: (info: { inputs: number; events: number }) => Promise<void> | void;
}

const partitioner = Partitioners.DefaultPartitioner();

export function partitionOf(topic: string, key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

/** Offsets of messages sent in one request, from the per-partition base offsets of the response. */
export function offsetsOf(
  topic: string,
  partitions: readonly number[],
  metadata: readonly RecordMetadata[],
): LogPosition[] {
  const next = new Map<number, bigint>();
  for (const m of metadata) {
    if (m.topicName === topic && m.baseOffset !== undefined) next.set(m.partition, BigInt(m.baseOffset));
  }
  return partitions.map((partition) => {
    const offset = next.get(partition);
    if (offset === undefined)
      throw new Error(`no base offset for ${topic}:${partition} in the produce response`);
    next.set(partition, offset + 1n);
    return { topic, partition, offset: offset.toString() };
  });
}

/**
 * Runs the transaction for `plan`. On success every item's decision has its positions and every
 * outcome its consistency token; on any error the transaction is aborted and the error rethrown.
 */
export async function appendPlan<M>(
  producer: Producer,
  log: EventLog,
  plan: Plan<M>,
  target: AppendTarget,
): Promise<void> {
  const facts: { item: number; message: Message & { partition: number } }[] = [];
  for (const [index, item] of plan.items.entries()) {
    const command = item.command;
    const context =
      item.context ?? (command ? { meta: command.meta, causation_id: command.meta.command_id } : undefined);
    if (item.events.length === 0 || !context || item.duplicate) continue;
    const encoded = await Promise.all(
      item.events.map((event) => log.encode(target.eventsTopic, event, context)),
    ).catch((cause: unknown) => {
      throw new EventEncodingError(context.meta.command_id, { cause });
    });
    for (const { key, value, headers, timestamp } of encoded) {
      const partition = partitionOf(target.eventsTopic, key, target.eventsPartitions);
      facts.push({
        item: index,
        message: { key, value, headers, partition, ...(timestamp ? { timestamp } : {}) },
      });
    }
  }
  for (const item of plan.items) if (item.decision && !item.duplicate) item.decision.positions = [];

  const transaction = await producer.transaction();
  try {
    if (facts.length > 0) {
      const metadata = await transaction.send({
        topic: target.eventsTopic,
        acks: -1,
        messages: facts.map((f) => f.message),
      });
      const positions = offsetsOf(
        target.eventsTopic,
        facts.map((f) => f.message.partition),
        metadata,
      );
      facts.forEach((fact, i) => plan.items[fact.item]!.decision!.positions.push(positions[i]!));
    }
    const outcomes: Message[] = [];
    for (const item of plan.items) {
      if (!item.outcome) continue;
      if (item.decision) item.outcome.consistency_token = tokenOf(item.decision);
      outcomes.push({
        key: item.outcome.command_id,
        value: encodeOutcome(item.outcome),
        headers: { 'content-type': OUTCOME_CONTENT_TYPE },
      });
    }
    if (outcomes.length > 0)
      await transaction.send({ topic: target.outcomesTopic, acks: -1, messages: outcomes });
    await transaction.sendOffsets({
      consumerGroupId: target.groupId,
      topics: groupByTopic(target.inputOffsets),
    });
    await target.beforeCommit?.({ inputs: plan.items.length, events: facts.length });
  } catch (error) {
    await transaction.abort().catch(() => undefined); // the broker aborts it anyway on fencing / timeout
    throw error;
  }
  try {
    await transaction.commit();
  } catch (error) {
    // The broker may have committed: only a re-read of the log (a new epoch first) can tell.
    throw isFencingError(error)
      ? error
      : new TransactionOutcomeUnknownError(`commit failed: ${(error as Error).message}`, { cause: error });
  }
}

function groupByTopic(
  offsets: AppendTarget['inputOffsets'],
): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset }]);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
