// The simulated router state that makes a lab's targets report what a test wants: for every target,
// its VRRP group / logical interface / BGP peer on each router, with the state chosen per side, and
// the physical interface of every er_physical_interface on its router, chosen per resource id
// (null = leave the entry out: "not found"). The shape is router-sim's SimulatorState, so the result
// goes straight to setSimulatorState / removeSimulatorState.
import type { Side, Target } from './targets';

export interface SimStateEntries {
  vrrpGroups: { interface: string; unit: string; group: number; state: string }[];
  bgpPeers: { instance: string; neighbor: string; state: string }[];
  logicalInterfaces: { name: string; operStatus: string }[];
  physicalInterfaces: { name: string; operStatus: string }[];
}

export interface SimStateSpec {
  vrrp?: Partial<Record<Side, string | null>>;
  interfaces?: Partial<Record<Side, string | null>>;
  bgp?: Partial<Record<Side, string | null>>;
  /** er_physical_interface id → oper-status of its physical interface (default up). */
  physical?: Readonly<Record<string, string | null>>;
}

const DEFAULTS = {
  vrrp: { primary: 'MASTER', secondary: 'BACKUP' },
  interfaces: { primary: 'up', secondary: 'up' },
  bgp: { primary: 'Established', secondary: 'Established' },
} as const;

/** edge_router id → the entries to set on that router. */
export function simulatorStateFor(
  targets: readonly Target[],
  spec: SimStateSpec = {},
): Map<string, SimStateEntries> {
  const out = new Map<string, SimStateEntries>();
  const seen = new Set<string>();
  const of = (router: string): SimStateEntries => {
    let entries = out.get(router);
    if (!entries)
      out.set(
        router,
        (entries = { vrrpGroups: [], bgpPeers: [], logicalInterfaces: [], physicalInterfaces: [] }),
      );
    return entries;
  };
  const pick = (kind: keyof typeof DEFAULTS, side: Side): string | null => {
    const chosen = spec[kind]?.[side];
    return chosen === undefined ? DEFAULTS[kind][side] : chosen;
  };
  const once = (key: string): boolean => (seen.has(key) ? false : (seen.add(key), true));
  for (const t of targets) {
    if (t.rule === 'physical-interface') {
      const chosen = spec.physical?.[t.id];
      const status = chosen === undefined ? 'up' : chosen;
      if (status !== null && once(`p|${t.router}|${t.name}`))
        of(t.router).physicalInterfaces.push({ name: t.name, operStatus: status });
      continue;
    }
    for (const side of ['primary', 'secondary'] as const) {
      if (t.rule === 'vrrp-pair') {
        const state = pick('vrrp', side);
        const k = t.vrrp[side];
        if (state !== null && once(`v|${t.routers[side]}|${k.interface}|${k.unit}|${k.group}`))
          of(t.routers[side]).vrrpGroups.push({ ...k, state });
      } else if (t.rule === 'bgp-pair') {
        const state = pick('bgp', side);
        const k = t.bgp[side];
        if (state !== null && once(`b|${t.routers[side]}|${k.instance}|${k.neighbor}`))
          of(t.routers[side]).bgpPeers.push({ ...k, state });
      } else if (t.rule === 'logical-interface' && t.side === side) {
        const status = pick('interfaces', side);
        if (status !== null && once(`l|${t.router}|${t.name}`))
          of(t.router).logicalInterfaces.push({ name: t.name, operStatus: status });
      }
    }
  }
  return out;
}
