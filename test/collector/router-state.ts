// Sets the simulated router state a test wants for its targets, and removes everything it set when
// the test is done (the routers are shared with other suites). An entry the spec leaves out (null)
// is removed from the router ("not found"); the others are merged.
import { simulatorStateFor } from '@gohan-es/collector';
import type { SimStateEntries, SimStateSpec, Target } from '@gohan-es/collector';
import { removeSimulatorState, setSimulatorState } from '@gohan-es/router-sim';
import type { RouterId, SimulatorState, SimulatorStateKeys } from '@gohan-es/router-sim';

export function keysOf(s: SimStateEntries): Required<SimulatorStateKeys> {
  return {
    vrrpGroups: s.vrrpGroups.map(({ interface: i, unit, group }) => ({ interface: i, unit, group })),
    bgpPeers: s.bgpPeers.map(({ instance, neighbor }) => ({ instance, neighbor })),
    logicalInterfaces: s.logicalInterfaces.map(({ name }) => ({ name })),
    physicalInterfaces: s.physicalInterfaces.map(({ name }) => ({ name })),
  };
}

const size = (s: SimStateEntries | Required<SimulatorStateKeys>): number =>
  s.vrrpGroups.length + s.bgpPeers.length + s.logicalInterfaces.length + s.physicalInterfaces.length;

/** The entries of `all` that `kept` does not have. */
function missing(all: SimStateEntries, kept: SimStateEntries): SimStateEntries {
  const has = (list: object[], entry: object, keys: string[]) =>
    list.some((e) =>
      keys.every((k) => (e as Record<string, unknown>)[k] === (entry as Record<string, unknown>)[k]),
    );
  return {
    vrrpGroups: all.vrrpGroups.filter((g) => !has(kept.vrrpGroups, g, ['interface', 'unit', 'group'])),
    bgpPeers: all.bgpPeers.filter((p) => !has(kept.bgpPeers, p, ['instance', 'neighbor'])),
    logicalInterfaces: all.logicalInterfaces.filter((i) => !has(kept.logicalInterfaces, i, ['name'])),
    physicalInterfaces: all.physicalInterfaces.filter((i) => !has(kept.physicalInterfaces, i, ['name'])),
  };
}

export class RouterStateKeeper {
  private readonly touched: { router: RouterId; keys: Required<SimulatorStateKeys> }[] = [];

  /** `routers` maps the lab's edge_router ids to the simulated routers (mx1 / mx2). */
  async apply(
    targets: readonly Target[],
    routers: Record<string, RouterId>,
    spec: SimStateSpec = {},
  ): Promise<void> {
    const wanted = simulatorStateFor(targets, spec);
    const all = simulatorStateFor(targets);
    for (const [routerId, router] of Object.entries(routers)) {
      const everything = all.get(routerId);
      if (!everything) continue;
      const entries = wanted.get(routerId) ?? {
        vrrpGroups: [],
        bgpPeers: [],
        logicalInterfaces: [],
        physicalInterfaces: [],
      };
      this.touched.push({ router, keys: keysOf(everything) });
      const absent = keysOf(missing(everything, entries));
      if (size(absent) > 0) await removeSimulatorState(router, absent);
      if (size(entries) > 0) await setSimulatorState(router, entries as Partial<SimulatorState>);
    }
  }

  /** Removes every entry this keeper ever set. */
  async restore(): Promise<void> {
    for (const { router, keys } of this.touched.splice(0))
      await removeSimulatorState(router, keys).catch(() => undefined);
  }
}
