// The projector's batch handler: every consumed batch goes to applyBatch (rows + offsets in one
// Postgres transaction, then the batch's resume position). Transient database errors are retried
// with backoff (the batch stays in hand, heartbeats continue); anything else stops the batch.
// Also tracks the lag (high watermark − stored position) per partition for readiness and metrics.
import client from 'prom-client';
import type { Knex } from 'knex';
import { retry } from '@gohan-es/events';
import type { BatchHandler } from '@gohan-es/events';
import { applyBatch } from '@gohan-es/readmodel';
import { metricsRegistry } from '@gohan-es/runtime';
import type { Logger } from '@gohan-es/runtime';

const applied = new client.Counter({
  name: 'gohan_projector_events_total',
  help: 'Events handed to the projection, by outcome',
  labelNames: ['topic', 'outcome'],
  registers: [metricsRegistry],
});
const lagGauge = new client.Gauge({
  name: 'gohan_projector_lag',
  help: 'High watermark minus the projected position, per partition',
  labelNames: ['topic', 'partition'],
  registers: [metricsRegistry],
});

/** Worth retrying: Postgres connection, serialization/deadlock, resource and shutdown errors; network errors; pool timeouts. */
export function isTransientDbError(error: unknown): boolean {
  if ((error as Error)?.name === 'KnexTimeoutError') return true; // no pool connection in time
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  if (/^(08|40|53|57)/.test(code)) return true;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code);
}

export interface ProjectionLoop {
  handler: BatchHandler;
  /** Sum over partitions seen so far of (high watermark − projected position). */
  lag(): bigint;
}

export function projectionLoop(db: Knex, consumer: string, log: Logger, dbSchema?: string): ProjectionLoop {
  const lags = new Map<string, bigint>();
  const handler: BatchHandler = async (batch, control) => {
    const result = await retry(
      () =>
        applyBatch(db, consumer, batch.events, {
          positions: [{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }],
          ...(dbSchema ? { dbSchema } : {}),
        }),
      {
        retries: 30,
        initialMs: 100,
        maxMs: 5000,
        isRetriable: (error) => control.isRunning() && isTransientDbError(error),
        onRetry: (error, attempt, delayMs) => {
          log.warn(
            { err: error, attempt, delayMs, topic: batch.topic, partition: batch.partition },
            'projection batch failed, retrying',
          );
          void control.heartbeat().catch(() => undefined);
        },
      },
    );
    applied.inc({ topic: batch.topic, outcome: 'fresh' }, result.fresh - result.ignored);
    applied.inc({ topic: batch.topic, outcome: 'ignored' }, result.ignored);
    applied.inc({ topic: batch.topic, outcome: 'replayed' }, result.skipped);
    const lag = BigInt(batch.highWatermark) - BigInt(batch.nextOffset);
    lags.set(`${batch.topic}/${batch.partition}`, lag > 0n ? lag : 0n);
    lagGauge.set({ topic: batch.topic, partition: String(batch.partition) }, Number(lag > 0n ? lag : 0n));
    log.debug(
      { topic: batch.topic, partition: batch.partition, next: batch.nextOffset, ...result },
      'batch projected',
    );
  };
  return { handler, lag: () => [...lags.values()].reduce((a, b) => a + b, 0n) };
}
