// The demo's lab, healthy: what the seed's routers reported once the gateway was configured (VRRP
// MASTER on the primary and BACKUP on the secondary, BGP peers Established, the units and links up),
// written into the simulated routers' simulator state for every resource the collector monitors.
// Real routers report their state themselves; the simulators only report what they are told. The
// monitored set comes from the event log, read and evolved exactly as the collector does (its
// ResourceFeed and targets), so the demo and the collector cannot disagree on names or routers.
import type { GohanConfig } from '@gohan-es/config';
import { ResourceFeed, simulatorStateFor } from '@gohan-es/collector';
import { EventCodec, createKafka, readAll } from '@gohan-es/events';
import { ROUTER_IDS, loadSimSettings, setSimulatorState, simRouter } from '@gohan-es/router-sim';
import type { RouterId, SimulatorState } from '@gohan-es/router-sim';
import type { SimStateEntries } from '@gohan-es/collector';
import type { Print } from './client';

export interface LabOptions {
  print?: Print;
  /** Where to write a router's state (default: its simulator-state over NETCONF). */
  set?: (router: RouterId, state: Partial<SimulatorState>) => Promise<void>;
}

/** Reports every monitored resource of the log healthy on the simulated routers; returns what it set. */
export async function reportHealthyLab(
  config: GohanConfig,
  options: LabOptions = {},
): Promise<Map<RouterId, Partial<SimulatorState>>> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const feed = new ResourceFeed({ secretsKey: config.secrets.key });
  await readAll({
    kafka: createKafka(config.kafka, 'gohan-demo-lab'),
    topic: config.kafka.topics.events,
    decoder: new EventCodec({ registryUrl: config.schemaRegistry.url }),
    groupIdPrefix: 'gohan-demo-lab',
    onEvents: (batch) => batch.forEach((e) => feed.apply(e.envelope)),
  });
  const settings = loadSimSettings();
  const set = options.set ?? ((router, state) => setSimulatorState(router, state));
  const plan: { router: RouterId; name: string; entries: SimStateEntries }[] = [];
  for (const [edgeRouterId, entries] of simulatorStateFor(feed.targets())) {
    const where = feed.endpointOf(edgeRouterId);
    if ('error' in where) throw new Error(`demo lab: ${where.error}`);
    const { host, port } = where.endpoint;
    const router = ROUTER_IDS.find((id) => {
      const sim = simRouter(settings, id);
      return sim.address === host && sim.port === port;
    });
    if (!router)
      throw new Error(`demo lab: edge_router ${where.name} (${host}:${port}) is no simulated router`);
    plan.push({ router, name: where.name, entries });
  }
  const written = new Map<RouterId, Partial<SimulatorState>>();
  for (const { router, name, entries } of plan.sort((a, b) => a.router.localeCompare(b.router))) {
    // lab-state speaks simulator-state with its own default values (MASTER/BACKUP, Established, up).
    const state = entries as Partial<SimulatorState>;
    await set(router, state);
    written.set(router, state);
    print(
      `demo lab: ${name} (${router}) reports ${entries.vrrpGroups.length} VRRP groups, ` +
        `${entries.bgpPeers.length} BGP peers, ${entries.logicalInterfaces.length} units and ` +
        `${entries.physicalInterfaces.length} links healthy`,
    );
  }
  return written;
}
