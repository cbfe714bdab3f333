// `npm run bench:projector`: how fast the projector rebuilds the read models from the log, against
// what a bare kafkajs consumer reads from the same topic in the same process and run.
//   1. BENCH_EVENTS (default 1,000,000) events — the fixture VPN flow cloned with fresh ids — are
//      produced once to a bench topic with the real Avro registry codec, BENCH_TXN_EVENTS (50,000)
//      per Kafka transaction;
//   2. each of BENCH_RUNS (3) runs times (a) a bare kafkajs consumer (fresh group, read_committed,
//      eachBatch counting messages) and (b) the projector's rebuild (libs/readmodel rebuild() with
//      apps/projector's replay source: readAll + Avro decode + applyBatch into a fresh Postgres
//      schema, then its checksum) — and reports events/s, medians, and (b)/(a); for reference also
//      readAll + Avro decode without Postgres (where the time goes).
// Topic, database and registry subjects are the run's own and removed at the end. Loopback only.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '@gohan-es/config';
import { EventCodec, createKafka, readAll } from '@gohan-es/events';
import type { EventDecoder } from '@gohan-es/events';
import { createDb, rebuild } from '@gohan-es/readmodel';
import type { RebuildOptions, RebuildReport } from '@gohan-es/readmodel';
import {
  assertLoopback,
  envInt,
  fmt,
  log,
  median,
  now,
  onInterrupt,
  machine,
  runId,
  table,
  withDeadline,
} from './lib/common';
import { produce } from './lib/events';
import { ROOT, createDatabase, dropDatabase, endpoints } from './lib/stack';

const EVENTS = envInt('BENCH_EVENTS', 1_000_000, 20_000_000);
const RUNS = envInt('BENCH_RUNS', 3, 20);
const TXN = envInt('BENCH_TXN_EVENTS', 50_000, 1_000_000);
const PHASE_MS = envInt('BENCH_PHASE_TIMEOUT_S', 1800, 7200) * 1000;
// The rebuild's transaction sizes (RebuildOptions.batchEvents / minBatchEvents; unset = its defaults).
const BATCH = process.env.BENCH_BATCH_EVENTS ? envInt('BENCH_BATCH_EVENTS', 20_000, 1_000_000) : undefined;
const MIN_BATCH = process.env.BENCH_MIN_BATCH_EVENTS
  ? envInt('BENCH_MIN_BATCH_EVENTS', 2_000, 1_000_000)
  : undefined;

// The projector's own replay source (apps/projector/dist, built by `npm run build`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kafkaReplaySource } = require(path.join(ROOT, 'apps/projector/dist/replay-source.js')) as {
  kafkaReplaySource(kafka: Kafka, decoder: EventDecoder, topics: readonly string[]): RebuildOptions['read'];
};

interface Rebuilt extends Timing {
  rows: number;
  applySeconds: number;
  /** After the last batch was handed over: the last transactions, indexes, checksum, swap. */
  tailSeconds: number;
  timings: RebuildReport['timings'];
}

interface Timing {
  /** Whole call: connect, group join, read (and project) to the end. */
  seconds: number;
  /** From the first batch in hand to the last one done (steady state). */
  streamSeconds: number;
}

async function bareConsumer(kafka: Kafka, topic: string, expected: number): Promise<Timing> {
  const groupId = `bench-bare-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  const started = now();
  let first = 0;
  let count = 0;
  let finished = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (first === 0) first = now();
            count += batch.messages.length;
            if (count >= expected && finished === 0) {
              finished = now();
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  if (count !== expected) throw new Error(`bare consumer read ${count} messages, expected ${expected}`);
  return { seconds: (finished - started) / 1000, streamSeconds: (finished - first) / 1000 };
}

/** The projector's read path without Postgres: readAll (read_committed) + Avro decode, nothing applied. */
async function decodeOnly(kafka: Kafka, codec: EventCodec, topic: string, expected: number): Promise<Timing> {
  let first = 0;
  const started = now();
  const result = await readAll({
    kafka,
    topic,
    decoder: codec,
    onEvents: () => {
      if (first === 0) first = now();
    },
  });
  const finished = now();
  if (result.count !== expected)
    throw new Error(`readAll decoded ${result.count} events, expected ${expected}`);
  return { seconds: (finished - started) / 1000, streamSeconds: (finished - first) / 1000 };
}

async function projectorRebuild(
  db: ReturnType<typeof createDb>,
  read: RebuildOptions['read'],
  run: string,
  n: number,
  expected: number,
): Promise<Rebuilt> {
  let first = 0;
  let last = 0;
  let applied = 0;
  let inApply = 0;
  const timed: RebuildOptions['read'] = (from, apply) =>
    read(from, async (batch, positions) => {
      if (first === 0 && batch.length > 0) first = now();
      const t = now();
      await apply(batch, positions);
      inApply += now() - t;
      applied += batch.length;
      last = now();
    });
  const started = now();
  const report = await rebuild(db, {
    consumer: `bench-${run}`,
    read: timed,
    liveSchema: `bench_live_${run}`,
    targetSchema: `bench_rm_${run}_${n}`,
    swap: false,
    ...(BATCH !== undefined ? { batchEvents: BATCH } : {}),
    ...(MIN_BATCH !== undefined ? { minBatchEvents: MIN_BATCH } : {}),
  });
  const finished = now();
  const seconds = (finished - started) / 1000;
  if (applied !== expected) throw new Error(`rebuild applied ${applied} events, expected ${expected}`);
  const rows = Object.values(report.checksum.tables).reduce((sum, t) => sum + Math.max(0, t.rows), 0);
  return {
    seconds,
    streamSeconds: (last - first) / 1000,
    rows,
    applySeconds: inApply / 1000,
    tailSeconds: (finished - last) / 1000,
    timings: report.timings,
  };
}

async function deleteSubjects(registryUrl: string, topic: string, codec: EventCodec): Promise<void> {
  for (const eventType of codec.schemas.eventTypes) {
    const subject = encodeURIComponent(codec.subject(topic, eventType));
    for (const permanent of ['', '?permanent=true'])
      await fetch(`${registryUrl}/subjects/${subject}${permanent}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const run = runId();
  const e = endpoints();
  const config = loadConfig({
    ...process.env,
    KAFKA_BROKERS: e.brokers.join(','),
    SCHEMA_REGISTRY_URL: e.registryUrl,
  });
  config.kafka.brokers.forEach((b) => assertLoopback('Kafka broker', b));
  const kafka = createKafka(config.kafka, 'bench-projector');
  const codec = new EventCodec({ registryUrl: e.registryUrl });
  const topic = `bench.${run}.events`;
  const dbName = `gohan_bench_proj_${run}`;
  log(`bench:projector — run ${run}; ${EVENTS.toLocaleString('en-US')} events; ${RUNS} runs`);
  log(`machine: ${machine()}`);
  const admin = kafka.admin();
  await admin.connect();
  let db: ReturnType<typeof createDb> | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await db?.destroy().catch(() => undefined);
      await dropDatabase(e, dbName).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await deleteSubjects(e.registryUrl, topic, codec);
    })());
  onInterrupt(cleanup);
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    let lastPrint = 0;
    const produced = await withDeadline(
      'producing',
      PHASE_MS,
      produce(kafka, codec, topic, EVENTS, TXN, (done) => {
        if (done - lastPrint < 200_000) return;
        lastPrint = done;
        log(`  produced ${done.toLocaleString('en-US')}`);
      }),
    );
    log(
      `produced ${produced.events.toLocaleString('en-US')} events (${fmt(produced.bytes / produced.events, 0)} B avg, ` +
        `${fmt(produced.bytes / 2 ** 20)} MiB) in ${produced.transactions} transactions, ${fmt(produced.seconds)} s ` +
        `(${fmt(produced.events / produced.seconds, 0)} events/s incl. Avro encoding)`,
    );
    db = createDb(await createDatabase(e, dbName), 4);
    const read = kafkaReplaySource(kafka, codec, [topic]);
    const rows: string[][] = [];
    const bare: Timing[] = [];
    const decoded: Timing[] = [];
    const rebuilt: Rebuilt[] = [];
    for (let n = 1; n <= RUNS; n++) {
      bare.push(await withDeadline(`bare consumer run ${n}`, PHASE_MS, bareConsumer(kafka, topic, EVENTS)));
      decoded.push(
        await withDeadline(`decode-only run ${n}`, PHASE_MS, decodeOnly(kafka, codec, topic, EVENTS)),
      );
      rebuilt.push(
        await withDeadline(`rebuild run ${n}`, PHASE_MS, projectorRebuild(db, read, run, n, EVENTS)),
      );
      const [b, d, r] = [bare.at(-1)!, decoded.at(-1)!, rebuilt.at(-1)!];
      rows.push([
        String(n),
        fmt(EVENTS / b.seconds, 0),
        fmt(EVENTS / d.seconds, 0),
        fmt(EVENTS / r.seconds, 0),
        fmt(EVENTS / r.streamSeconds, 0),
        fmt(r.seconds, 1),
        fmt(r.tailSeconds, 1),
        fmt(b.seconds / r.seconds, 3),
        fmt((100 * r.applySeconds) / r.streamSeconds, 0),
        r.rows.toLocaleString('en-US'),
      ]);
      log(
        `run ${n}: bare ${fmt(b.seconds, 2)} s, decode-only ${fmt(d.seconds, 2)} s, rebuild ${fmt(r.seconds, 2)} s (${r.rows} rows; ` +
          `projecting ${fmt(r.timings.project, 2)} s, then indexes + checksum ${fmt(r.timings.indexesAndChecksum, 2)} s ` +
          `(indexes ${fmt(r.timings.indexes, 2)} s, checksum ${fmt(r.timings.checksum, 2)} s at once), ` +
          `swap transaction ${fmt(r.timings.swap, 2)} s); ${machine()}`,
      );
    }
    const m = (xs: Timing[], f: (t: Timing) => number) => median(xs.map(f));
    const bareRate = m(bare, (t) => EVENTS / t.seconds);
    const rebuildRate = m(rebuilt, (t) => EVENTS / t.seconds);
    const ratio = median(bare.map((b, i) => b.seconds / rebuilt[i]!.seconds));
    rows.push([
      'median',
      fmt(bareRate, 0),
      fmt(
        m(decoded, (t) => EVENTS / t.seconds),
        0,
      ),
      fmt(rebuildRate, 0),
      fmt(
        m(rebuilt, (t) => EVENTS / t.streamSeconds),
        0,
      ),
      fmt(
        m(rebuilt, (t) => t.seconds),
        1,
      ),
      fmt(median(rebuilt.map((r) => r.tailSeconds)), 1),
      fmt(ratio, 3),
      fmt(median(rebuilt.map((r) => (100 * r.applySeconds) / r.streamSeconds)), 0),
      '',
    ]);
    log(
      `\nProjector rebuild of ${EVENTS.toLocaleString('en-US')} events vs a bare kafkajs consumer (events/s)`,
    );
    log(
      table(
        [
          'run',
          'bare consumer',
          'readAll + decode',
          'rebuild (whole)',
          'rebuild (projecting)',
          'rebuild s',
          'tail s',
          'ratio',
          '% in applyBatch',
          'rows',
        ],
        rows,
      ),
    );
    log(
      `targets: rebuild ≥ 30,000 events/s: ${rebuildRate >= 30_000 ? 'met' : 'MISSED'}; ` +
        `≥ 0.5 of the bare consumer: ${ratio >= 0.5 ? 'met' : 'MISSED'}`,
    );
    log(`machine at the end: ${machine()}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:projector failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
