// The world of a benchmark run: the local stack's Kafka, registry and Postgres (loopback only),
// with topics, consumer groups and a database of its own, and the built apps (apps/*/dist) as
// child processes: API (with its in-process decider) and projector, as they run in production.
// Everything is removed at the end (topics deleted, database dropped, children stopped).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { runScopedEnv } from '@gohan-es/config';
import { assertLoopback, until } from './common';

export const ROOT = path.resolve(__dirname, '../../..'); // bench/dist/lib → repository root

export interface Endpoints {
  brokers: string[];
  registryUrl: string;
  /** URL of the server's maintenance database (databases are created from it). */
  serverUrl: string;
}

export function endpoints(env: NodeJS.ProcessEnv = process.env): Endpoints {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const registryUrl = env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
  const server = new URL(env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = '/postgres';
  for (const b of brokers) assertLoopback('Kafka broker', b);
  assertLoopback('schema registry', registryUrl);
  assertLoopback('Postgres', server.toString());
  return { brokers, registryUrl, serverUrl: server.toString() };
}

export function databaseUrl(e: Endpoints, name: string): string {
  const url = new URL(e.serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(e: Endpoints, sql: string): Promise<void> {
  const client = new Client({ connectionString: e.serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(e: Endpoints, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await onServer(e, `CREATE DATABASE "${name}"`);
  return databaseUrl(e, name);
}

export async function dropDatabase(e: Endpoints, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await onServer(e, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export function kafkaClient(e: Endpoints, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: e.brokers, logLevel: logLevel.ERROR, connectionTimeout: 3000 });
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const gone = topics.filter((t) => existing.has(t));
    if (gone.length > 0) await admin.deleteTopics({ topics: gone });
  } finally {
    await admin.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface App {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startApp(app: string, env: Record<string, string>): App {
  const main = path.join(ROOT, 'apps', app, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  // BENCH_CPU_PROF=<dir>: V8 CPU profiles of the apps (written when they stop), for finding hot spots.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, main], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer) => void (output = (output + c.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** API + projector children on their own topics and database. */
export class BenchStack {
  readonly e = endpoints();
  readonly dbName: string;
  readonly topicEnv: Record<string, string>;
  apiUrl = '';
  private apps: App[] = [];

  constructor(readonly run: string) {
    this.dbName = `gohan_bench_${run}`;
    const prefix = `bench.${run}`;
    this.topicEnv = runScopedEnv(prefix);
  }

  async start(): Promise<void> {
    const url = await createDatabase(this.e, this.dbName);
    const [apiPort, projectorPort] = [await freePort(), await freePort()];
    const env = {
      ...this.topicEnv,
      DATABASE_URL: url,
      KAFKA_BROKERS: this.e.brokers.join(','),
      SCHEMA_REGISTRY_URL: this.e.registryUrl,
      HTTP_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      PROJECTOR_PORT: String(projectorPort),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    };
    const projector = startApp('projector', env);
    this.apps.push(projector);
    await until('the projector /healthz', 60_000, () =>
      ok(`http://127.0.0.1:${projectorPort}/healthz`),
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${projector.output()}`);
    });
    const api = startApp('api', env);
    this.apps.push(api);
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    await until('the API /readyz', 60_000, () => ok(`${this.apiUrl}/readyz`)).catch((error: Error) => {
      throw new Error(`${error.message}\n${api.output()}`);
    });
  }

  private stopping: Promise<void> | undefined;

  /** Idempotent: concurrent callers (the finally and a signal handler) share one cleanup. */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    for (const app of this.apps.splice(0).reverse()) await app.stop().catch(() => undefined);
    const topics = Object.entries(this.topicEnv)
      .filter(([k]) => k.startsWith('TOPIC_'))
      .map(([, v]) => v);
    await deleteTopics(kafkaClient(this.e, 'bench-cleanup'), topics).catch(() => undefined);
    await dropDatabase(this.e, this.dbName).catch(() => undefined);
  }
}

async function ok(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}
