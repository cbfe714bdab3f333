// `node apps/api/dist/demo/flow.js`: the tenant's part of the VPN flow (fixture steps 15–20:
// vpn_gateway, vpn_interface, network, subnet, gw_interface, static_route) for the demo tenant,
// through the API at http://127.0.0.1:${API_PORT:-9091} with demo_token (GOHAN_DEMO_TOKEN),
// printing every response, then the gw_interface's ports and ESE logical ports. Needs the seed
// (seed.js) first. A resource that already exists by name is not created again: its current show
// is printed instead (run it again to watch the provisioner and the collector move the states).
// Last, the simulated routers are told to report the lab healthy (lab.ts).
import { loadConfig } from '@gohan-es/config';
import { DemoClient, defaultApiUrl, runMain } from './client';
import type { Print } from './client';
import { DemoIds, ensureItem, printJson, requireItems } from './ensure';
import type { EnsureResult } from './ensure';
import { reportHealthyLab } from './lab';
import { FLOW_PREREQUISITES, TENANT_FLOW } from './topology';

export interface FlowOptions {
  baseUrl: string;
  token?: string;
  print?: Print;
  readyTimeoutMs?: number;
  /** Reads wait for this write first (e.g. the last one of an earlier run). */
  consistencyToken?: string;
}

export interface FlowResult {
  steps: EnsureResult[];
  ports: unknown[];
  eseLogicalPorts: unknown[];
}

export async function runFlow(options: FlowOptions): Promise<FlowResult> {
  const client = new DemoClient(options.baseUrl, options.consistencyToken);
  const token = options.token ?? 'demo_token';
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  await client.waitReady(options.readyTimeoutMs);
  const ids = new DemoIds();
  await requireItems(
    client,
    token,
    FLOW_PREREQUISITES,
    ids,
    'run the demo seed first (node apps/api/dist/demo/seed.js)',
  );
  const steps: EnsureResult[] = [];
  for (const item of TENANT_FLOW) {
    const result = await ensureItem(client, token, item, ids);
    steps.push(result);
    print(
      result.created
        ? `step ${item.step}: POST /v2.0/${item.plural} → ${result.response.status}`
        : `step ${item.step}: ${item.type} ${result.name} exists; GET /v2.0/${item.plural}/${result.id} → ${result.response.status}`,
    );
    printJson(print, result.response.json);
  }
  const gw = ids.get('gw');
  const ports = await client.request('GET', `/v2.0/ports?device_id=${gw}`, token);
  const elps = await client.request('GET', `/v2.0/ese_logical_ports?gw_interface_id=${gw}`, token);
  print(`ports of gw_interface ${gw}: GET /v2.0/ports?device_id=${gw} → ${ports.status}`);
  printJson(print, ports.json);
  print(`ESE logical ports: GET /v2.0/ese_logical_ports?gw_interface_id=${gw} → ${elps.status}`);
  printJson(print, elps.json);
  return {
    steps,
    ports: (ports.json?.ports ?? []) as unknown[],
    eseLogicalPorts: (elps.json?.ese_logical_ports ?? []) as unknown[],
  };
}

if (require.main === module) {
  runMain(async () => {
    await runFlow({ baseUrl: defaultApiUrl(), token: process.env.GOHAN_DEMO_TOKEN || 'demo_token' });
    // The simulated routers then report the lab healthy, as the seed's did: the collector brings
    // the gw_interface, its ports and ELPs and the vpn_interface to UP / ACTIVE.
    await reportHealthyLab(loadConfig());
  });
}
