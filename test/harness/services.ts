// Where the tests find the real services: the environment (set by ./gohan or CI), else the local
// stack defaults. Nothing here is mocked: tests talk to these endpoints.
import net from 'node:net';

export interface ServiceEndpoints {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
  routers: { name: string; address: string; port: number }[];
}

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceEndpoints {
  const routerPort = Number(env.ROUTER_SSH_PORT ?? 8830);
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()),
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
    databaseUrl: env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gohan_test',
    routers: [
      { name: 'MX-1', address: env.MX1_ADDRESS ?? '127.0.0.11', port: routerPort },
      { name: 'MX-2', address: env.MX2_ADDRESS ?? '127.0.0.12', port: routerPort },
    ],
  };
}

export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function hostPort(item: string): [string, number] {
  const at = item.lastIndexOf(':');
  return [item.slice(0, at).replace(/^\[|\]$/g, ''), Number(item.slice(at + 1))];
}

/** Names of the services that do not answer on TCP. */
export async function unreachableServices(endpoints: ServiceEndpoints): Promise<string[]> {
  const registry = new URL(endpoints.schemaRegistryUrl);
  const db = new URL(endpoints.databaseUrl);
  const checks: [string, string, number][] = [
    ['kafka', ...hostPort(endpoints.kafkaBrokers[0]!)],
    ['schema registry', registry.hostname, Number(registry.port || 80)],
    ['postgres', db.hostname, Number(db.port || 5432)],
    ...endpoints.routers.map((r): [string, string, number] => [`router ${r.name}`, r.address, r.port]),
  ];
  const results = await Promise.all(
    checks.map(async ([name, host, port]) => [name, await tcpReachable(host, port)] as const),
  );
  return results.filter(([, ok]) => !ok).map(([name]) => name);
}
