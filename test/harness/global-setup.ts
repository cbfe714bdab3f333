// Jest global setup for the integration and e2e tiers: use the running local stack (or the services
// the environment names); where the stack is not up but a Docker engine is, start the same services
// with testcontainers. Tests never mock Kafka, the registry, Postgres or the routers.
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { endpointsFromEnv, unreachableServices } from './services';
import { startContainers } from './containers';

function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = target.pathname.replace(/^\//, '');
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export default async function globalSetup(): Promise<void> {
  let missing = await unreachableServices(endpointsFromEnv());
  if (missing.length > 0 && dockerAvailable()) {
    const env = await startContainers();
    Object.assign(process.env, env);
    missing = await unreachableServices(endpointsFromEnv());
  }
  if (missing.length > 0) {
    throw new Error(
      `integration tests need the real services, but these do not answer: ${missing.join(', ')}. ` +
        'Start the local stack with `./gohan stack up` (or run `./gohan test`, which starts it).',
    );
  }
  await ensureDatabase(endpointsFromEnv().databaseUrl);
}
