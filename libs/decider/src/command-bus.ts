// The API side of the write path (ARCHITECTURE.md §2): publish a command to the commands topic and
// wait for its outcome on the outcomes topic.
//
// - Commands are keyed by command_id and sent with acks=all; concurrent sends are batched into
//   one produce request while one is in flight (send-batcher.ts).
// - Each API instance runs ONE outcome listener: a consumer in a group of its own (unique suffix, no
//   offsets ever committed, so the group vanishes when the instance stops) that reads every outcome
//   from the position the topic had when the bus started. Before `start` resolves, the listener has
//   joined, and it is sought to the last stable offsets taken before joining, so no outcome of a
//   command sent after `start` can be skipped. read_committed: an outcome is only seen once its
//   transaction (with the command's facts) has committed. Every instance sees every outcome and
//   ignores those nobody here waits for; maxWaitTimeInMs is low for latency.
// - No outcome in time → CommandTimeoutError carrying the command_id (the API answers 504). A retry
//   with the same command_id is safe: the decider remembers decided command_ids and repeats the
//   first decision instead of applying the command again.
import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import type { Consumer, Kafka, Message, Producer } from 'kafkajs';
import type { Command } from '@gohan-es/domain';
import { CommandBusClosedError, CommandTimeoutError } from './errors';
import { COMMAND_CONTENT_TYPE, decodeOutcome, encodeCommand } from './protocol';
import type { Outcome } from './protocol';
import { SendBatcher } from './send-batcher';
import { StateSignal } from './signal';

export interface CommandBusOptions {
  kafka: Kafka;
  topics: { commands: string; outcomes: string };
  /** Prefix of this instance's outcome-listener group; a unique suffix is appended. */
  listenerGroupPrefix: string;
  /** Default wait for an outcome (ms; default 10 000). */
  timeoutMs?: number;
  /** Fetch wait of the outcome listener when nothing is new (default 20 ms). */
  maxWaitTimeInMs?: number;
  /** How long `start` waits for the listener to join (default 30 000 ms). */
  startTimeoutMs?: number;
}

interface Waiter {
  resolve: (outcome: Outcome) => void;
  reject: (error: Error) => void;
}

export class CommandBus {
  readonly listenerGroupId: string;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly batcher: SendBatcher<Message>;
  private readonly joined = new StateSignal<boolean>(false);
  /** Next outcome offset to read, per partition. */
  private readonly positions = new Map<number, string>();
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private open = false;

  constructor(private readonly options: CommandBusOptions) {
    this.listenerGroupId = `${options.listenerGroupPrefix}.${randomUUID()}`;
    this.batcher = new SendBatcher((messages) => this.produce(messages));
  }

  /** Commands waiting for their outcome. */
  get inFlight(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  async start(): Promise<void> {
    const { kafka, topics } = this.options;
    // Not idempotent on purpose: a command duplicated by a produce retry is harmless (the decider
    // answers a known command_id with its first decision), and an idempotent producer whose
    // retries ran out can be left with broken sequence numbers.
    const producer = kafka.producer({
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer = producer;
    await producer.connect();

    const admin = kafka.admin();
    await admin.connect();
    let start: { partition: number; offset: string }[];
    try {
      start = (await admin.fetchTopicOffsets(topics.outcomes)).map(({ partition, offset }) => ({
        partition,
        offset,
      }));
    } finally {
      await admin.disconnect();
    }

    const consumer = kafka.consumer({
      groupId: this.listenerGroupId,
      readUncommitted: false,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 20,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    // After a restart of the listener (broker trouble) the group has no offsets to resume from:
    // seek back to where this instance was, so no outcome written meanwhile is skipped.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (this.joined.value) {
        for (const [partition, offset] of this.positions)
          consumer.seek({ topic: topics.outcomes, partition, offset });
      }
      this.joined.set(true);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.outcomes], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: Math.max(1, start.length),
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) this.deliver(message.value);
        if (batch.messages.length > 0)
          this.positions.set(batch.partition, (BigInt(batch.lastOffset()) + 1n).toString());
      },
    });
    for (const { partition, offset } of start) {
      this.positions.set(partition, offset);
      consumer.seek({ topic: topics.outcomes, partition, offset });
    }
    await this.joined.waitFor(true, this.options.startTimeoutMs ?? 30_000);
    this.open = true;
  }

  /**
   * Publishes `command` and resolves with its outcome (accepted or rejected: both are answers).
   * Rejects with CommandTimeoutError when no outcome arrives within `timeoutMs`, or with the
   * producer's error when the command could not be published.
   */
  send(command: Command, options: { timeoutMs?: number } = {}): Promise<Outcome> {
    if (!this.open) return Promise.reject(new CommandBusClosedError('the command bus is not started'));
    const commandId = command.meta.command_id;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    return new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(
        () => settle(() => reject(new CommandTimeoutError(commandId, timeoutMs))),
        timeoutMs,
      );
      const waiter: Waiter = {
        resolve: (outcome) => settle(() => resolve(outcome)),
        reject: (error) => settle(() => reject(error)),
      };
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        const set = this.waiters.get(commandId);
        set?.delete(waiter);
        if (set?.size === 0) this.waiters.delete(commandId);
        finish();
      };
      let set = this.waiters.get(commandId);
      if (!set) this.waiters.set(commandId, (set = new Set()));
      set.add(waiter);
      const message: Message = {
        key: commandId,
        value: encodeCommand(command),
        headers: { 'content-type': COMMAND_CONTENT_TYPE },
      };
      this.batcher.add(message).catch((error: unknown) => waiter.reject(error as Error));
    });
  }

  async stop(): Promise<void> {
    this.open = false;
    await this.batcher.idle();
    const closed = new CommandBusClosedError('the command bus stopped before the outcome arrived');
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.reject(closed);
    const started = this.consumer !== undefined;
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
    if (started) await this.deleteListenerGroup();
  }

  /** Best effort: the broker would drop the empty, offset-less group later anyway. */
  private async deleteListenerGroup(): Promise<void> {
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.listenerGroupId]);
    } catch {
      // ignored: nothing depends on it
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async produce(messages: Message[]): Promise<void> {
    if (!this.producer) throw new CommandBusClosedError('the command bus is not started');
    await this.producer.send({ topic: this.options.topics.commands, acks: -1, messages });
  }

  private deliver(value: Buffer | null): void {
    let outcome: Outcome;
    try {
      outcome = decodeOutcome(value);
    } catch {
      return; // not ours to judge: another version's outcome, or garbage — nobody here waits for it
    }
    const set = this.waiters.get(outcome.command_id);
    if (set) for (const waiter of [...set]) waiter.resolve(outcome);
  }
}
