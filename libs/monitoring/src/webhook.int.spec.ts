// The alert webhook against the real Postgres and an HTTP receiver on 127.0.0.1: the outbox the
// consumer writes in its batch transaction is delivered in order; a 4xx fails one notification at
// once, a 5xx is retried and fails only after its rounds; the running loop delivers on wake().
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventScript, positioned } from '@gohan-es/lifecycle';
import { createDb } from '@gohan-es/readmodel';
import { createLogger } from '@gohan-es/runtime';
import { waitFor } from '../../events/test/wait';
import { OUTBOX_TABLE, applyMonitoringBatch, migrateMonitoring } from './store/consumer';
import { WebhookNotifier } from './webhook';

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const dbSchema = `t_webhook_${run}`;
const db = createDb(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test', 2);
const log = createLogger('webhook-it', 'silent');
const at = (hhmm: string) => `2018-04-16T${hhmm}:00.000Z`;
const GW = {
  network_id: 'n1',
  vrid: 20,
  service_type: 'vpn',
  gw_vipv4: '10.0.0.1',
  primary_ipv4: '10.0.0.2',
  secondary_ipv4: '10.0.0.3',
  netmask: 24,
};

let answers: number[] = [];
const received: string[] = [];
let url = '';
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received.push(String(req.headers['x-gohan-notification-id']));
    res.writeHead(answers.shift() ?? 204).end();
  });
});

type Row = {
  notification_id: string;
  attempts: number;
  delivered: boolean;
  failed: boolean;
  last_error: string | null;
};
const outbox = async (): Promise<Row[]> =>
  (
    await db.raw(
      `select notification_id, attempts, delivered_at is not null as delivered, failed_at is not null as failed, last_error
         from ??.?? order by seq`,
      [dbSchema, OUTBOX_TABLE],
    )
  ).rows;

let n = 0;
/** One consumed batch that opens a DOWN alert on a fresh gw_interface. */
async function alertBatch(id: string): Promise<string> {
  const s = eventScript({ tenant_id: 't1', prefix: `${run}-${id}` });
  s.created('gw_interface', id, GW, at('00:00'));
  s.succeeded('gw_interface', id, 1, 'create', at('00:01'));
  s.observed('gw_interface', id, 1, 'DOWN', at('00:02'));
  const events = positioned(s.events).map((e) => ({ ...e, offset: String(n++) }));
  await applyMonitoringBatch(db, 'webhook-it', events, { dbSchema, notify: true });
  return `${run}-${id}-3:opened`;
}

beforeAll(async () => {
  await migrateMonitoring(db, dbSchema);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.raw('drop schema if exists ?? cascade', [dbSchema]);
  await db.destroy();
});

describe('WebhookNotifier (real Postgres, loopback HTTP)', () => {
  it('should fail a notification the receiver refuses with 4xx at once and deliver the next', async () => {
    const first = await alertBatch('gw-a');
    const second = await alertBatch('gw-b');
    answers = [400, 204];
    const notifier = new WebhookNotifier({ db, url, dbSchema, log, retries: 2, initialMs: 5 });
    expect(await notifier.deliverPending()).toBe(2);
    expect(received.splice(0)).toEqual([first, second]);
    expect(await outbox()).toEqual([
      {
        notification_id: first,
        attempts: 1,
        delivered: false,
        failed: true,
        last_error: 'webhook answered HTTP 400',
      },
      { notification_id: second, attempts: 1, delivered: true, failed: false, last_error: null },
    ]);
  });

  it('should retry a 5xx, keep the order, and give up only after its rounds', async () => {
    const third = await alertBatch('gw-c');
    const fourth = await alertBatch('gw-d');
    answers = [503, 503, 503, 503];
    const notifier = new WebhookNotifier({
      db,
      url,
      dbSchema,
      log,
      retries: 1,
      initialMs: 5,
      maxRounds: 2,
      roundDelayMs: 0,
    });
    expect(await notifier.deliverPending()).toBe(0); // round 1: two tries, then the pass stops
    expect(received.splice(0)).toEqual([third, third]);
    expect((await outbox()).slice(2)).toEqual([
      {
        notification_id: third,
        attempts: 2,
        delivered: false,
        failed: false,
        last_error: 'webhook answered HTTP 503',
      },
      { notification_id: fourth, attempts: 0, delivered: false, failed: false, last_error: null },
    ]);
    expect(await notifier.deliverPending()).toBe(1); // round 2 fails for good; the pass stops there
    expect(received.splice(0)).toEqual([third, third]);
    expect((await outbox())[2]).toMatchObject({ notification_id: third, attempts: 4, failed: true });
    expect(await notifier.deliverPending()).toBe(1); // the next one goes through
    expect(received.splice(0)).toEqual([fourth]);
  });

  it('should deliver from its loop when woken after a batch', async () => {
    const notifier = new WebhookNotifier({ db, url, dbSchema, log, pollMs: 60_000 });
    notifier.start();
    try {
      const fifth = await alertBatch('gw-e');
      notifier.wake();
      await waitFor(() => received.includes(fifth), { timeoutMs: 10_000, message: 'the woken delivery' });
      expect((await outbox()).at(-1)).toMatchObject({ notification_id: fifth, delivered: true, attempts: 1 });
    } finally {
      await notifier.stop();
    }
  });
});
