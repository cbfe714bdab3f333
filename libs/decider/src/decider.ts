// The single writer (ARCHITECTURE.md §2): a member of the decider consumer group on the commands
// topic (1 partition → one active decider, the other members stand by) and, when the domain has
// follow-ups, the provisioning topic (system inputs, system-inputs.ts). Becoming active:
//   1. claim the FIXED transactional.id (InitProducerId bumps the epoch: any older holder, a
//      zombie, is fenced and its open transaction aborted);
//   2. only then rebuild the write model from the events topic (no fenced fact can land later),
//      and resume at the group's committed offset of every input partition;
//   3. decide each fetched batch (chunks of `maxBatch`) against the model and append facts,
//      outcomes and input offsets in ONE transaction (append.ts); the model and the memory of
//      decided command_ids adopt the batch only after commit.
// A failed transaction is aborted, then retried (retriable errors) or the decider re-activates
// (new epoch, fresh rebuild; errors.ts failureAction). A fenced decider stops for good (onFatal).
import type { Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { appendPlan } from './append';
import type { DeciderLogger, DeciderOptions, DeciderState, DeciderStats } from './decider-options';
import { silentLogger } from './decider-options';
import { DeciderFencedError, EventEncodingError, failureAction } from './errors';
import { chunkInputs, inputConsumer, systemTopicOf } from './input-consumer';
import { delay, whileBeating } from './inputs';
import { planBatch } from './plan';
import type { Plan } from './plan';
import type { DeciderInput } from './ports';
import { RecentCommands } from './recent-commands';
import { claimTransactionalId, rebuildWriteModel, seekCommitted } from './rebuild';
import { StateSignal } from './signal';

export type { DeciderLogger, DeciderOptions, DeciderState, DeciderStats } from './decider-options';

const RETRIES = 5;

export class Decider<M> {
  readonly stats: DeciderStats = { transactions: 0, inputs: 0, events: 0, activations: 0, aborted: 0 };
  readonly transactionalId: string;
  private readonly state = new StateSignal<DeciderState>('stopped');
  private readonly recent: RecentCommands;
  private readonly logger: DeciderLogger;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private model: M | undefined;
  private eventsPartitions = 1;
  private activation: Promise<void> | undefined;
  private generation = 0;
  private failures = 0;
  /** Next offset to decide per input `<topic>:<partition>`: inputs below it were committed. */
  private committedOffsets = new Map<string, bigint>();
  /** The provisioning topic when the domain has follow-ups (system inputs), else undefined. */
  private readonly systemTopic: string | undefined;
  private readonly poisoned = new Map<string, string>();

  constructor(private readonly options: DeciderOptions<M>) {
    this.transactionalId = options.transactionalId ?? `${options.groupId}-0`;
    this.recent = new RecentCommands(options.recentCommands);
    this.logger = options.logger ?? silentLogger;
    this.systemTopic = systemTopicOf(options);
  }

  get status(): DeciderState {
    return this.state.value;
  }

  /** Resolves when the decider reaches `state` (e.g. 'active'), rejects after `timeoutMs`. */
  waitFor(state: DeciderState, timeoutMs: number): Promise<void> {
    return this.state.waitFor(state, timeoutMs);
  }

  /** The committed write model (undefined unless active). Read-only use: diagnostics and tests. */
  get writeModel(): M | undefined {
    return this.model;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    const { topics } = this.options;
    const consumer = inputConsumer(this.options);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.onAssignment(payload.memberAssignment[topics.commands]?.includes(0) ?? false);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.fatal(payload.error, 'failed');
    });
    this.state.set('standby');
    await consumer.connect();
    const inputTopics = [topics.commands, ...(this.systemTopic ? [this.systemTopic] : [])];
    await consumer.subscribe({ topics: inputTopics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.generation++;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
    await this.dropProducer();
    this.model = undefined;
    if (!this.isFinished()) this.state.set('stopped');
  }

  private isFinished(): boolean {
    return ['stopped', 'fenced', 'failed'].includes(this.state.value);
  }

  private onAssignment(assigned: boolean): void {
    if (this.isFinished()) return;
    if (assigned) {
      this.ensureActivation().catch((error: unknown) =>
        this.logger.error({ err: error }, 'decider: activation failed'),
      );
    } else if (this.state.value !== 'standby') {
      this.logger.info({ transactionalId: this.transactionalId }, 'decider: partition revoked, standing by');
      this.deactivate();
    }
  }

  private ensureActivation(): Promise<void> {
    if (this.state.value === 'active') return Promise.resolve();
    this.activation ??= this.activate(this.generation).finally(() => (this.activation = undefined));
    return this.activation;
  }

  private async activate(generation: number): Promise<void> {
    this.state.set('activating');
    if (this.failures > 0) await delay(Math.min(5000, 100 * 2 ** this.failures));
    const { kafka, topics, domain, eventLog } = this.options;
    let producer: Producer | undefined;
    try {
      producer = await claimTransactionalId(kafka, this.transactionalId, this.options.transactionTimeoutMs);
      const rebuilt = await rebuildWriteModel(
        kafka,
        eventLog,
        domain,
        topics,
        this.options.groupId,
        this.systemTopic ? [this.systemTopic] : [],
        this.recent,
      );
      if (generation !== this.generation) throw new Error('decider: activation superseded');
      // Resume exactly after the last committed transaction (the fetch position kafkajs holds may
      // be older, from before a zombie's last commit, or newer, after a commit of unknown outcome).
      this.committedOffsets = seekCommitted(this.consumer, rebuilt.committed);
      this.eventsPartitions = rebuilt.partitions;
      this.model = rebuilt.model;
      this.producer = producer;
      this.stats.activations++;
      this.state.set('active');
      this.logger.info(
        { transactionalId: this.transactionalId, events: rebuilt.events, ms: rebuilt.ms },
        'decider: active (model rebuilt)',
      );
    } catch (error) {
      await producer?.disconnect().catch(() => undefined);
      if (generation === this.generation && this.state.value === 'activating') this.state.set('standby');
      this.failures++;
      throw error;
    }
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (this.isFinished()) return;
    if (this.state.value !== 'active') {
      try {
        await whileBeating(this.ensureActivation(), heartbeat);
      } catch (error) {
        this.logger.error({ err: error }, 'decider: activation failed; the batch will be fetched again');
      }
      return; // not resolved: the next fetch starts at the committed offset the activation sought
    }
    const maxBatch = this.options.maxBatch ?? 500;
    const key = `${batch.topic}:${batch.partition}`;
    const committed = this.committedOffsets.get(key) ?? -1n;
    const pending = batch.messages.filter((m) => BigInt(m.offset) >= committed);
    const skipped = batch.messages.length - pending.length; // committed before (by an older owner)
    if (skipped > 0) resolveOffset(batch.messages[skipped - 1]!.offset);
    for (let start = 0; start < pending.length; start += maxBatch) {
      if (!isRunning() || isStale() || this.state.value !== 'active') return;
      const chunk = pending.slice(start, start + maxBatch);
      const next = (BigInt(chunk.at(-1)!.offset) + 1n).toString();
      const { inputs, empty } = await chunkInputs(
        this.options,
        batch.topic,
        chunk,
        this.poisoned,
        this.logger,
      );
      // A chunk of results that call for nothing needs no transaction; its offsets go with a later one.
      if (!empty) {
        const offset = { topic: batch.topic, partition: batch.partition, offset: next };
        if (!(await this.decideChunk(inputs, offset))) return;
      }
      this.committedOffsets.set(key, BigInt(next));
      resolveOffset(chunk.at(-1)!.offset);
      await heartbeat();
    }
  }

  /** Decides and appends one chunk; false when it was not committed (the decider deactivated or was fenced). */
  private async decideChunk(
    makeInputs: () => DeciderInput[],
    inputOffset: { topic: string; partition: number; offset: string },
  ): Promise<boolean> {
    const { domain } = this.options;
    for (let attempt = 0; ; attempt++) {
      const inputs = makeInputs();
      // A model that evolve mutates in place is the committed one: any failure below rebuilds it.
      const plan = planBatch(domain, this.model as M, this.recent, inputs);
      if (plan.corruptedBy !== undefined) {
        this.poison(plan.corruptedBy, 'the command could not be applied to the write model');
        this.logger.error(
          { command_id: plan.corruptedBy },
          'decider: evolve failed on a decided fact; rebuilding',
        );
        this.deactivate();
        return false;
      }
      try {
        await appendPlan(this.producer!, this.options.eventLog, plan, {
          eventsTopic: this.options.topics.events,
          eventsPartitions: this.eventsPartitions,
          outcomesTopic: this.options.topics.outcomes,
          groupId: this.options.groupId,
          inputOffsets: [inputOffset],
          beforeCommit: this.options.beforeCommit,
        });
        this.adopt(plan);
        return true;
      } catch (error) {
        this.stats.aborted++;
        if (error instanceof EventEncodingError) this.poison(error.commandId, error.message);
        const action = failureAction(error, attempt, RETRIES, domain.mutatesModel === true);
        this.logger.error({ err: error, attempt, action }, 'decider: transaction failed');
        if (action === 'fenced') {
          const message = `decider ${this.transactionalId} was fenced by a newer instance`;
          this.fatal(new DeciderFencedError(message, { cause: error }), 'fenced');
          return false;
        }
        if (action === 'rebuild') {
          this.deactivate();
          return false;
        }
        if (action === 'retry') await delay(50 * 2 ** attempt);
      }
    }
  }

  private adopt(plan: Plan<M>): void {
    this.model = plan.model;
    this.failures = 0;
    this.stats.transactions++;
    this.stats.inputs += plan.items.length;
    this.stats.events += plan.eventCount;
    for (const item of plan.items) {
      if (item.command_id && item.decision && !item.duplicate)
        this.recent.remember(item.command_id, item.decision);
      if (item.unexpected)
        this.logger.error(
          { err: item.unexpected, command_id: item.command_id },
          'decider: decide failed unexpectedly (500)',
        );
    }
  }

  /** Commands that cannot be appended (domain/schema bugs): rejected with 500 when seen again. */
  private poison(commandId: string, reason: string): void {
    if (this.poisoned.size >= 1000) this.poisoned.clear();
    this.poisoned.set(commandId, reason);
  }

  private deactivate(): void {
    this.generation++;
    this.activation = undefined;
    this.model = undefined;
    void this.dropProducer();
    this.state.set('standby');
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private fatal(error: Error, state: 'fenced' | 'failed'): void {
    if (this.isFinished()) return;
    this.logger.error({ err: error }, 'decider: stopping');
    this.generation++;
    this.model = undefined;
    this.state.set(state);
    void this.dropProducer();
    const consumer = this.consumer;
    this.consumer = undefined;
    // Not awaited: disconnect waits for the running eachBatch, which may be the caller.
    setImmediate(() => void consumer?.disconnect().catch(() => undefined));
    this.options.onFatal?.(error);
  }
}
