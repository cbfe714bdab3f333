// What one poll of one router saw: the VRRP groups, BGP peers, logical and physical interfaces it reports,
// indexed by their keys. The simulated MX keeps this operational state as configuration in the
// `simulator-state` container (urn:gohan-es:router-sim, docs/stack/routers.md), so ONE get-config
// on running with a subtree filter reads everything the collector needs from a router, whatever
// the number of resources. A real Junos is read with its operational RPCs instead (the junos
// device profile, junos-state.ts), into this same RouterSnapshot.
import { objectOf, textOf, toArray } from '@gohan-es/netconf';
import type { XmlObject, XmlValue } from '@gohan-es/netconf';
import type { BgpKey, VrrpKey } from './targets';

export const ROUTER_SIM_NAMESPACE = 'urn:gohan-es:router-sim';

/** The subtree filter of the one request per router and poll. */
export const SIMULATOR_STATE_FILTER = `<simulator-state xmlns="${ROUTER_SIM_NAMESPACE}"/>`;

export interface RouterSnapshot {
  /** `interface|unit|group` → MASTER | BACKUP | INIT | IDLE. */
  vrrp: ReadonlyMap<string, string>;
  /** `instance|neighbor` → Idle … Established. */
  bgp: ReadonlyMap<string, string>;
  /** logical interface name → up | down. */
  interfaces: ReadonlyMap<string, string>;
  /** physical interface name (ae0, ge-0/0/1) → up | down. */
  physical: ReadonlyMap<string, string>;
}

export const vrrpKey = (k: VrrpKey): string => `${k.interface}|${k.unit}|${Number(k.group)}`;
export const bgpKey = (k: BgpKey): string => `${k.instance}|${k.neighbor}`;

export function emptySnapshot(): RouterSnapshot {
  return { vrrp: new Map(), bgp: new Map(), interfaces: new Map(), physical: new Map() };
}

function entries(container: XmlObject, name: string): XmlObject[] {
  return toArray(container[name] as XmlValue | XmlValue[] | undefined).map((v) => objectOf(v));
}

const leaf = (entry: XmlObject, name: string): string => textOf(entry[name]).trim();

/**
 * The snapshot in a get-config reply's parsed <data> (namespace prefixes already stripped). An empty
 * state may come back as nothing, an empty container, or beside an empty <nacm>.
 */
export function parseSimulatorSnapshot(data: XmlObject): RouterSnapshot {
  const state = objectOf(data['simulator-state']);
  const vrrp = new Map<string, string>();
  for (const e of entries(state, 'vrrp-group')) {
    const group = Number(leaf(e, 'group'));
    if (!Number.isInteger(group)) continue;
    vrrp.set(vrrpKey({ interface: leaf(e, 'interface'), unit: leaf(e, 'unit'), group }), leaf(e, 'state'));
  }
  const bgp = new Map<string, string>();
  for (const e of entries(state, 'bgp-peer'))
    bgp.set(bgpKey({ instance: leaf(e, 'instance'), neighbor: leaf(e, 'neighbor') }), leaf(e, 'state'));
  const interfaces = new Map<string, string>();
  for (const e of entries(state, 'logical-interface'))
    interfaces.set(leaf(e, 'name'), leaf(e, 'oper-status'));
  const physical = new Map<string, string>();
  for (const e of entries(state, 'physical-interface')) physical.set(leaf(e, 'name'), leaf(e, 'oper-status'));
  return { vrrp, bgp, interfaces, physical };
}

/** The answer of one router for one poll. */
export type RouterView =
  | { status: 'ok'; router: string; snapshot: RouterSnapshot }
  /** Connection refused or timed out, session lost, RPC timed out: the router cannot be reached. */
  | { status: 'unreachable'; router: string; error: string }
  /** Reached but refused or unusable (authentication, host key, rpc-error, no endpoint). */
  | { status: 'error'; router: string; error: string };
