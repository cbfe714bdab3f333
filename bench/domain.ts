// `npm run bench:domain`: the pure domain core's create cost against a growing in-memory write
// model — decide + evolve of BENCH_DOMAIN_N (default 5,000) gw_interface creates, each on its own
// vpn_gateway (seeded straight into the model by event), spread over 100 networks of one /24
// subnet each. Prints creates/s per 1,000-create segment (so growth with the model shows) and
// overall. No I/O besides reading the fixture flow; not a test: it prints figures.
// Runs the built library (tsc -b libs/domain) with Node's TypeScript type stripping.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import domain from '@gohan-es/domain';
import type { AnyCommand, DomainEvent, ResourceBody, WriteModel } from '@gohan-es/domain';

const { createWriteModel, decide, evolve } = domain;

const N = Number(process.env['BENCH_DOMAIN_N'] ?? 5000);
const NETWORKS = 100;
if (!(N > 0 && N <= 6000)) throw new Error('BENCH_DOMAIN_N must be 1–6000 (two downlinks × 3,000 VLANs)');
const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
const actor = { user_name: 'admin', tenant_id: TENANT, roles: ['admin'], is_admin: true };

interface Step {
  resource_type: string;
  resulting_id: string;
  body: Record<string, ResourceBody>;
  derived_resources?: {
    id: string;
    resource_type: string;
    resulting_resource: Record<string, ResourceBody>;
  }[];
}

let seq = 0;
const uuid = (): string => `00000000-0000-4000-8000-${(seq++).toString(16).padStart(12, '0')}`;
const mac = (n: number): string =>
  `02:00:${[16, 8, 0].map((s) => ((n >> s) & 255).toString(16).padStart(2, '0')).join(':')}:00`;

const model: WriteModel = createWriteModel();
function run(command: AnyCommand): DomainEvent[] {
  const events = decide(model, command);
  for (const e of events) evolve(model, e);
  return events;
}
const create = (
  resource_type: string,
  body: ResourceBody,
  ids: string[],
  macs: string[] = [],
): AnyCommand => ({
  kind: 'create',
  resource_type,
  body,
  meta: { command_id: `cmd-${ids[0] ?? seq}`, actor, now: '2018-04-16T00:12:29.000Z', ids, macs },
});

// 1. The fixture flow's inventory up to the first vpn_gateway (a template for the seeded ones).
const steps = JSON.parse(
  readFileSync(join(process.cwd(), 'libs/domain/test/fixtures/vpn_flow_fixtures.json'), 'utf8'),
) as Step[];
let templateGateway: DomainEvent | undefined;
for (const step of steps) {
  if (step.resource_type === 'vpn_interface') continue;
  if (step.resource_type === 'network') break;
  const derived = step.derived_resources ?? [];
  const macs = derived
    .filter((d) => d.resource_type === 'port')
    .map((d) => d.resulting_resource['port']!['mac_address'] as string)
    .filter((m) => m !== '00:00:5e:00:01:00');
  const events = run(
    create(
      step.resource_type,
      step.body[step.resource_type]!,
      [step.resulting_id, ...derived.map((d) => d.id)],
      macs,
    ),
  );
  if (step.resource_type === 'vpn_gateway') templateGateway = events[0];
}
const byName = (type: string, name: string): string =>
  [...model.resources.get(type)!.values()].find((r) => r.body['name'] === name)!.id;

// 2. A second downlink (own ESE ports, all VLANs 1–4094) so that 5,000 gateways fit.
const eseDevice = byName('ese_device', 'QFX-NW02');
const haRouter = [...model.resources.get('ha_router')!.keys()][0]!;
const [r1, r2] = [...model.resources.get('edge_router')!.keys()];
const downlinks = [
  [...model.resources.get('ha_interface')!.values()].find((h) => h.body['link_type'] === 'downlink')!.id,
];
{
  const ports = [uuid(), uuid()];
  const ifaces = [uuid(), uuid()];
  ports.forEach((id, i) =>
    run(
      create(
        'ese_physical_port',
        { name: `xe-0/0/${5 + i}`, ese_device_id: eseDevice, connected_port_owner: 'mx_downlink' },
        [id],
      ),
    ),
  );
  [r1, r2].forEach((device, i) =>
    run(
      create('er_physical_interface', { name: 'ae1', device_id: device!, connected_ese_port_id: ports[i]! }, [
        ifaces[i]!,
      ]),
    ),
  );
  const dl = uuid();
  run(
    create(
      'ha_interface',
      {
        name: 'dl2',
        ha_router_id: haRouter,
        link_type: 'downlink',
        primary_interface_id: ifaces[0]!,
        secondary_interface_id: ifaces[1]!,
        maximum_ga_bandwidth: 100000,
      },
      [dl],
    ),
  );
  downlinks.push(dl);
}

// 3. Networks with one /24 subnet each.
const networks: string[] = [];
for (let n = 0; n < NETWORKS; n++) {
  const id = uuid();
  run(create('network', { name: `net-${n}`, admin_state_up: true, tenant_id: TENANT }, [id]));
  run(
    create(
      'subnet',
      {
        name: `sub-${n}`,
        ip_version: 4,
        cidr: `10.${n >> 8}.${n & 255}.0/24`,
        network_id: id,
        enable_dhcp: false,
        tenant_id: TENANT,
      },
      [uuid()],
    ),
  );
  networks.push(id);
}

// 4. The measured creates: seed a vpn_gateway by event, then decide + evolve its gw_interface.
const PER_DOWNLINK = 3000;
const segment = 1000;
const rows: string[] = [];
let decideNs = 0n;
let totalNs = 0n;
let segNs = 0n;
for (let i = 0; i < N; i++) {
  const gwId = uuid();
  const resource = {
    ...(templateGateway!.data['resource'] as ResourceBody),
    id: gwId,
    name: `gw-${i}`,
    downlink_interface_id: downlinks[Math.floor(i / PER_DOWNLINK)]!,
    downlink_vlan_id: 1100 + (i % PER_DOWNLINK),
  };
  evolve(model, { ...templateGateway!, aggregate_id: gwId, data: { resource } });
  const network = networks[i % NETWORKS]!;
  const n = i % NETWORKS;
  const k = Math.floor(i / NETWORKS); // 0..49 per network
  const base = `10.${n >> 8}.${n & 255}.`;
  const command = create(
    'gw_interface',
    {
      name: `gwif-${i}`,
      service_type: 'vpn',
      network_id: network,
      vpn_gw_id: gwId,
      vrid: 1 + k,
      netmask: 24,
      gw_vipv4: `${base}${2 + 3 * k}`,
      primary_ipv4: `${base}${3 + 3 * k}`,
      secondary_ipv4: `${base}${4 + 3 * k}`,
      tenant_id: TENANT,
    },
    [uuid(), uuid(), uuid(), uuid(), uuid()],
    [mac(2 * i + 1), mac(2 * i + 2)],
  );
  const t0 = process.hrtime.bigint();
  const events = decide(model, command);
  const t1 = process.hrtime.bigint();
  for (const e of events) evolve(model, e);
  const t2 = process.hrtime.bigint();
  decideNs += t1 - t0;
  totalNs += t2 - t0;
  segNs += t2 - t0;
  if ((i + 1) % segment === 0 || i === N - 1) {
    const count = (i % segment) + 1;
    rows.push(`  creates ${i + 2 - count}–${i + 1}: ${((count * 1e9) / Number(segNs)).toFixed(0)} creates/s`);
    segNs = 0n;
  }
}
const gws = model.resources.get('gw_interface')?.size ?? 0;
console.log(
  `bench:domain — ${N} gw_interface creates (decide + evolve), ${NETWORKS} networks, node ${process.version}`,
);
for (const row of rows) console.log(row);
console.log(
  `  overall: ${((N * 1e9) / Number(totalNs)).toFixed(0)} creates/s (decide only ${((N * 1e9) / Number(decideNs)).toFixed(0)}/s); mean ${(Number(totalNs) / N / 1000).toFixed(1)} µs/create`,
);
console.log(
  `  model: ${gws} gw_interfaces, ${model.resources.get('ese_logical_port')?.size ?? 0} ese_logical_ports, ${model.resources.get('port')?.size ?? 0} ports`,
);
if (gws !== N) throw new Error(`expected ${N} gw_interfaces, got ${gws}`);
