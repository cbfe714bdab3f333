// EventPublisher: appends a batch of events (and optionally other messages and the consumed input
// offsets) in ONE Kafka transaction with a fixed transactional.id (KIP-98): a zombie publisher with
// the same id is fenced by the broker, and read_committed consumers see all of a batch or none.
//
// - Transactions are serialized on the one producer (kafkajs allows one open transaction).
// - Failures before commit (send, sendOffsets: CONCURRENT_TRANSACTIONS without internal retry,
//   kafkajs #430; coordinator moves; timeouts) abort the transaction and retry it whole, within the
//   retry budget: nothing of an aborted attempt is visible.
// - A failed commit leaves the outcome unknown (the broker may have committed): the producer is
//   rebuilt (re-init fences and completes/aborts the old transaction) and TransactionOutcomeUnknown
//   is thrown; the caller must re-read the log (the decider rebuilds its state) before going on.
// - Fencing (another instance took the transactional.id) throws ProducerFencedError: stop.
import { Partitioners } from 'kafkajs';
import type { Kafka, Message, Offsets, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { EventEnvelope } from './envelope';
import { eventHeaders } from './headers';
import type { TraceContext } from './headers';
import { retry } from './retry';
import type { RetryOptions } from './retry';
import {
  isFencingError,
  isRetriableKafkaError,
  ProducerFencedError,
  TransactionOutcomeUnknownError,
} from './errors';

export interface EventEncoder {
  encode(topic: string, envelope: EventEnvelope): Promise<Buffer>;
}

export interface PublishOptions {
  /** Topic of the events (default: the publisher's topic). */
  topic?: string;
  /** Other messages in the same transaction (e.g. the command's outcome). */
  messages?: TopicMessages[];
  /** Consumed offsets to commit with the transaction (consume-transform-produce). */
  offsets?: Offsets & { consumerGroupId: string };
  trace?: TraceContext;
}

export interface PublishedEvent {
  event_id: string;
  event_type: string;
  topic: string;
  partition: number;
  /** The event's offset: a consistency token for read-your-writes. */
  offset: string;
}

export interface EventPublisherOptions {
  kafka: Kafka;
  transactionalId: string;
  encoder: EventEncoder;
  topic: string;
  transactionTimeoutMs?: number;
  retry?: Partial<Omit<RetryOptions, 'isRetriable'>>;
}

export class EventPublisher {
  private producer: Producer;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly partitionCounts = new Map<string, number>();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private connected = false;
  private producerConnected = false;

  constructor(private readonly options: EventPublisherOptions) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.options.kafka.producer({
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.options.transactionTimeoutMs ?? 60_000,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Connects and registers the transactional.id (fencing any older instance right away). */
  async connect(): Promise<void> {
    await this.producer.connect();
    this.producerConnected = true;
    this.connected = true;
    // An empty transaction runs InitProducerId: the epoch bump fences zombies and aborts their
    // open transaction before we read or write anything.
    const txn = await this.producer.transaction();
    await txn.abort();
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.queue.catch(() => undefined);
    await this.producer.disconnect();
  }

  /** Appends the events (in order, keyed by aggregate id) and the extras atomically. */
  publish(events: readonly EventEnvelope[], options: PublishOptions = {}): Promise<PublishedEvent[]> {
    const run = this.queue.then(() => this.publishNow(events, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async partitionCount(topic: string): Promise<number> {
    let count = this.partitionCounts.get(topic);
    if (count === undefined) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
        count = metadata.topics[0]?.partitions.length ?? 0;
      } finally {
        await admin.disconnect();
      }
      if (count < 1) throw new Error(`topic ${topic} has no partitions`);
      this.partitionCounts.set(topic, count);
    }
    return count;
  }

  private async publishNow(
    events: readonly EventEnvelope[],
    options: PublishOptions,
  ): Promise<PublishedEvent[]> {
    if (!this.connected) throw new Error('EventPublisher is not connected');
    const topic = options.topic ?? this.options.topic;
    const partitions = await this.partitionCount(topic);
    const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({
      partitionId: i,
      leader: 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    }));
    const messages: (Message & { partition: number })[] = [];
    for (const envelope of events) {
      const message = {
        key: envelope.aggregate_id,
        value: await this.options.encoder.encode(topic, envelope),
      };
      const partition = this.partitioner({ topic, partitionMetadata, message });
      messages.push({
        ...message,
        partition,
        headers: eventHeaders(envelope.event_type, options.trace),
        timestamp: String(Date.parse(envelope.occurred_at)),
      });
    }
    const {
      retries = 5,
      initialMs = 100,
      maxMs = 3000,
      deadlineMs = 30_000,
      ...rest
    } = this.options.retry ?? {};
    const metadata = await retry(() => this.transaction(topic, messages, options), {
      retries,
      initialMs,
      maxMs,
      deadlineMs,
      ...rest,
      isRetriable: (error) =>
        !(error instanceof TransactionOutcomeUnknownError) && isRetriableKafkaError(error),
    });
    // One send = one record batch per partition: the events of a partition have consecutive offsets.
    const base = new Map(
      metadata.filter((m) => m.topicName === topic).map((m) => [m.partition, BigInt(m.baseOffset ?? '-1')]),
    );
    const seen = new Map<number, bigint>();
    return events.map((envelope, i) => {
      const partition = messages[i]!.partition;
      const index = seen.get(partition) ?? 0n;
      seen.set(partition, index + 1n);
      return {
        event_id: envelope.event_id,
        event_type: envelope.event_type,
        topic,
        partition,
        offset: String(base.get(partition)! + index),
      };
    });
  }

  private async transaction(
    topic: string,
    messages: Message[],
    options: PublishOptions,
  ): Promise<RecordMetadata[]> {
    if (!this.producerConnected) {
      await this.producer.connect();
      this.producerConnected = true;
    }
    const txn = await this.producer.transaction();
    let metadata: RecordMetadata[] = [];
    try {
      if (messages.length > 0) metadata = await txn.send({ topic, messages, acks: -1 });
      for (const extra of options.messages ?? []) await txn.send({ ...extra, acks: -1 });
      if (options.offsets) await txn.sendOffsets(options.offsets);
    } catch (error) {
      await txn.abort().catch(() => this.resetProducer());
      if (isFencingError(error)) throw new ProducerFencedError(this.options.transactionalId, error);
      throw error;
    }
    try {
      await txn.commit();
    } catch (error) {
      await this.resetProducer();
      if (isFencingError(error)) throw new ProducerFencedError(this.options.transactionalId, error);
      throw new TransactionOutcomeUnknownError(this.options.transactionalId, error);
    }
    return metadata;
  }

  /** After a failed commit/abort kafkajs's transaction state is stuck: start a fresh producer. */
  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    this.producerConnected = false; // connected (and re-initialized) by the next transaction
    await old.disconnect().catch(() => undefined);
  }
}
