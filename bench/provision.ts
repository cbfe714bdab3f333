// npm run bench:provision — issue 4 item 8, against the two simulated routers (loopback only):
//   1. one gw_interface at a time: time from POST to CREATE_COMPLETE in the read model (p50/p99);
//   2. COUNT (200) gw_interfaces created at once on COUNT vpn_gateways: total time, commits per
//      router (changes queued for the pair coalesce into one commit);
//   3. the same with coalescing off (one pair transaction per change), and the ratio.
// Targets: one gw_interface p50 ≤ 1 s; 200 in ≤ 30 s and ≥ 5× faster than one commit per change.
// BENCH_PROV_SAMPLES (20), BENCH_PROV_COUNT (200). Exit code 1 when a target is missed.
import { buildInventory, createNetworks, gwInterfaceBody } from './lib/topology';
import type { Inventory } from './lib/topology';
import { BenchClient, pool } from './lib/http';
import { envInt, fmt, log, now, percentile, table, until, withDeadline } from './lib/common';
import { ProvisionWorld } from './provision-world';

const SAMPLES = envInt('BENCH_PROV_SAMPLES', 20, 1000);
const COUNT = envInt('BENCH_PROV_COUNT', 200, 2000);
const DEMO = 'demo_token';

async function orchestration(
  client: BenchClient,
  plural: string,
  singular: string,
  id: string,
): Promise<string> {
  const res = await client.request('GET', `/v2.0/${plural}/${id}`, 'admin_token');
  return res.status === 200 ? String(res.json[singular].orchestration_state) : `HTTP ${res.status}`;
}

/** How many of the ids show `state` (one list request per page of ids). */
async function countIn(
  client: BenchClient,
  plural: string,
  ids: readonly string[],
  state: string,
): Promise<number> {
  const res = await client.request('GET', `/v2.0/${plural}?orchestration_state=${state}`, 'admin_token');
  const wanted = new Set(ids);
  return (res.json[plural] as { id: string }[]).filter((r) => wanted.has(r.id)).length;
}

async function allComplete(
  client: BenchClient,
  plural: string,
  ids: readonly string[],
  what: string,
): Promise<void> {
  await until(
    what,
    600_000,
    async () => (await countIn(client, plural, ids, 'CREATE_COMPLETE')) === ids.length,
  );
}

/** `count` vpn_gateways with uplink VLANs first+1 … first+count. */
async function createGateways(
  client: BenchClient,
  inv: Inventory,
  first: number,
  count: number,
): Promise<string[]> {
  return pool(count, 16, async (i) => {
    const res = await client.request('POST', '/v2.0/vpn_gateways', DEMO, {
      vpn_gateway: {
        name: `bench-prov-gw-${first + i}`,
        vpn_service_id: inv.serviceId,
        qos_option_id: inv.qosId,
        local_as_number: '65101',
        uplink_vlan_id: String(first + i + 1),
      },
    });
    if (res.status !== 201) throw new Error(`POST vpn_gateway: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.vpn_gateway.id as string;
  });
}

async function postGwInterfaces(
  client: BenchClient,
  bodies: readonly object[],
  concurrency: number,
): Promise<string[]> {
  return pool(bodies.length, concurrency, async (i) => {
    const res = await client.request('POST', '/v2.0/gw_interfaces', DEMO, bodies[i]);
    if (res.status !== 201) throw new Error(`POST gw_interface: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.gw_interface.id as string;
  });
}

async function main(): Promise<void> {
  const world = new ProvisionWorld();
  const failures: string[] = [];
  try {
    await world.start();
    const client = new BenchClient(world.api!.url);
    let provisioner = await world.startProvisioner(true);
    const inventory = await buildInventory(client, SAMPLES + COUNT);
    const networks = await createNetworks(client, SAMPLES + 2 * COUNT);
    log(`bench:provision — ${SAMPLES} single gw_interfaces, then ${COUNT} at once (run ${world.run})`);

    log(`inventory ready`);
    // 1. Latency of one gw_interface (each on its own, already provisioned vpn_gateway).
    const single = await createGateways(client, inventory, 0, SAMPLES);
    await allComplete(client, 'vpn_gateways', single, `${SAMPLES} vpn_gateways`);
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const started = now();
      const [id] = await postGwInterfaces(client, [gwInterfaceBody(i, single, networks)], 1);
      if (id === undefined) throw new Error('no gw_interface id');
      for (;;) {
        const state = await orchestration(client, 'gw_interfaces', 'gw_interface', id);
        if (state === 'CREATE_COMPLETE') break;
        if (state.endsWith('FAILED')) throw new Error(`gw_interface ${id} ${state}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(now() - started);
    }

    log(`single: p50 ${fmt(percentile(latencies, 50), 0)} ms`);
    // 2. COUNT gw_interfaces at once on COUNT fresh gateways, coalescing on.
    const gateways = await createGateways(client, inventory, SAMPLES, COUNT);
    await allComplete(client, 'vpn_gateways', gateways, `${COUNT} vpn_gateways`);
    // The j-th gw_interface of the run (its addresses, network and vrid) on gateway `gw`.
    const bodyOn = (j: number, gw: string) => {
      const body = gwInterfaceBody(j, [], networks) as { gw_interface: Record<string, unknown> };
      return { gw_interface: { ...body.gw_interface, vpn_gw_id: gw } };
    };
    log(`${COUNT} gateways ready`);
    const coalesced = await burst(
      client,
      provisioner,
      gateways.map((gw, j) => bodyOn(SAMPLES + j, gw)),
    );

    // 3. Delete them (coalesced), then the same burst with one pair transaction per change.
    await pool(coalesced.ids.length, 32, (i) =>
      client.request('DELETE', `/v2.0/gw_interfaces/${coalesced.ids[i]}`, DEMO),
    );
    await until(
      'the burst to be deleted',
      600_000,
      async () =>
        (await countIn(client, 'gw_interfaces', coalesced.ids, 'DELETE_IN_PROGRESS')) === 0 &&
        (await countIn(client, 'gw_interfaces', coalesced.ids, 'CREATE_COMPLETE')) === 0,
    );
    log(`coalesced burst: ${fmt(coalesced.ms, 0)} ms; deleted`);
    provisioner = await world.startProvisioner(false);
    const serial = await burst(
      client,
      provisioner,
      gateways.map((gw, j) => bodyOn(SAMPLES + COUNT + j, gw)),
    );

    const p50 = percentile(latencies, 50);
    const ratio = serial.ms / coalesced.ms;
    log('');
    log(
      table(
        ['measure', 'value', 'target'],
        [
          ['one gw_interface, POST → CREATE_COMPLETE p50', `${fmt(p50, 0)} ms`, '≤ 1000 ms'],
          ['one gw_interface, POST → CREATE_COMPLETE p99', `${fmt(percentile(latencies, 99), 0)} ms`, ''],
          [`${COUNT} gw_interfaces at once, coalescing on`, `${fmt(coalesced.ms / 1000, 2)} s`, '≤ 30 s'],
          [
            '  pair transactions / commits per router',
            `${coalesced.batches} / ${coalesced.commitsPerRouter}`,
            '',
          ],
          [`${COUNT} gw_interfaces at once, coalescing off`, `${fmt(serial.ms / 1000, 2)} s`, ''],
          ['  pair transactions / commits per router', `${serial.batches} / ${serial.commitsPerRouter}`, ''],
          ['speed-up of coalescing', `${fmt(ratio, 1)}×`, '≥ 5×'],
        ],
      ),
    );
    if (p50 > 1000) failures.push(`p50 ${fmt(p50, 0)} ms > 1000 ms`);
    if (coalesced.ms > 30_000) failures.push(`${COUNT} took ${fmt(coalesced.ms / 1000, 1)} s > 30 s`);
    if (ratio < 5) failures.push(`coalescing speed-up ${fmt(ratio, 1)}× < 5×`);
    client.close();
  } finally {
    await world.close();
  }
  if (failures.length > 0) {
    log(`\ntargets missed: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else log('\nall targets met');
}

async function burst(
  client: BenchClient,
  provisioner: NonNullable<ProvisionWorld['provisioner']>,
  bodies: readonly object[],
): Promise<{ ms: number; ids: string[]; batches: number; commitsPerRouter: number }> {
  const stats = provisioner.provisioner.scheduler.stats;
  const before = { batches: stats.batches, commits: stats.commits };
  const started = now();
  const ids = await postGwInterfaces(client, bodies, bodies.length);
  await withDeadline(
    'the burst',
    600_000,
    allComplete(client, 'gw_interfaces', ids, `${bodies.length} gw_interfaces`),
  );
  const ms = now() - started;
  return {
    ms,
    ids,
    batches: stats.batches - before.batches,
    commitsPerRouter: (stats.commits - before.commits) / 2,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:provision failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
