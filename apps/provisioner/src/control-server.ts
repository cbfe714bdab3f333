// The provisioner's HTTP surface on PROVISIONER_PORT: liveness, readiness and metrics, plus the
// control API the gohan API (libs/http-api's ProvisioningControl) and operators call:
//   GET  /v1/resources/<type>/<id>/config   dry-run: the per-router diff (secrets masked)
//   GET  /v1/resources/<type>/<id>/drift    the resource's routers vs their desired config
//   POST /v1/resources/<type>/<id>/sync     re-apply (also a failed resource) and repair drift
//   GET  /v1/drift                          every managed router (POST: check now and report)
//   POST /v1/routers/<edge_router id>/repair  operator command: repair that router's pairs
//   GET  /v1/status                         counters and pending work
// Loopback by default (config.http.host); it carries no secrets.
import http from 'node:http';
import type { Provisioner } from '@gohan-es/provisioning';
import { listenHttp, metricsRegistry, readiness } from '@gohan-es/runtime';
import type { ReadinessCheck } from '@gohan-es/runtime';

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; type?: string };
const json = (status: number, body: unknown): Reply => ({ status, body });
const missing = (what: string): Reply => json(404, { error: `${what} not found` });

async function route(
  p: Provisioner,
  method: string,
  path: string,
  checks: Record<string, ReadinessCheck>,
): Promise<Reply> {
  if (path === '/healthz') return json(200, { status: 'ok' });
  if (path === '/readyz') {
    const report = await readiness(checks);
    return json(report.status === 'ok' ? 200 : 503, report);
  }
  if (path === '/metrics')
    return { status: 200, body: await metricsRegistry.metrics(), type: metricsRegistry.contentType };
  const resource = /^\/v1\/resources\/([a-z_]+)\/([^/]+)\/(config|drift|sync)$/.exec(path);
  if (resource) {
    const [, type, rawId, op] = resource as unknown as [string, string, string, string];
    const id = decodeURIComponent(rawId);
    if (op === 'sync' && method !== 'POST') return json(405, { error: 'use POST' });
    if (op !== 'sync' && method !== 'GET') return json(405, { error: 'use GET' });
    const body =
      op === 'config'
        ? await p.dryRun(type, id)
        : op === 'drift'
          ? await p.drift({ resource_type: type, id }).then((routers) => routers && { routers })
          : await p.sync(type, id);
    return body === undefined ? missing(`${type} ${id}`) : json(200, body);
  }
  if (path === '/v1/drift')
    return json(200, { routers: method === 'POST' ? await p.checkDrift() : ((await p.drift()) ?? []) });
  const repair = /^\/v1\/routers\/([^/]+)\/repair$/.exec(path);
  if (repair && method === 'POST') {
    const known = await p.repairRouter(decodeURIComponent(repair[1]!));
    return known ? json(200, { routers: (await p.drift()) ?? [] }) : missing(`router ${repair[1]}`);
  }
  if (path === '/v1/status')
    return json(200, {
      stats: p.scheduler.stats,
      pending: p.tracker.pending().length,
      connects: p.pool.connects,
    });
  return json(404, { error: 'not found' });
}

export async function startControlServer(options: {
  host: string;
  port: number;
  provisioner: Provisioner;
  checks: Record<string, ReadinessCheck>;
  log: { error(obj: object, msg?: string): void };
}): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    route(options.provisioner, req.method ?? 'GET', path, options.checks)
      .catch((err: unknown) => {
        options.log.error({ err, path }, 'control request failed');
        return json(500, { error: 'internal error' });
      })
      .then(({ status, body, type }) => {
        res.writeHead(status, { 'content-type': type ?? 'application/json' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
  });
  return listenHttp(server, options);
}
