// The mapping rules (DOMAIN.md §10.4–§10.5 and the decisions in docs/collector.md): what the routers
// reported for a target → operational_state UP | DOWN | FAIL plus the facts that explain it. Pure.
//
//   gw_interface (VRRP on both routers)  exactly one MASTER and one BACKUP → UP (either way round;
//                                        `master` says which side, so a failover shows);
//                                        both answering otherwise (no MASTER, two MASTERs, INIT,
//                                        IDLE) → DOWN; a router unreachable or the group missing → FAIL
//   port / ese_logical_port              its side's logical interface: up → UP, down → DOWN,
//                                        router unreachable or unit missing → FAIL
//   vpn_interface (eBGP on both routers) both peers Established → UP; a router unreachable or a
//                                        peer missing → FAIL; otherwise (a peer not Established) DOWN
//   edge_router                          answers → UP; unreachable → DOWN; reached but refused
//                                        (authentication, host key, rpc-error) → FAIL
//   er_physical_interface                its interface on its router: up → UP, down → DOWN,
//                                        router unreachable / refusing or interface missing → FAIL
//   unresolvable target                  FAIL (the reason names what is missing)
// FAIL always wins: it means "could not determine" (§5.3), so no DOWN is claimed on half the facts.
import type { Json, ObservedState } from '@gohan-es/domain';
import { bgpKey, vrrpKey } from './snapshot';
import type { RouterView } from './snapshot';
import type { Side, Target } from './targets';
import { SIDES } from './targets';

export type Master = 'primary' | 'secondary' | 'both' | null;

/** The outcome of the rules for one target: the state and the facts of the status detail. */
export interface Assessment {
  state: ObservedState;
  /** VRRP pairs: which side is MASTER (null when none, or not a VRRP target). */
  master: Master;
  /** Per router role (primary / secondary / self): its name and what it reported. */
  routers: { [role: string]: { [key: string]: Json } };
  /** Why the state is not UP (null when UP). Stable text: no error messages or times. */
  reason: string | null;
}

export const UNREACHABLE = 'UNREACHABLE';
export const ERROR = 'ERROR';
export const MISSING = 'MISSING';

export type ViewOf = (routerId: string) => RouterView;

/** The value a router reported for a key, or UNREACHABLE / ERROR / MISSING. */
function reported(
  view: RouterView,
  pick: (v: Extract<RouterView, { status: 'ok' }>) => string | undefined,
): string {
  if (view.status === 'unreachable') return UNREACHABLE;
  if (view.status === 'error') return ERROR;
  return pick(view) ?? MISSING;
}

function unknownReason(side: string, router: string, value: string, what: string): string | null {
  if (value === UNREACHABLE) return `${side} router ${router} unreachable`;
  if (value === ERROR) return `${side} router ${router} refused the poll`;
  if (value === MISSING) return `${what} not found on ${side} router ${router}`;
  return null;
}

function assessVrrp(target: Extract<Target, { rule: 'vrrp-pair' }>, viewOf: ViewOf): Assessment {
  const routers: Assessment['routers'] = {};
  const states = {} as Record<Side, string>;
  const reasons: string[] = [];
  for (const side of SIDES) {
    const view = viewOf(target.routers[side]);
    const key = target.vrrp[side];
    const state = reported(view, (v) => v.snapshot.vrrp.get(vrrpKey(key)));
    states[side] = state;
    routers[side] = {
      router: view.router,
      interface: `${key.interface}.${key.unit}`,
      group: key.group,
      vrrp: state,
    };
    const why = unknownReason(
      side,
      view.router,
      state,
      `VRRP group ${key.group} on ${key.interface}.${key.unit}`,
    );
    if (why) reasons.push(why);
  }
  const masters = SIDES.filter((s) => states[s] === 'MASTER');
  const master: Master = masters.length === 2 ? 'both' : (masters[0] ?? null);
  if (reasons.length > 0) return { state: 'FAIL', master, routers, reason: reasons.join('; ') };
  const backups = SIDES.filter((s) => states[s] === 'BACKUP');
  if (masters.length === 1 && backups.length === 1) return { state: 'UP', master, routers, reason: null };
  const other: Side = masters[0] === 'primary' ? 'secondary' : 'primary';
  const reason =
    masters.length === 0
      ? `no MASTER (primary ${states.primary}, secondary ${states.secondary})`
      : masters.length === 2
        ? 'two MASTERs'
        : `no BACKUP (${other} ${states[other]})`;
  return { state: 'DOWN', master, routers, reason };
}

function assessInterface(target: Extract<Target, { rule: 'logical-interface' }>, viewOf: ViewOf): Assessment {
  const view = viewOf(target.router);
  const status = reported(view, (v) => v.snapshot.interfaces.get(target.name));
  const routers = { [target.side]: { router: view.router, interface: target.name, oper_status: status } };
  const why = unknownReason(target.side, view.router, status, `logical interface ${target.name}`);
  if (why) return { state: 'FAIL', master: null, routers, reason: why };
  if (status === 'up') return { state: 'UP', master: null, routers, reason: null };
  return { state: 'DOWN', master: null, routers, reason: `${target.name} is ${status}` };
}

function assessBgp(target: Extract<Target, { rule: 'bgp-pair' }>, viewOf: ViewOf): Assessment {
  const routers: Assessment['routers'] = {};
  const reasons: string[] = [];
  const notUp: string[] = [];
  for (const side of SIDES) {
    const view = viewOf(target.routers[side]);
    const key = target.bgp[side];
    const state = reported(view, (v) => v.snapshot.bgp.get(bgpKey(key)));
    routers[side] = { router: view.router, instance: key.instance, neighbor: key.neighbor, bgp: state };
    const why = unknownReason(side, view.router, state, `BGP peer ${key.neighbor} in ${key.instance}`);
    if (why) reasons.push(why);
    else if (state !== 'Established') notUp.push(`${side} peer ${key.neighbor} ${state}`);
  }
  if (reasons.length > 0) return { state: 'FAIL', master: null, routers, reason: reasons.join('; ') };
  if (notUp.length > 0) return { state: 'DOWN', master: null, routers, reason: notUp.join('; ') };
  return { state: 'UP', master: null, routers, reason: null };
}

function assessReachability(target: Extract<Target, { rule: 'reachability' }>, viewOf: ViewOf): Assessment {
  const view = viewOf(target.router);
  const reach = view.status === 'ok' ? 'REACHABLE' : view.status === 'unreachable' ? UNREACHABLE : ERROR;
  const routers = { self: { router: view.router, reachability: reach } };
  if (view.status === 'ok') return { state: 'UP', master: null, routers, reason: null };
  if (view.status === 'unreachable')
    return { state: 'DOWN', master: null, routers, reason: `router ${view.router} unreachable` };
  return { state: 'FAIL', master: null, routers, reason: `router ${view.router} refused the poll` };
}

function assessPhysical(target: Extract<Target, { rule: 'physical-interface' }>, viewOf: ViewOf): Assessment {
  const view = viewOf(target.router);
  const status = reported(view, (v) => v.snapshot.physical.get(target.name));
  const routers = { self: { router: view.router, interface: target.name, oper_status: status } };
  const why =
    status === UNREACHABLE
      ? `router ${view.router} unreachable`
      : status === ERROR
        ? `router ${view.router} refused the poll`
        : status === MISSING
          ? `physical interface ${target.name} not found on router ${view.router}`
          : null;
  if (why) return { state: 'FAIL', master: null, routers, reason: why };
  if (status === 'up') return { state: 'UP', master: null, routers, reason: null };
  return { state: 'DOWN', master: null, routers, reason: `${target.name} is ${status}` };
}

/** Applies the rule of the target to what its routers reported. */
export function assess(target: Target, viewOf: ViewOf): Assessment {
  switch (target.rule) {
    case 'vrrp-pair':
      return assessVrrp(target, viewOf);
    case 'logical-interface':
      return assessInterface(target, viewOf);
    case 'bgp-pair':
      return assessBgp(target, viewOf);
    case 'reachability':
      return assessReachability(target, viewOf);
    case 'physical-interface':
      return assessPhysical(target, viewOf);
    case 'unresolved':
      return { state: 'FAIL', master: null, routers: {}, reason: target.reason };
  }
}
