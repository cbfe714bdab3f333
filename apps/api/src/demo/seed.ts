// `node apps/api/dist/demo/seed.js`: creates the demo inventory (fixture steps 1–14: the ESE
// device and its two ports, the edge routers on the simulators 127.0.0.12 (MX-2, primary) and
// 127.0.0.11 (MX-1, secondary) port 8830 esi/esi, the ha_router, the four physical interfaces,
// the uplink and downlink ha_interfaces, the vpn_service and the qos_option) through the API at
// http://127.0.0.1:${API_PORT:-9091} with admin_token (GOHAN_ADMIN_TOKEN), in the admin's tenant
// (the demo tenant). Idempotent: what already exists by name is skipped. Loopback only.
// Then the four physical interfaces are brought up on the simulated routers (their simulator state,
// merged: nothing else is touched), so the collector observes the er_physical_interfaces UP → ACTIVE
// as in the seed's final shows (docs/collector.md).
import { setSimulatorState } from '@gohan-es/router-sim';
import type { SimulatorState } from '@gohan-es/router-sim';
import { DemoClient, defaultApiUrl, runMain } from './client';
import type { Print } from './client';
import { DemoIds, ensureItem } from './ensure';
import type { EnsureResult } from './ensure';
import { INVENTORY, demoLinks } from './topology';

export interface SeedOptions {
  baseUrl: string;
  token?: string;
  print?: Print;
  readyTimeoutMs?: number;
  /** Reads wait for this write first (e.g. the last one of an earlier run). */
  consistencyToken?: string;
}

export async function seedDemo(options: SeedOptions): Promise<EnsureResult[]> {
  const client = new DemoClient(options.baseUrl, options.consistencyToken);
  const token = options.token ?? 'admin_token';
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  await client.waitReady(options.readyTimeoutMs);
  const ids = new DemoIds();
  const results: EnsureResult[] = [];
  for (const item of INVENTORY) {
    const result = await ensureItem(client, token, item, ids);
    results.push(result);
    const what = `${result.type} ${result.name}`.padEnd(48);
    print(
      `${result.created ? 'created' : 'exists '}  step ${String(item.step).padStart(2)}  ${what} ${result.id}`,
    );
  }
  const created = results.filter((r) => r.created).length;
  print(`demo seed: ${created} created, ${results.length - created} already there (${client.baseUrl})`);
  return results;
}

/** Sets the demo's physical interfaces up on the simulated routers (merged into their simulator state). */
export async function linkUpDemo(
  print: Print = (line) => process.stdout.write(`${line}\n`),
  set: (router: 'mx1' | 'mx2', state: Partial<SimulatorState>) => Promise<void> = setSimulatorState,
): Promise<void> {
  for (const [router, physicalInterfaces] of demoLinks()) {
    await set(router, { physicalInterfaces });
    print(`demo links: ${physicalInterfaces.map((i) => i.name).join(', ')} up on ${router}`);
  }
}

if (require.main === module) {
  runMain(async () => {
    await seedDemo({
      baseUrl: defaultApiUrl(),
      token: process.env.GOHAN_ADMIN_TOKEN || 'admin_token',
    });
    await linkUpDemo();
  });
}
