// HTTP control endpoint of one simulated router, on 127.0.0.1:<controlPort> (never on the router's
// own address, so taking the router "down" does not take its control down too):
//   GET  /health                 -> 200 {router, state: "up"|"down", downMode, connections, sessions, ...}
//   POST /down[?mode=refuse|hang] -> drops every session; refuse = port closed, hang = TCP accepted, no SSH
//   POST /up                     -> accepts connections again
import http from 'node:http';
import type { DownMode, RouterFront } from './ssh-front';

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(
  front: RouterFront,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://control');
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'GET /health':
      send(res, 200, front.health());
      return;
    case 'POST /down': {
      const mode = url.searchParams.get('mode') ?? 'refuse';
      if (mode !== 'refuse' && mode !== 'hang') {
        send(res, 400, { error: `mode must be refuse or hang, got ${JSON.stringify(mode)}` });
        return;
      }
      await front.down(mode as DownMode);
      send(res, 200, front.health());
      return;
    }
    case 'POST /up':
      await front.up();
      send(res, 200, front.health());
      return;
    default:
      send(res, 404, {
        error: `no route ${route}; use GET /health, POST /down[?mode=refuse|hang], POST /up`,
      });
  }
}

export async function startControlServer(
  front: RouterFront,
  host: string,
  port: number,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    handle(front, req, res).catch((err: unknown) => {
      send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
