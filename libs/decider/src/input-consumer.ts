// The decider's consumer: one group member reading its input topics (commands, and the provisioning
// results when the domain has follow-ups), every partition on the one active member.
import type { Consumer, KafkaMessage } from 'kafkajs';
import type { DeciderLogger, DeciderOptions } from './decider-options';
import { toInput } from './inputs';
import type { DeciderInput } from './ports';
import { allOnOneAssigner, decodeSystemInputs } from './system-inputs';

/** The provisioning topic when results are system inputs (the domain has followUps), else undefined. */
export function systemTopicOf<M>(options: DeciderOptions<M>): string | undefined {
  return options.domain.followUps && options.eventLog.decode ? options.topics.provisioning : undefined;
}

export function inputConsumer<M>(options: DeciderOptions<M>): Consumer {
  return options.kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 25,
    sessionTimeout: options.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 1000,
    allowAutoTopicCreation: false,
    partitionAssigners: [allOnOneAssigner],
  });
}

/**
 * The inputs of one fetched chunk, as a function (commands are re-read on each attempt, since a
 * poisoned command_id turns into a malformed input); results are decoded once, up front.
 */
export async function chunkInputs<M>(
  options: DeciderOptions<M>,
  topic: string,
  chunk: KafkaMessage[],
  poisoned: ReadonlyMap<string, string>,
  logger: DeciderLogger,
): Promise<{ inputs: () => DeciderInput[]; empty: boolean }> {
  if (topic !== systemTopicOf(options)) {
    return { inputs: () => chunk.map((m) => toInput(m, poisoned)), empty: chunk.length === 0 };
  }
  const results = await decodeSystemInputs(options.eventLog.decode!, chunk, (offset, err) =>
    logger.error({ err, offset, topic }, 'decider: undecodable result skipped'),
  );
  return { inputs: () => results, empty: results.length === 0 };
}
