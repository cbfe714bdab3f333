// Turning fetched command messages into decider inputs, and waiting with consumer heartbeats.
import type { KafkaMessage } from 'kafkajs';
import type { DeciderInput } from './ports';
import { commandIdOf, decodeCommand } from './protocol';

export function toInput(message: KafkaMessage, poisoned: ReadonlyMap<string, string>): DeciderInput {
  try {
    const command = decodeCommand(message.value);
    const poison = poisoned.get(command.meta.command_id);
    return poison
      ? { kind: 'malformed', command_id: command.meta.command_id, reason: poison, http_status: 500 }
      : { kind: 'command', command };
  } catch (error) {
    return {
      kind: 'malformed',
      command_id: commandIdOf(message.key, message.value),
      reason: (error as Error).message,
      http_status: 400,
    };
  }
}

/** Awaits `work`, sending consumer heartbeats meanwhile (a rebuild can outlast the session timeout). */
export async function whileBeating<T>(work: Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
  let done = false;
  const result = work.finally(() => (done = true));
  while (!done) {
    await Promise.race([result.catch(() => undefined), delay(1000)]);
    if (!done) await heartbeat().catch(() => undefined);
  }
  return result;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
