// Liveness (/healthz: the process runs) and readiness (/readyz: its dependencies answer) for every
// app, plus Prometheus metrics on /metrics. Apps without an HTTP API serve these on a small server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';

export type ReadinessCheck = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, string>;
}

export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry });

export async function readiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs, `${name} did not answer within ${timeoutMs} ms`);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, (error as Error).message] as const;
      }
    }),
  );
  const ok = results.every(([, result]) => result === 'ok');
  return { status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(results) };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: {
  host: string;
  port: number;
  checks: Record<string, ReadinessCheck>;
}): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    void handle(req.url ?? '/', options.checks).then(({ status, type, body }) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
  return listenHttp(server, options);
}

/** Listens on host/port (port 0 picks a free one); close() also ends open connections. */
export async function listenHttp(
  server: http.Server,
  at: { host: string; port: number },
): Promise<HealthServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(url: string, checks: Record<string, ReadinessCheck>) {
  const path = url.split('?')[0];
  if (path === '/healthz') return json(200, { status: 'ok' });
  if (path === '/readyz') {
    const report = await readiness(checks);
    return json(report.status === 'ok' ? 200 : 503, report);
  }
  if (path === '/metrics') {
    return { status: 200, type: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
  }
  return json(404, { error: 'not found' });
}

function json(status: number, body: unknown) {
  return { status, type: 'application/json', body: JSON.stringify(body) };
}
