// Rebuilding the decider's state from the log when it becomes active: the write model (evolve over
// every fact, in log order), the memory of decided command_ids (from the facts' envelopes), the
// events topic's partition count (to place new facts) and the committed command offset (where
// deciding resumes). Runs only AFTER the producer has claimed the transactional.id, so every older
// transaction is complete (committed or aborted) when the log is read.
import { Partitioners } from 'kafkajs';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { DeciderDomain, EventLog } from './ports';
import type { RecentCommands } from './recent-commands';
import { refOf } from './plan';

/**
 * A transactional producer that owns `transactionalId` now. kafkajs runs InitProducerId lazily, on
 * the first transaction: an empty one claims the id at once. The epoch bump fences every older
 * holder (a zombie decider); the broker first completes (aborts) its pending transaction, so the
 * log read afterwards holds everything that will ever commit under the old epoch.
 */
export async function claimTransactionalId(
  kafka: Kafka,
  transactionalId: string,
  transactionTimeoutMs = 30_000,
): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: transactionTimeoutMs,
    createPartitioner: Partitioners.DefaultPartitioner, // facts carry explicit partitions anyway
    // The first request of a transaction right after a commit often gets CONCURRENT_TRANSACTIONS
    // (the previous commit's markers are still being written): retry fast, as the Java client does.
    retry: { retries: 10, initialRetryTime: 10, maxRetryTime: 1000 },
  });
  try {
    await producer.connect();
    await (await producer.transaction()).abort();
    return producer;
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
}

export interface RebuiltState<M> {
  model: M;
  events: number;
  ms: number;
  /** Partitions of the events topic. */
  partitions: number;
  /** The group's committed offset per input `<topic>:<partition>` ('-1' when none). */
  committed: Map<string, string>;
}

export async function rebuildWriteModel<M>(
  kafka: Kafka,
  log: EventLog,
  domain: DeciderDomain<M>,
  topics: { events: string; commands: string },
  groupId: string,
  /** Input topics besides the commands (system inputs) whose committed offsets are wanted too. */
  inputTopics: readonly string[],
  recent: RecentCommands,
): Promise<RebuiltState<M>> {
  const started = Date.now();
  const admin = kafka.admin();
  await admin.connect();
  let partitions: number;
  const committed = new Map<string, string>();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topics.events] });
    partitions = metadata.topics[0]?.partitions.length ?? 0;
    if (partitions < 1) throw new Error(`topic ${topics.events} has no partitions`);
    const offsets = await admin.fetchOffsets({ groupId, topics: [topics.commands, ...inputTopics] });
    for (const t of offsets)
      for (const p of t.partitions) committed.set(`${t.topic}:${p.partition}`, p.offset);
  } finally {
    await admin.disconnect();
  }
  let model = domain.createWriteModel();
  let events = 0;
  recent.clear();
  await log.readAll(topics.events, (logged) => {
    model = domain.evolve(model, logged.event);
    events++;
    if (logged.command_id) {
      recent.rememberEvent(logged.command_id, refOf(logged.event), {
        topic: logged.topic,
        partition: logged.partition,
        offset: logged.offset,
      });
    }
  });
  return { model, events, ms: Date.now() - started, partitions, committed };
}

/**
 * Seeks every input partition with a committed offset there, and returns the offsets by
 * `<topic>:<partition>` (the next input to decide; a partition without one starts at its beginning).
 */
export function seekCommitted(
  consumer: Consumer | undefined,
  committed: Map<string, string>,
): Map<string, bigint> {
  const offsets = new Map<string, bigint>();
  for (const [key, offset] of committed) {
    if (BigInt(offset) < 0n) continue;
    offsets.set(key, BigInt(offset));
    const at = key.lastIndexOf(':');
    consumer?.seek({ topic: key.slice(0, at), partition: Number(key.slice(at + 1)), offset });
  }
  return offsets;
}
