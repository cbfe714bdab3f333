// The billing and monitoring consumers against the real Kafka, registry and Postgres: a scripted
// timeline (create → ACTIVE → DOWN → recovery → delete; a gateway changing bandwidth; a failed
// provisioning of another tenant) is published with the real codec on unique topics, consumed by
// the projector's stream consumers, and checked exactly in the tables, through the API endpoints,
// on the webhook (which fails first) and in /metrics; a restart resumes from the stored offsets;
// a replay from offset 0 into fresh schemas reproduces the same records.
import { DEMO_TENANT_ID, OTHER_TENANT_ID } from '@gohan-es/http-api';
import { BILLING_TABLES, applyBillingBatch, listUsageRecords, migrateBilling } from '@gohan-es/billing';
import { auditReplay, eventScript, positioned } from '@gohan-es/lifecycle';
import { MONITORING_TABLES, applyMonitoringBatch, listAlerts, migrateMonitoring } from '@gohan-es/monitoring';
import { applyBatch, migrate } from '@gohan-es/readmodel';
import { metricsRegistry } from '@gohan-es/runtime';
import {
  GW_BODY,
  at,
  gwInterfaceTimeline,
  vpnGatewayTimeline,
} from '../../libs/billing/src/test-support/timelines';
import { waitFor } from '../../libs/events/test/wait';
import { ConsumersWorld, run, webhookReceiver } from './harness';
import type { WebhookReceiver } from './harness';

const world = new ConsumersWorld();
let webhook: WebhookReceiver;
const a = eventScript({ tenant_id: DEMO_TENANT_ID, prefix: `${run}-a` });
const b = eventScript({ tenant_id: OTHER_TENANT_ID, prefix: `${run}-b` });
const A = (n: number) => `${run}-a-${n}`;
const B = (n: number) => `${run}-b-${n}`;
vpnGatewayTimeline(a); // a-1 … a-10
gwInterfaceTimeline(a); // a-11 … a-19
b.created(
  'static_route',
  'sr-1',
  { destination: '10.1.0.0/16', nexthop: '172.16.101.1', service_type: 'vpn' },
  at('00:00'),
);
b.started('static_route', 'sr-1', 1, 'create', at('00:00'));
b.failed('static_route', 'sr-1', 1, 'create', 'commit check failed', at('00:01'));

const DAY = 'period_start=2018-04-16T00:00:00Z&period_end=2018-04-17T00:00:00Z';
const billing = () => world.config.billing.dbSchema;
const monitoring = () => world.config.monitoring.dbSchema;
const caughtUp = () =>
  Promise.all([
    world.caughtUp(world.config.kafka.groups.billing, billing()),
    world.caughtUp(world.config.kafka.groups.monitoring, monitoring()),
  ]);
const brief = (r: {
  record_id: string;
  resource_id: string;
  active: boolean;
  bandwidth_mbps: number | null;
  started_at: string;
  ended_at: string | null;
}) => [
  r.record_id,
  r.resource_id,
  r.active,
  r.bandwidth_mbps,
  r.started_at.slice(11, 16),
  r.ended_at?.slice(11, 16) ?? null,
];

beforeAll(async () => {
  webhook = await webhookReceiver(2);
  await world.start(webhook.url);
  await world.startConsumers();
  await world.publish([...a.events, ...b.events]);
  await caughtUp();
});

afterAll(async () => {
  await world.stop();
  await webhook?.close();
});

describe('stream consumers (real Kafka, registry and Postgres)', () => {
  it('should meter the scripted timeline into usage records keyed by event id, exactly', async () => {
    const records = await listUsageRecords(world.db, {
      scope: 'all',
      period_start: at('00:00'),
      period_end: at('00:00', '17'),
      dbSchema: billing(),
    });
    const byTime = [...records].sort(
      (x, y) => x.started_at.localeCompare(y.started_at) || x.resource_id.localeCompare(y.resource_id),
    );
    expect(byTime.map(brief)).toEqual([
      [A(11), 'gw-1', false, null, '00:00', '00:10'],
      [B(1), 'sr-1', false, null, '00:00', null],
      [A(3), 'vg-1', false, 10, '00:00', '00:06'],
      [A(5), 'vg-1', true, 10, '00:06', '03:06'],
      [A(14), 'gw-1', true, null, '00:10', '01:00'],
      [A(15), 'gw-1', false, null, '01:00', '01:30'],
      [A(16), 'gw-1', true, null, '01:30', '02:10'],
      [A(17), 'gw-1', false, null, '02:10', '02:12'],
      [A(6), 'vg-1', false, 100, '03:06', '03:07'],
      [A(7), 'vg-1', true, 100, '03:07', '05:07'],
      [A(8), 'vg-1', false, 100, '05:07', '05:09'],
    ]);
    expect(records.find((r) => r.record_id === A(14))).toEqual({
      record_id: A(14),
      tenant_id: DEMO_TENANT_ID,
      resource_type: 'gw_interface',
      resource_id: 'gw-1',
      active: true,
      bandwidth_mbps: null,
      started_at: '2018-04-16T00:10:00.000Z',
      ended_at: '2018-04-16T01:00:00.000Z',
      closed_by: A(15),
    });
  });

  it("should report a tenant's resource-hours by type and bandwidth through GET /v2.0/usage", async () => {
    const line = (
      resource_type: string,
      bandwidth_mbps: number | null,
      existed: number,
      active: number,
      tenant_id = DEMO_TENANT_ID,
    ) => ({
      tenant_id,
      resource_type,
      bandwidth_mbps,
      resources: 1,
      existed_seconds: existed,
      active_seconds: active,
      existed_hours: existed / 3600,
      active_hours: active / 3600,
    });
    const demo = await world.get(`/v2.0/usage?${DAY}`, 'demo_token');
    expect(demo).toEqual({
      status: 200,
      total: null,
      json: {
        usage: {
          period_start: '2018-04-16T00:00:00.000Z',
          period_end: '2018-04-17T00:00:00.000Z',
          as_of: '2018-04-17T00:00:00.000Z',
          lines: [
            line('gw_interface', null, 7920, 5400),
            line('vpn_gateway', 10, 11160, 10800),
            line('vpn_gateway', 100, 7380, 7200),
          ],
        },
      },
    });
    expect(
      (demo.json as { usage: { lines: { existed_hours: number }[] } }).usage.lines[0]!.existed_hours,
    ).toBe(2.2);
    const other = await world.get(`/v2.0/usage?${DAY}&as_of=2018-04-16T06:00:00Z`, 'power_user_token');
    expect((other.json as { usage: { lines: unknown[] } }).usage.lines).toEqual([
      line('static_route', null, 21600, 0, OTHER_TENANT_ID),
    ]);
    const records = await world.get(`/v2.0/usage_records?${DAY}&resource_type=vpn_gateway`, 'demo_token');
    expect([records.status, records.total]).toEqual([200, '5']);
  });

  it('should open alerts on DOWN / failed transitions and resolve them on recovery, per tenant', async () => {
    const demo = await world.get('/v2.0/alerts', 'demo_token');
    expect([demo.status, demo.total]).toEqual([200, '1']);
    expect((demo.json as { alerts: unknown[] }).alerts).toEqual([
      {
        alert_id: A(15),
        tenant_id: DEMO_TENANT_ID,
        resource_type: 'gw_interface',
        resource_id: 'gw-1',
        kind: 'operational',
        condition: 'DOWN',
        severity: 'critical',
        message: 'gw_interface gw-1 is DOWN',
        state: 'resolved',
        opened_at: '2018-04-16T01:00:00.000Z',
        resolved_at: '2018-04-16T01:30:00.000Z',
        resolved_by: A(16),
        resolution: 'recovered',
        detail: { master: null, observed_at: '2018-04-16T01:00:00.000Z', since: '2018-04-16T01:00:00.000Z' },
      },
    ]);
    expect((await world.get('/v2.0/alerts?state=open', 'demo_token')).json).toEqual({ alerts: [] });
    const other = await world.get('/v2.0/alerts?state=open', 'power_user_token');
    expect(
      (other.json as { alerts: { alert_id: string; condition: string; message: string }[] }).alerts.map(
        (x) => [x.alert_id, x.condition, x.message],
      ),
    ).toEqual([[B(3), 'CREATE_FAILED', 'static_route sr-1: create failed: MX-2: commit check failed']]);
    expect((await world.get('/v2.0/alerts', 'admin_token')).total).toBe('2');
    expect((await world.get(`/v2.0/alerts/${B(3)}`, 'demo_token')).status).toBe(404);
  });

  it('should deliver every alert transition to the webhook, retrying after its failures', async () => {
    await waitFor(() => webhook.accepted.length >= 3, {
      timeoutMs: 20_000,
      message: 'three webhook deliveries',
    });
    const ids = webhook.accepted.map((n) => n.notification_id);
    expect([...ids].sort()).toEqual([`${A(15)}:opened`, `${A(15)}:resolved`, `${B(3)}:opened`].sort());
    expect(ids.indexOf(`${A(15)}:opened`)).toBeLessThan(ids.indexOf(`${A(15)}:resolved`));
    expect(webhook.requests).toBe(5);
    expect(webhook.accepted.find((n) => n.transition === 'resolved')!.alert).toMatchObject({
      alert_id: A(15),
      state: 'resolved',
    });
  });

  it('should export lag, provisioning, alert and resource metrics', async () => {
    await migrate(world.db, { schema: world.readModelSchema });
    await applyBatch(world.db, 'it', positioned(b.events), { dbSchema: world.readModelSchema });
    const text = await metricsRegistry.metrics();
    const g = world.config.kafka.groups;
    const t = world.config.kafka.topics;
    // At most the trailing transaction marker (its offset is passed with the next event's batch).
    expect(text).toMatch(
      new RegExp(`gohan_consumer_lag\\{group="${g.billing}",topic="${t.status}",partition="0"\\} [01]\n`),
    );
    expect(text).toMatch(
      new RegExp(`gohan_consumer_lag\\{group="${g.monitoring}",topic="${t.events}",partition="0"\\} [01]\n`),
    );
    expect(text).toContain(
      'gohan_provisioning_results_total{resource_type="gw_interface",action="create",outcome="succeeded"} 1',
    );
    expect(text).toContain(
      'gohan_provisioning_duration_seconds_sum{resource_type="gw_interface",action="create",outcome="succeeded"} 60',
    );
    expect(text).toContain(
      'gohan_provisioning_duration_seconds_sum{resource_type="vpn_gateway",action="create",outcome="succeeded"} 300',
    );
    expect(text).toContain(
      'gohan_provisioning_results_total{resource_type="static_route",action="create",outcome="failed"} 1',
    );
    expect(text).toContain('gohan_alerts_open{kind="provisioning",severity="critical"} 1');
    expect(text).toContain('gohan_resources{resource_type="static_route",status="ERROR"} 1');
    expect(text).toContain('gohan_webhook_deliveries_total{outcome="delivered"} 3');
  });

  it('should resume from its stored offsets after a restart, applying nothing twice', async () => {
    await world.stopConsumers();
    const more = eventScript({ tenant_id: DEMO_TENANT_ID, prefix: `${run}-c` });
    more.created('gw_interface', 'gw-2', { ...GW_BODY, vrid: 21 }, at('06:00'));
    more.succeeded('gw_interface', 'gw-2', 1, 'create', at('06:01'));
    more.observed('gw_interface', 'gw-2', 1, 'UP', at('06:02'));
    more.observed('gw_interface', 'gw-2', 1, 'UP', at('06:30'), { master: 'secondary' }); // failover, still UP
    await world.publish(more.events);
    await world.startConsumers();
    await caughtUp();
    const records = await listUsageRecords(world.db, {
      scope: 'all',
      period_start: at('00:00'),
      period_end: at('00:00', '17'),
      resource_id: 'gw-2',
      dbSchema: billing(),
    });
    expect(records.map(brief)).toEqual([
      [`${run}-c-1`, 'gw-2', false, null, '06:00', '06:02'],
      [`${run}-c-3`, 'gw-2', true, null, '06:02', null],
    ]);
    const { total } = await listAlerts(world.db, { scope: 'all', dbSchema: monitoring() });
    expect(total).toBe(2);
    // gw-1 before the restart, gw-2 after it: nothing counted twice.
    const text = await metricsRegistry.metrics();
    expect(text).toContain(
      'gohan_provisioning_results_total{resource_type="gw_interface",action="create",outcome="succeeded"} 2',
    );
  });

  it('should reproduce the same records when the log is replayed from offset 0 into fresh schemas', async () => {
    const common = { db: world.db, kafka: world.kafka, decoder: world.codec, topics: world.topics };
    const g = world.config.kafka.groups;
    const billingAudit = await auditReplay({
      ...common,
      consumer: g.billing,
      liveSchema: billing(),
      tables: BILLING_TABLES,
      targetSchema: `t_billing_replay_${run}`,
      migrate: (schema) => migrateBilling(world.db, schema),
      apply: (schema, events, positions) =>
        applyBillingBatch(world.db, g.billing, events, { dbSchema: schema, positions }),
    });
    const monitoringAudit = await auditReplay({
      ...common,
      consumer: g.monitoring,
      liveSchema: monitoring(),
      tables: MONITORING_TABLES,
      targetSchema: `t_monitoring_replay_${run}`,
      migrate: (schema) => migrateMonitoring(world.db, schema),
      apply: (schema, events, positions) =>
        applyMonitoringBatch(world.db, g.monitoring, events, { dbSchema: schema, positions }),
    });
    const published = a.events.length + b.events.length + 4;
    expect([billingAudit.identical, billingAudit.events]).toEqual([true, published]);
    expect([monitoringAudit.identical, monitoringAudit.events]).toEqual([true, published]);
    expect(billingAudit.live.digests.usage_records!.rows).toBe(13);
    expect(monitoringAudit.live.digests.alerts!.rows).toBe(2);
    // Every event is a fact, but the repeated UP (no qos_options in monitoring).
    expect(billingAudit.live.digests.lifecycle_facts!.rows).toBe(published - 1);
    expect(monitoringAudit.live.digests.lifecycle_facts!.rows).toBe(published - 1 - 2);
  });
});
