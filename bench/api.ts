// `npm run bench:api`: the API's write and read figures on this machine, through HTTP against the
// built apps (API with its decider, and the projector) on topics and a database of their own.
//   - POST /v2.0/gw_interfaces latency p50/p99 at concurrency 1 and 32, throughput at 64 (each
//     gw_interface on its own pre-created vpn_gateway);
//   - GET show and filtered lists over 10,000 networks: p50/p99 at concurrency 1, requests/s at 32.
// Medians over BENCH_RUNS runs (default 3). Counts: BENCH_C1 (200), BENCH_C32 (640), BENCH_C64
// (1280) creates per run, BENCH_GET_ROWS (10,000), BENCH_GET_C1 (1,000), BENCH_GET_C32 (5,000).
// Loopback only; every phase has a deadline. Not a test: it prints figures.
import {
  envInt,
  fmt,
  log,
  median,
  now,
  onInterrupt,
  percentile,
  machine,
  runId,
  table,
  withDeadline,
} from './lib/common';
import { BenchClient, pool } from './lib/http';
import type { Reply } from './lib/http';
import { BenchStack } from './lib/stack';
import { buildInventory, createGateways, createNetworks, gwInterfaceBody } from './lib/topology';

const RUNS = envInt('BENCH_RUNS', 3, 20);
const N1 = envInt('BENCH_C1', 200, 10_000);
const N32 = envInt('BENCH_C32', 640, 20_000);
const N64 = envInt('BENCH_C64', 1280, 20_000);
const WARMUP = 64;
const ROWS = envInt('BENCH_GET_ROWS', 10_000, 100_000);
const GET1 = envInt('BENCH_GET_C1', 1000, 50_000);
const GET32 = envInt('BENCH_GET_C32', 5000, 200_000);
const PHASE_MS = envInt('BENCH_PHASE_TIMEOUT_S', 600, 3600) * 1000;

interface Sample {
  p50: number;
  p99: number;
  rate: number;
}

/** Runs `count` requests at `concurrency`, failing on any unexpected status. */
async function measure(
  what: string,
  count: number,
  concurrency: number,
  expected: number,
  send: (i: number) => Promise<Reply>,
): Promise<Sample> {
  const started = now();
  const replies = await withDeadline(what, PHASE_MS, pool(count, concurrency, send));
  const wall = (now() - started) / 1000;
  const bad = replies.filter((r) => r.status !== expected);
  if (bad.length > 0)
    throw new Error(`${what}: ${bad.length} × ${bad[0]!.status} ${JSON.stringify(bad[0]!.json)}`);
  const ms = replies.map((r) => r.ms);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), rate: count / wall };
}

function summarize(samples: Sample[]): Sample {
  return {
    p50: median(samples.map((s) => s.p50)),
    p99: median(samples.map((s) => s.p99)),
    rate: median(samples.map((s) => s.rate)),
  };
}

const row = (name: string, s: Sample, runs: Sample[], target: string): string[] => [
  name,
  fmt(s.p50, 2),
  fmt(s.p99, 2),
  fmt(s.rate, 0),
  runs.map((r) => `${fmt(r.p99, 1)}/${fmt(r.rate, 0)}`).join(' '),
  target,
];

async function main(): Promise<void> {
  const stack = new BenchStack(runId());
  const gateways = WARMUP + RUNS * (N1 + N32 + N64);
  log(
    `bench:api — run ${stack.run}; ${RUNS} runs; gw_interface creates per run c=1 ${N1}, c=32 ${N32}, c=64 ${N64}`,
  );
  log(`machine: ${machine()}`);
  onInterrupt(() => stack.stop());
  try {
    await withDeadline('starting the apps', 120_000, stack.start());
    const client = new BenchClient(stack.apiUrl);
    try {
      await benchmark(client, gateways);
    } finally {
      client.close();
    }
  } finally {
    await stack.stop();
  }
}

async function benchmark(client: BenchClient, gateways: number): Promise<void> {
  {
    let t = now();
    const inventory = await withDeadline('inventory', PHASE_MS, buildInventory(client, gateways));
    const gwIds = await withDeadline(
      'vpn_gateways',
      PHASE_MS,
      createGateways(client, inventory, gateways, 32),
    );
    const networks = await withDeadline('networks', PHASE_MS, createNetworks(client, gateways));
    log(`prepared ${gateways} vpn_gateways and ${networks.length} networks in ${fmt((now() - t) / 1000)} s`);

    let next = 0;
    const postGw = () => {
      const j = next++;
      return client.request('POST', '/v2.0/gw_interfaces', 'demo_token', gwInterfaceBody(j, gwIds, networks));
    };
    await measure('warm-up', WARMUP, 8, 201, postGw);
    const writes: Record<'c1' | 'c32' | 'c64', Sample[]> = { c1: [], c32: [], c64: [] };
    for (let run = 1; run <= RUNS; run++) {
      writes.c1.push(await measure(`create c=1 run ${run}`, N1, 1, 201, postGw));
      writes.c32.push(await measure(`create c=32 run ${run}`, N32, 32, 201, postGw));
      writes.c64.push(await measure(`create c=64 run ${run}`, N64, 64, 201, postGw));
      log(
        `create run ${run}: c=1 p99 ${fmt(writes.c1.at(-1)!.p99)} ms, c=32 p99 ${fmt(writes.c32.at(-1)!.p99)} ms, c=64 ${fmt(writes.c64.at(-1)!.rate, 0)}/s`,
      );
    }

    t = now();
    const names: string[] = [];
    const ids = await withDeadline(
      'GET rows',
      PHASE_MS,
      pool(ROWS, 64, async (i) => {
        names[i] = `bench-row-${i}`;
        const res = await client.request('POST', '/v2.0/networks', 'demo_token', {
          network: { name: names[i] },
        });
        if (res.status !== 201) throw new Error(`network ${i}: ${res.status}`);
        return { id: res.json.network.id as string, token: String(res.headers['x-consistency-token']) };
      }),
    );
    const rowsRate = ROWS / ((now() - t) / 1000);
    const caughtUp = await client.request('GET', '/v2.0/networks?limit=1', 'demo_token', undefined, {
      'X-Consistency-Token': ids.at(-1)!.token,
    });
    const total = Number(caughtUp.headers['x-total-count']);
    log(`created ${ROWS} networks at c=64 (${fmt(rowsRate, 0)}/s); the read model holds ${total} networks`);

    const pick = () => Math.floor(Math.random() * ROWS);
    const reads = {
      show: (_: number) => client.request('GET', `/v2.0/networks/${ids[pick()]!.id}`, 'demo_token'),
      byName: (_: number) => client.request('GET', `/v2.0/networks?name=${names[pick()]}`, 'demo_token'),
      firstPage: (_: number) =>
        client.request(
          'GET',
          '/v2.0/networks?plane=data&sort_key=name&sort_order=desc&limit=20',
          'demo_token',
        ),
      deepPage: (_: number) =>
        client.request(
          'GET',
          `/v2.0/networks?plane=data&sort_key=name&limit=20&offset=${pick()}`,
          'demo_token',
        ),
    };
    const getRuns: Record<string, { c1: Sample[]; c32: Sample[] }> = {};
    for (const [name, send] of Object.entries(reads)) {
      getRuns[name] = { c1: [], c32: [] };
      await measure(`${name} warm-up`, 200, 8, 200, send);
      for (let run = 1; run <= RUNS; run++) {
        getRuns[name]!.c1.push(await measure(`${name} c=1`, GET1, 1, 200, send));
        getRuns[name]!.c32.push(await measure(`${name} c=32`, GET32, 32, 200, send));
      }
    }

    const w1 = summarize(writes.c1);
    const w32 = summarize(writes.c32);
    const w64 = summarize(writes.c64);
    log('\nPOST /v2.0/gw_interfaces (ms; rate = creates/s; per run: p99/rate)');
    log(
      table(
        ['concurrency', 'p50 ms', 'p99 ms', 'rate/s', 'runs', 'target'],
        [
          row('1', w1, writes.c1, `p99 ≤ 60 ms: ${w1.p99 <= 60 ? 'met' : 'MISSED'}`),
          row('32', w32, writes.c32, ''),
          row('64', w64, writes.c64, `≥ 1,000/s: ${w64.rate >= 1000 ? 'met' : 'MISSED'}`),
        ],
      ),
    );
    log(`\nGET over ${total} networks (demo_token; p50/p99 at c=1, rate at c=32)`);
    const labels: Record<string, string> = {
      show: 'GET /v2.0/networks/<id>',
      byName: 'GET /v2.0/networks?name=<one>',
      firstPage: 'GET ?plane=data&sort_key=name&sort_order=desc&limit=20',
      deepPage: 'GET ?plane=data&sort_key=name&limit=20&offset=<0–9,999>',
    };
    log(
      table(
        ['request', 'c=1 p50 ms', 'c=1 p99 ms', 'c=32 p99 ms', 'c=32 req/s', 'target p99 ≤ 25 ms'],
        Object.entries(getRuns).map(([name, r]) => {
          const [c1, c32] = [summarize(r.c1), summarize(r.c32)];
          return [
            labels[name]!,
            fmt(c1.p50, 2),
            fmt(c1.p99, 2),
            fmt(c32.p99, 2),
            fmt(c32.rate, 0),
            c1.p99 <= 25 ? 'met' : 'MISSED',
          ];
        }),
      ),
    );
    log(`\nmachine at the end: ${machine()}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:api failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
