// `npm run bench:collector`: the collector's poll cycle against the real simulated routers with
// 2,004 monitored resources across the two of them (BENCH_GATEWAYS = 333 vpn_gateways, each with a
// gw_interface, its 2 ports and 2 ese_logical_ports and a vpn_interface = 1,998, plus the 2
// edge_routers and their 4 er_physical_interfaces). Every resource's VRRP group / unit / eBGP peer /
// physical interface is set on both routers, on downlink / uplink interfaces and VLANs of the run's
// own, then the collector's own pieces (ResourceFeed,
// NetconfRouterPoller: one session per router, one get-config per router and cycle — or, with
// COLLECTOR_DEVICE_PROFILE=junos, the three Junos operational RPCs the routers' SSH fronts answer;
// Collector: rules, change detection) run BENCH_CYCLES (20) steady cycles. Printed: cycle time (p50, p95,
// max), router wait, events per cycle; then one failover (1 event expected). Target: cycle ≤ 5 s
// and 0 events in a steady state. Events go to an in-memory sink (Kafka is not what is measured).
// The router state set here is removed at the end. Loopback only.
import path from 'node:path';
import { loadConfig } from '@gohan-es/config';
import {
  Collector,
  CollectorLab,
  DEFAULT_POSITIVE_STATES,
  NetconfRouterPoller,
  PRIMARY_ROUTER_ID,
  ResourceFeed,
  SECONDARY_ROUTER_ID,
  loadFixtureSteps,
  monitoringTargets,
  parseCollectorDeviceProfile,
  simulatorStateFor,
} from '@gohan-es/collector';
import type { CycleReport, SimStateEntries, StatusSink } from '@gohan-es/collector';
import type { DomainEvent } from '@gohan-es/domain';
import { removeSimulatorState, setSimulatorState } from '@gohan-es/router-sim';
import type { RouterId, SimulatorState } from '@gohan-es/router-sim';
import { assertLoopback, envInt, fmt, log, percentile, table, withDeadline } from './lib/common';

const ROOT = path.resolve(__dirname, '../..'); // bench/dist → repository root
const GATEWAYS = envInt('BENCH_GATEWAYS', 333, 3000);
const CYCLES = envInt('BENCH_CYCLES', 20, 1000);
const TARGET_MS = 5000;

class CountingSink implements StatusSink {
  events = 0;
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events += events.length;
  }
}

const keysOf = (s: SimStateEntries) => ({
  vrrpGroups: s.vrrpGroups.map(({ interface: i, unit, group }) => ({ interface: i, unit, group })),
  bgpPeers: s.bgpPeers.map(({ instance, neighbor }) => ({ instance, neighbor })),
  logicalInterfaces: s.logicalInterfaces.map(({ name }) => ({ name })),
  physicalInterfaces: s.physicalInterfaces.map(({ name }) => ({ name })),
});

async function main(): Promise<void> {
  const config = loadConfig();
  const { mx1, mx2 } = config.routers;
  assertLoopback('router', mx1.address);
  assertLoopback('router', mx2.address);
  const routers: Record<string, RouterId> = { [PRIMARY_ROUTER_ID]: 'mx2', [SECONDARY_ROUTER_ID]: 'mx1' };

  // The model: the fixture inventory plus GATEWAYS fresh gateways, on ae<run>, ge-8/0/<run> and VLANs
  // from 100.
  const built = performance.now();
  const lab = new CollectorLab({
    steps: loadFixtureSteps(path.join(ROOT, 'libs/domain/test/fixtures/vpn_flow_fixtures.json')),
    secretsKey: config.secrets.key,
    primary: { ip: mx2.address, port: mx2.port },
    secondary: { ip: mx1.address, port: mx1.port },
    downlink: `ae${9000 + Math.floor(Math.random() * 1000)}`,
    uplink: `ge-8/0/${Math.floor(Math.random() * 1000)}`,
    firstVlan: 100,
    capacity: GATEWAYS + 10,
  });
  const feed = new ResourceFeed({ secretsKey: config.secrets.key });
  for (const e of lab.inventory()) feed.apply(e);
  for (let i = 0; i < GATEWAYS; i++) for (const e of lab.addGateway().events) feed.apply(e);
  for (const e of lab.settle().domain) feed.apply(e);
  const targets = monitoringTargets(lab.model);
  log(
    `model: ${targets.length} monitored resources (${GATEWAYS} gateways) built in ${fmt(performance.now() - built, 0)} ms`,
  );

  // The routers' state for all of them (one edit-config per router).
  const state = simulatorStateFor(targets);
  const set = performance.now();
  for (const [id, router] of Object.entries(routers))
    await withDeadline(
      `setting ${router}'s state`,
      120_000,
      setSimulatorState(router, state.get(id)! as Partial<SimulatorState>, { timeoutMs: 120_000 }),
    );
  const entries = [...state.values()].reduce(
    (n, s) =>
      n + s.vrrpGroups.length + s.bgpPeers.length + s.logicalInterfaces.length + s.physicalInterfaces.length,
    0,
  );
  log(`router state: ${entries} entries set in ${fmt(performance.now() - set, 0)} ms`);

  const poller = new NetconfRouterPoller({
    knownHostsFile: path.resolve(ROOT, config.routers.knownHostsFile),
    connectTimeoutMs: 10_000,
    rpcTimeoutMs: 10_000,
    deviceProfile: parseCollectorDeviceProfile(process.env.COLLECTOR_DEVICE_PROFILE),
  });
  const sink = new CountingSink();
  const reports: CycleReport[] = [];
  const collector = new Collector({
    resources: feed,
    poller,
    sink,
    options: { holdPeriodMs: 0, heartbeatMs: 0, positiveStates: DEFAULT_POSITIVE_STATES },
    onCycle: (r) => reports.push(r),
  });
  try {
    const first = await withDeadline('first cycle', 60_000, collector.cycle());
    const down = first.routers.filter((r) => r.status !== 'ok');
    if (down.length > 0) throw new Error(`routers not answering: ${JSON.stringify(down)}`);
    log(
      `first cycle (session setup, every resource reported once): ${fmt(first.durationMs, 0)} ms, ${first.events} events`,
    );

    const steady: CycleReport[] = [];
    for (let i = 0; i < CYCLES; i++)
      steady.push(await withDeadline(`cycle ${i + 1}`, 60_000, collector.cycle()));
    const ms = steady.map((r) => r.durationMs);
    const wait = steady.map((r) => r.pollMs);
    const events = steady.map((r) => r.events);

    // One failover: the first gateway's VRRP swapped on both routers → exactly one event.
    const gw = targets.find((t) => t.rule === 'vrrp-pair')!;
    const swap = simulatorStateFor([gw], { vrrp: { primary: 'BACKUP', secondary: 'MASTER' } });
    for (const [id, router] of Object.entries(routers))
      await setSimulatorState(router, swap.get(id)! as Partial<SimulatorState>);
    const failover = await collector.cycle();

    log('');
    log(
      table(
        ['figure', 'value'],
        [
          ['monitored resources', String(targets.length)],
          ['routers polled per cycle', String(first.routers.length)],
          ['device profile', poller.deviceProfile],
          ['NETCONF sessions opened', [...poller.sessionsOpened.values()].join(' + ')],
          ['steady cycles', String(CYCLES)],
          ['cycle time p50 (ms)', fmt(percentile(ms, 50))],
          ['cycle time p95 (ms)', fmt(percentile(ms, 95))],
          ['cycle time max (ms)', fmt(Math.max(...ms))],
          ['router wait p50 (ms)', fmt(percentile(wait, 50))],
          ['events per steady cycle (max)', String(Math.max(...events))],
          ['events after one failover', String(failover.events)],
          [
            'target (cycle ≤ 5000 ms, 0 events)',
            Math.max(...ms) <= TARGET_MS && Math.max(...events) === 0 ? 'met' : 'NOT met',
          ],
        ],
      ),
    );
    if (Math.max(...ms) > TARGET_MS || Math.max(...events) !== 0) process.exitCode = 1;
  } finally {
    await poller.close();
    for (const [id, router] of Object.entries(routers))
      await removeSimulatorState(router, keysOf(state.get(id)!), { timeoutMs: 120_000 }).catch(
        (error: unknown) => log(`warning: could not remove ${router}'s bench state: ${String(error)}`),
      );
  }
}

main().catch((error: unknown) => {
  log(`bench:collector failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
