// Optional webhook delivery of alert transitions, from the outbox the monitoring consumer writes in
// its batch transaction (at-least-once: a notification is delivered after its alert is committed,
// and again if the process dies before recording the delivery; receivers dedupe on
// `notification_id`, also sent as the X-Gohan-Notification-Id header).
// Each notification is POSTed as JSON with the configured retry (exponential backoff, jitter, per
// request timeout): network errors, timeouts, 429 and 5xx are retried; another 4xx fails it at once.
// When the retries of a round are spent, the notification waits `roundDelayMs` and is tried again
// in a later round, up to `maxRounds`; then it is marked failed (kept with its last error). Rows
// are claimed with a lease (FOR UPDATE SKIP LOCKED), so several instances never send one twice at
// the same time; a pass stops at the first retriable failure to keep the order.
import type { Knex } from 'knex';
import client from 'prom-client';
import { retry } from '@gohan-es/events';
import { assertSchemaName } from '@gohan-es/lifecycle';
import { metricsRegistry } from '@gohan-es/runtime';
import type { Logger } from '@gohan-es/runtime';
import { DEFAULT_MONITORING_SCHEMA, OUTBOX_TABLE } from './store/consumer';

const deliveries = new client.Counter({
  name: 'gohan_webhook_deliveries_total',
  help: 'Alert webhook delivery attempts by outcome (delivered, retry, failed)',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export interface WebhookOptions {
  db: Knex;
  url: string;
  dbSchema?: string;
  log: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /** Retries within one round (default 4). */
  retries?: number;
  initialMs?: number;
  maxMs?: number;
  /** Per request (default 5000 ms). */
  timeoutMs?: number;
  /** Rounds before a notification is marked failed (default 10), and the wait between them. */
  maxRounds?: number;
  roundDelayMs?: number;
  /** Idle poll interval (default 1000 ms); wake() starts a pass at once. */
  pollMs?: number;
  batchSize?: number;
}

export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface OutboxRow {
  seq: string;
  notification_id: string;
  payload: unknown;
  attempts: number;
}

export class WebhookNotifier {
  private running = false;
  private stopped = false;
  /** A wake() came while a pass was running: start the next one at once. */
  private woken = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly schema: string;

  constructor(private readonly options: WebhookOptions) {
    this.schema = assertSchemaName(options.dbSchema ?? DEFAULT_MONITORING_SCHEMA);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Starts a pass now (after a batch committed new transitions). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 20;
    while (this.running) {
      this.woken = false;
      let handled = 0;
      try {
        handled = await this.deliverPending();
      } catch (error) {
        this.options.log.error({ err: error }, 'webhook delivery pass failed');
      }
      if (handled >= batchSize || !this.running || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 1000);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** One pass: claims due notifications in order and delivers them. Returns how many it handled. */
  async deliverPending(): Promise<number> {
    const { db } = this.options;
    const leaseMs = (this.options.timeoutMs ?? 5000) * ((this.options.retries ?? 4) + 2) + 10_000;
    const { rows } = (await db.raw(
      `update ??.?? set claimed_until = now() + (? * interval '1 millisecond')
        where seq in (select seq from ??.?? where delivered_at is null and failed_at is null
                        and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
                      order by seq limit ? for update skip locked)
        returning seq, notification_id, payload, attempts`,
      [this.schema, OUTBOX_TABLE, leaseMs, this.schema, OUTBOX_TABLE, this.options.batchSize ?? 20],
    )) as { rows: OutboxRow[] };
    const claimed = rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    let handled = 0;
    for (const [index, row] of claimed.entries()) {
      const table = () => db.withSchema(this.schema).table(OUTBOX_TABLE).where('seq', row.seq);
      let tries = 0;
      try {
        await retry(
          async () => {
            tries += 1;
            await this.post(row);
          },
          {
            retries: this.options.retries ?? 4,
            initialMs: this.options.initialMs ?? 200,
            maxMs: this.options.maxMs ?? 5000,
            isRetriable: (error) => !this.stopped && error instanceof WebhookError && error.retriable,
            onRetry: () => deliveries.inc({ outcome: 'retry' }),
          },
        );
        await table().update({
          delivered_at: db.fn.now(),
          attempts: row.attempts + tries,
          claimed_until: null,
          last_error: null,
        });
        deliveries.inc({ outcome: 'delivered' });
        handled += 1;
      } catch (error) {
        const message = (error as Error).message;
        const retriable = error instanceof WebhookError && error.retriable;
        const rounds = Math.ceil((row.attempts + tries) / ((this.options.retries ?? 4) + 1));
        if (!retriable || rounds >= (this.options.maxRounds ?? 10)) {
          await table().update({
            failed_at: db.fn.now(),
            attempts: row.attempts + tries,
            claimed_until: null,
            last_error: message,
          });
          deliveries.inc({ outcome: 'failed' });
          this.options.log.error(
            { notification: row.notification_id, error: message },
            'alert webhook delivery failed for good',
          );
          handled += 1;
          if (!retriable) continue;
        } else {
          await table().update({
            attempts: row.attempts + tries,
            claimed_until: null,
            last_error: message,
            next_attempt_at: db.raw(`now() + (? * interval '1 millisecond')`, [
              this.options.roundDelayMs ?? 30_000,
            ]),
          });
        }
        // Keep the order: release the rest of the batch for the next pass.
        const rest = claimed.slice(index + 1).map((r) => r.seq);
        if (rest.length > 0)
          await db
            .withSchema(this.schema)
            .table(OUTBOX_TABLE)
            .whereIn('seq', rest)
            .update({ claimed_until: null });
        this.options.log.warn(
          { notification: row.notification_id, error: message },
          'alert webhook unavailable; will retry',
        );
        break;
      }
    }
    return handled;
  }

  private async post(row: OutboxRow): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Gohan-Notification-Id': row.notification_id },
        body: JSON.stringify(row.payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (cause) {
      throw new WebhookError(`webhook unreachable: ${(cause as Error).message}`, true, { cause });
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    const retriable = response.status === 429 || response.status >= 500;
    throw new WebhookError(`webhook answered HTTP ${response.status}`, retriable);
  }
}
