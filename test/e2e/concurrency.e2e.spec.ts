// Concurrent conflicting writes through the real HTTP API (world of apps/api/test/stack.ts) on the
// fixture topology: the single decider serializes them, so of 50 otherwise valid gw_interfaces on
// one vpn_gateway exactly one is created and the log holds exactly one GwInterfaceCreated for it;
// the same for 50 vpn_interfaces on one vpn_gateway. Read-your-writes: a GET with the POST's
// X-Consistency-Token always sees the resource.
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { EventCodec, createKafka, readAll } from '@gohan-es/events';
import type { ConsumedEvent } from '@gohan-es/events';
import { httpClient } from '../../libs/http-api/test/contract';
import type { ApiResponse } from '../../libs/http-api/test/contract';
import { ApiWorld, consistency } from '../../apps/api/test/stack';
import { FixtureFlow, vpnFlowSteps } from './fixture-flow';

const CONCURRENT = 50;
const world = new ApiWorld();
const api = httpClient(() => world.url);
const flow = new FixtureFlow(api, { eseDevicePassword: 'x-secret', bgpMd5: 'md5-secret' });
let kafka: Kafka;
let codec: EventCodec;
let gatewayId: string;
let networkId: string;

async function events(): Promise<ConsumedEvent[]> {
  const { events } = await readAll({
    kafka,
    topic: world.config.kafka.topics.events,
    decoder: codec,
    timeoutMs: 30_000,
  });
  return events;
}

const byStatus = (responses: ApiResponse[]) =>
  responses.reduce<Record<number, number>>(
    (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
    {},
  );

beforeAll(async () => {
  await world.start();
  kafka = createKafka(world.config.kafka, 'e2e-audit');
  codec = new EventCodec({ registryUrl: world.config.schemaRegistry.url });
  for (const step of vpnFlowSteps.filter((s) => s.step <= 18)) {
    if (step.resource_type === 'vpn_interface') continue; // the conflict below creates it
    await flow.post(step);
  }
  gatewayId = flow.ids.get(vpnFlowSteps.find((s) => s.resource_type === 'vpn_gateway')!.resulting_id)!;
  networkId = flow.ids.get(vpnFlowSteps.find((s) => s.resource_type === 'network')!.resulting_id)!;
}, 120_000);
afterAll(async () => {
  await world.close();
}, 60_000);

describe('Concurrent conflicting creates', () => {
  describe(`When ${CONCURRENT} valid gw_interfaces are posted at once on one vpn_gateway`, () => {
    let responses: ApiResponse[];

    beforeAll(async () => {
      responses = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) =>
          api.request('POST', '/v2.0/gw_interfaces', {
            token: 'admin_token',
            body: {
              gw_interface: {
                name: `race-${i}`,
                network_id: networkId,
                vpn_gw_id: gatewayId,
                service_type: 'vpn',
                vrid: i + 1,
                netmask: 24,
                gw_vipv4: `172.16.101.${10 + 3 * i}`,
                primary_ipv4: `172.16.101.${11 + 3 * i}`,
                secondary_ipv4: `172.16.101.${12 + 3 * i}`,
                tenant_id: 'b3e3095c0a5b4383805efe9cf2a6b5ef',
              },
            },
          }),
        ),
      );
    }, 60_000);

    it('should answer exactly one 201 and 49 × 409', () => {
      expect(byStatus(responses)).toEqual({ 201: 1, 409: CONCURRENT - 1 });
      const winner = responses.find((r) => r.status === 201)!.json.gw_interface.id as string;
      for (const r of responses.filter((x) => x.status === 409))
        expect(r.json).toEqual({
          error: `Failed to store data in database: vpn_gw_id "${gatewayId}" is already used by gw_interface ${winner}`,
        });
    });

    it('should hold exactly one GwInterfaceCreated for that vpn_gateway in the event log', async () => {
      const winner = responses.find((r) => r.status === 201)!.json.gw_interface;
      const created = (await events()).filter(
        (e) =>
          e.envelope.event_type === 'GwInterfaceCreated' &&
          (e.envelope.data['resource'] as { vpn_gw_id?: string } | undefined)?.vpn_gw_id === gatewayId,
      );
      expect(created.map((e) => e.envelope.aggregate_id)).toEqual([winner.id]);
    });

    it('should show the winner with its two ports and two ELPs (read-your-writes)', async () => {
      const winner = responses.find((r) => r.status === 201)!;
      const id = winner.json.gw_interface.id as string;
      const show = await api.request('GET', `/v2.0/gw_interfaces/${id}`, {
        token: 'admin_token',
        headers: consistency(winner),
      });
      expect(show.json.gw_interface).toMatchObject({ id, vpn_gw_id: gatewayId });
      const list = await api.request('GET', `/v2.0/gw_interfaces?vpn_gw_id=${gatewayId}`, {
        token: 'admin_token',
      });
      expect(list.headers.get('x-total-count')).toBe('1');
      const ports = await api.request('GET', `/v2.0/ports?device_id=${id}`, { token: 'admin_token' });
      const elps = await api.request('GET', `/v2.0/ese_logical_ports?gw_interface_id=${id}`, {
        token: 'admin_token',
      });
      expect([ports.json.ports.length, elps.json.ese_logical_ports.length]).toEqual([2, 2]);
    });
  });

  describe(`When ${CONCURRENT} vpn_interfaces are posted at once on one vpn_gateway`, () => {
    it('should create exactly one and connect it to the gateway', async () => {
      const step = vpnFlowSteps.find((s) => s.resource_type === 'vpn_interface')!;
      const responses = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) => {
          const body = flow.requestBody(step);
          body['vpn_interface']!['name'] = `race-vif-${i}`;
          return api.request('POST', '/v2.0/vpn_interfaces', { token: 'admin_token', body });
        }),
      );
      expect(byStatus(responses)).toEqual({ 201: 1, 409: CONCURRENT - 1 });
      const winner = responses.find((r) => r.status === 201)!;
      for (const r of responses.filter((x) => x.status === 409))
        expect(r.json.error).toContain(`vpn_gw_id "${gatewayId}" is already used by vpn_interface`);
      const gateway = await api.request('GET', `/v2.0/vpn_gateways/${gatewayId}`, {
        token: 'admin_token',
        headers: consistency(winner),
      });
      expect(gateway.json.vpn_gateway.connected_vpn_interface).toBe(winner.json.vpn_interface.id);
      const created = (await events()).filter((e) => e.envelope.event_type === 'VpnInterfaceCreated');
      expect(created.map((e) => e.envelope.aggregate_id)).toEqual([winner.json.vpn_interface.id]);
    }, 60_000);
  });
});

describe('Read-your-writes', () => {
  it('should let a GET with the X-Consistency-Token of a POST see the resource, every time', async () => {
    const misses: string[] = [];
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const name = `ryw-${randomUUID()}`;
          const created = await api.request('POST', '/v2.0/networks', {
            token: 'demo_token',
            body: { name },
          });
          const id = created.json.network.id as string;
          const [show, list] = await Promise.all([
            api.request('GET', `/v2.0/networks/${id}`, {
              token: 'demo_token',
              headers: consistency(created),
            }),
            api.request('GET', `/v2.0/networks?name=${name}`, {
              token: 'demo_token',
              headers: consistency(created),
            }),
          ]);
          if (show.status !== 200 || show.json.network.name !== name || list.json.networks.length !== 1)
            misses.push(`${id}: show ${show.status}, list ${list.json.networks.length}`);
        }),
      );
    }
    expect(misses).toEqual([]);
  }, 60_000);
});
