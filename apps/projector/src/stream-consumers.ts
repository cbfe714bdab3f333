// The billing and monitoring consumers, run inside the projector process: two more consumer-group
// members (config.kafka.groups.billing / .monitoring) on the events, provisioning and status topics
// (read_committed). Each keeps its facts, derived rows and offsets in its own Postgres schema and
// resumes from there (never from the group's committed offsets). Also the process-wide metrics:
// consumer lag per group, resources by status, open alerts; and the optional alert webhook.
import type { Admin, Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import type { GohanConfig } from '@gohan-es/config';
import { applyBillingBatch, migrateBilling } from '@gohan-es/billing';
import { EventConsumer, retry } from '@gohan-es/events';
import type { BatchHandler, EventDecoder } from '@gohan-es/events';
import type { FactBatchResult, PositionedEnvelope } from '@gohan-es/lifecycle';
import {
  WebhookNotifier,
  applyMonitoringBatch,
  migrateMonitoring,
  recordMonitoringBatch,
  registerConsumerLag,
  registerStateGauges,
} from '@gohan-es/monitoring';
import type { MonitoringDerived } from '@gohan-es/monitoring';
import { offsetMap } from '@gohan-es/readmodel';
import type { Logger } from '@gohan-es/runtime';
import { startPositions } from './positions';
import { isTransientDbError } from './projection-loop';

type Positions = { topic: string; partition: number; offset: string }[];
type ApplyFn<R> = (
  events: readonly PositionedEnvelope[],
  positions: Positions,
) => Promise<FactBatchResult<R>>;

/** A batch handler: apply (facts + rows + offsets in one transaction), retrying transient DB errors. */
export function factConsumerHandler<R>(
  name: string,
  apply: ApplyFn<R>,
  log: Logger,
  after?: (result: FactBatchResult<R>) => void,
): BatchHandler {
  return async (batch, control) => {
    const result = await retry(
      () =>
        apply(batch.events as PositionedEnvelope[], [
          { topic: batch.topic, partition: batch.partition, offset: batch.nextOffset },
        ]),
      {
        retries: 30,
        initialMs: 100,
        maxMs: 5000,
        isRetriable: (error) => control.isRunning() && isTransientDbError(error),
        onRetry: (error, attempt) => {
          log.warn({ err: error, attempt, consumer: name, topic: batch.topic }, 'batch failed, retrying');
          void control.heartbeat().catch(() => undefined);
        },
      },
    ).catch((error: unknown) => {
      // kafkajs retries the batch; say why it did not apply.
      log.error(
        { err: error, consumer: name, topic: batch.topic, partition: batch.partition },
        'batch not applied',
      );
      throw error;
    });
    after?.(result);
    log.debug(
      { consumer: name, topic: batch.topic, fresh: result.fresh, added: result.added.length },
      'batch applied',
    );
  };
}

export interface StreamConsumersOptions {
  config: GohanConfig;
  kafka: Kafka;
  admin: Admin;
  db: Knex;
  decoder: EventDecoder;
  log: Logger;
  /** Read-model schema the projector writes (resources-by-status gauge); default `readmodel`. */
  readModelSchema?: string;
}

export interface StreamConsumers {
  stop(): Promise<void>;
}

export async function startStreamConsumers(options: StreamConsumersOptions): Promise<StreamConsumers> {
  const { config, kafka, admin, db, decoder, log } = options;
  const t = config.kafka.topics;
  const g = config.kafka.groups;
  const topics = [t.events, t.provisioning, t.status];
  const billingSchema = config.billing.dbSchema;
  const monitoringSchema = config.monitoring.dbSchema;
  await migrateBilling(db, billingSchema);
  await migrateMonitoring(db, monitoringSchema);

  const webhookUrl = config.monitoring.webhookUrl;
  const notifier = webhookUrl
    ? new WebhookNotifier({
        db,
        url: webhookUrl,
        dbSchema: monitoringSchema,
        retries: config.monitoring.webhookRetries,
        timeoutMs: config.monitoring.webhookTimeoutMs,
        log: log.child({ component: 'webhook' }),
      })
    : undefined;

  const consumers: EventConsumer[] = [];
  const start = async (group: string, dbSchema: string, handler: BatchHandler) => {
    const consumer = new EventConsumer({
      kafka,
      groupId: group,
      topics,
      decoder,
      commitToKafka: false,
      startAt: await startPositions(admin, db, group, topics, dbSchema),
      maxWaitTimeInMs: 250,
      sessionTimeout: config.projector.sessionTimeoutMs,
    });
    consumers.push(consumer);
    await consumer.start(handler);
  };
  try {
    await start(
      g.billing,
      billingSchema,
      factConsumerHandler(
        'billing',
        (events, positions) =>
          applyBillingBatch(db, g.billing, events, { dbSchema: billingSchema, positions }),
        log,
      ),
    );
    await start(
      g.monitoring,
      monitoringSchema,
      factConsumerHandler<MonitoringDerived>(
        'monitoring',
        (events, positions) =>
          applyMonitoringBatch(db, g.monitoring, events, {
            dbSchema: monitoringSchema,
            positions,
            notify: notifier !== undefined,
          }),
        log,
        (result) => {
          recordMonitoringBatch(result.derived);
          if ((result.derived?.transitions.length ?? 0) > 0) notifier?.wake();
        },
      ),
    );
  } catch (error) {
    for (const c of consumers) await c.stop().catch(() => undefined);
    throw error;
  }
  notifier?.start();

  const stored = (group: string, dbSchema?: string) => () =>
    offsetMap(db, group, dbSchema ? { dbSchema } : {});
  registerConsumerLag({
    admin,
    log,
    sources: [
      { group: g.decider, topics: [t.commands] },
      { group: g.projector, topics, stored: stored(g.projector, options.readModelSchema) },
      { group: g.billing, topics, stored: stored(g.billing, billingSchema) },
      { group: g.monitoring, topics, stored: stored(g.monitoring, monitoringSchema) },
      { group: g.provisioner },
      { group: g.collector },
    ],
  });
  registerStateGauges({
    db,
    monitoringSchema,
    log,
    ...(options.readModelSchema ? { readModelSchema: options.readModelSchema } : {}),
  });
  log.info(
    { billing: billingSchema, monitoring: monitoringSchema, webhook: webhookUrl !== undefined },
    'stream consumers running',
  );

  return {
    async stop() {
      for (const c of consumers) await c.stop();
      await notifier?.stop();
    },
  };
}
