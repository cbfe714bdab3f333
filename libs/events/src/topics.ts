// The five topics, created at start with explicit settings (ARCHITECTURE.md §3):
//   commands      1 partition: one active decider sees every command in order (the single writer).
//   outcomes      decisions for the waiting API instances; short retention.
//   events        domain facts, keyed by aggregate id (one resource's events stay ordered), kept
//                 forever (retention.ms -1): they are the system of record and are replayed.
//   provisioning  provisioning result events, kept forever (replay rebuilds orchestration_state).
//   status        collector status events, kept forever (replay rebuilds operational_state).
// Scale-out path (not built): partition commands by invariant scope (ha_router or tenant), one
// decider and one transactional.id per command partition.
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { KafkaConfig } from '@gohan-es/config';
import { retry } from './retry';

export interface TopicOptions {
  /** Partitions of the events topic (default 1; keyed by aggregate id, so ordering per resource holds). */
  eventPartitions?: number;
  outcomePartitions?: number;
  provisioningPartitions?: number;
  statusPartitions?: number;
  replicationFactor?: number;
  /** Retention of commands and outcomes in ms (defaults 7 days and 1 day). */
  commandRetentionMs?: number;
  outcomeRetentionMs?: number;
  /** How long to wait for every partition to answer ListOffsets (default 30 s). */
  readyTimeoutMs?: number;
}

const DAY_MS = 86_400_000;

function entries(settings: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(settings).map(([name, value]) => ({ name, value }));
}

/** The topic definitions (pure), also used to check existing topics. */
export function topicSpecs(config: KafkaConfig, options: TopicOptions = {}): ITopicConfig[] {
  const replicationFactor = options.replicationFactor ?? 1;
  const forever = { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' };
  const spec = (topic: string, numPartitions: number, settings: Record<string, string>): ITopicConfig => ({
    topic,
    numPartitions,
    replicationFactor,
    configEntries: entries({
      'min.insync.replicas': '1',
      'message.timestamp.type': 'CreateTime',
      ...settings,
    }),
  });
  const t = config.topics;
  return [
    spec(t.commands, 1, {
      'cleanup.policy': 'delete',
      'retention.ms': String(options.commandRetentionMs ?? 7 * DAY_MS),
    }),
    spec(t.outcomes, options.outcomePartitions ?? 1, {
      'cleanup.policy': 'delete',
      'retention.ms': String(options.outcomeRetentionMs ?? DAY_MS),
    }),
    spec(t.events, options.eventPartitions ?? 1, forever),
    spec(t.provisioning, options.provisioningPartitions ?? 1, forever),
    spec(t.status, options.statusPartitions ?? 1, forever),
  ];
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  /** Existing topics whose partition count differs from the spec (never changed automatically). */
  mismatched: { topic: string; expectedPartitions: number; actualPartitions: number }[];
}

export class TopicSetupError extends Error {
  override readonly name: string = 'TopicSetupError';
}

/**
 * Creates the missing topics (idempotent; safe when several processes start at once) and checks the
 * existing ones. A commands topic with more than one partition breaks the single-writer design and
 * is refused; other partition mismatches are reported.
 */
export async function ensureTopics(
  admin: Admin,
  config: KafkaConfig,
  options: TopicOptions = {},
): Promise<EnsureTopicsResult> {
  const specs = topicSpecs(config, options);
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(s.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    } catch (error) {
      // Another process may have created them in between: TOPIC_ALREADY_EXISTS is fine.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  }
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
  const partitions = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const mismatched = specs
    .filter((s) => partitions.get(s.topic) !== s.numPartitions)
    .map((s) => ({
      topic: s.topic,
      expectedPartitions: s.numPartitions!,
      actualPartitions: partitions.get(s.topic) ?? 0,
    }));
  const commands = mismatched.find((m) => m.topic === config.topics.commands);
  if (commands) {
    throw new TopicSetupError(
      `topic ${commands.topic} has ${commands.actualPartitions} partitions; the single decider needs exactly 1`,
    );
  }
  await untilOffsetsAnswer(
    admin,
    specs.map((s) => s.topic),
    options.readyTimeoutMs ?? 30_000,
  );
  return {
    created: missing.map((s) => s.topic),
    existing: specs.filter((s) => present.has(s.topic)).map((s) => s.topic),
    mismatched,
  };
}

/**
 * Waits until the broker answers ListOffsets for every partition of `topics`. A topic that another
 * process has just created (the four apps start together on a fresh stack) can be listed before this
 * broker leads its partitions: the next ListOffsets then fails with NOT_LEADER_OR_FOLLOWER or
 * LEADER_NOT_AVAILABLE, which kafkajs marks retriable; `waitForLeaders` only covers our own creates.
 */
export async function untilOffsetsAnswer(
  admin: Admin,
  topics: readonly string[],
  timeoutMs: number,
): Promise<void> {
  await retry(
    async () => {
      for (const topic of topics) await admin.fetchTopicOffsets(topic);
    },
    {
      retries: 100,
      initialMs: 50,
      maxMs: 1000,
      deadlineMs: timeoutMs,
      isRetriable: (error) => (error as { retriable?: boolean }).retriable === true,
    },
  );
}

/** ensureTopics with an admin client of its own, connected for the call (the apps' start-up). */
export async function ensureKafkaTopics(
  kafka: Kafka,
  config: KafkaConfig,
  options: TopicOptions = {},
): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensureTopics(admin, config, options);
  } finally {
    await admin.disconnect();
  }
}
