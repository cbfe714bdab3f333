// What the collector watches (DOMAIN.md §5.3, §10.4–§10.5), derived from the write model that the
// domain events build: one target per monitored resource (gw_interface, the ports and
// ese_logical_ports of a gw_interface, vpn_interface, edge_router, er_physical_interface), naming the
// routers to ask and the keys to look up there. Pure: the model in, targets out. A resource being deleted is not watched
// (its observations could never apply: its config version waits for the delete).
//
//   gw_interface      VRRP group `vrid` on `<downlink if>.<vlan>` of both routers of its vpn_gateway
//   ese_logical_port  the logical interface of its side: A (ESE port cabled to the primary router's
//   port               downlink) ↔ primary `<downlink if>.<vlan>`, B ↔ the secondary's (a port follows
//                      its ese_logical_port)
//   vpn_interface     the eBGP peer `primary.bgp_peer_ip` on the primary router and
//                      `secondary.bgp_peer_ip` on the secondary, in the vpn_gateway's VRF
//   edge_router       the router itself (reachability)
//   er_physical_interface  the physical interface `name` (ae0, ge-0/0/1) on its router (`device_id`)
import { getResource, isMonitoredResource, listResources, schemaById } from '@gohan-es/domain';
import type { ResourceRecord, WriteModel } from '@gohan-es/domain';

export type Side = 'primary' | 'secondary';
export const SIDES: readonly Side[] = ['primary', 'secondary'];

export interface VrrpKey {
  interface: string;
  unit: string;
  group: number;
}

export interface BgpKey {
  instance: string;
  neighbor: string;
}

export interface ResourceRef {
  resource_type: string;
  id: string;
  tenant_id: string;
  parent?: { aggregate_type: string; aggregate_id: string };
}

interface TargetBase extends ResourceRef {
  /** The config version the observations of this target belong to. */
  config_version: number;
}

/** `routers` hold edge_router ids. */
export type Target =
  | (TargetBase & { rule: 'vrrp-pair'; routers: Record<Side, string>; vrrp: Record<Side, VrrpKey> })
  | (TargetBase & { rule: 'logical-interface'; side: Side; router: string; name: string })
  | (TargetBase & { rule: 'bgp-pair'; routers: Record<Side, string>; bgp: Record<Side, BgpKey> })
  | (TargetBase & { rule: 'reachability'; router: string })
  | (TargetBase & { rule: 'physical-interface'; router: string; name: string })
  | (TargetBase & { rule: 'unresolved'; reason: string });

export const MONITORED_TYPES = [
  'edge_router',
  'er_physical_interface',
  'gw_interface',
  'ese_logical_port',
  'port',
  'vpn_interface',
] as const;

class Unresolved extends Error {}

function need(model: WriteModel, type: string, id: unknown, what: string): ResourceRecord {
  const record = typeof id === 'string' ? getResource(model, type, id) : undefined;
  if (record === undefined) throw new Unresolved(`${what}: ${type} ${String(id)} not found`);
  return record;
}

/** `ae0.1025` → interface `ae0`, unit `1025`. */
export function splitLogicalName(name: string): { interface: string; unit: string } | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  return { interface: name.slice(0, dot), unit: name.slice(dot + 1) };
}

interface SideInfo {
  router: string;
  logicalName: string;
  esePortId: string | null;
}

/** The two sides of an ha_interface as a vpn_gateway uses them (its VLAN on each router's interface). */
function pairOf(
  model: WriteModel,
  gateway: ResourceRecord,
  link: 'downlink' | 'uplink',
): Record<Side, SideInfo> {
  const ha = need(model, 'ha_interface', gateway.body[`${link}_interface_id`], `vpn_gateway ${gateway.id}`);
  const vlan = gateway.body[`${link}_vlan_id`];
  const side = (s: Side): SideInfo => {
    const iface = need(model, 'er_physical_interface', ha.body[`${s}_interface_id`], `ha_interface ${ha.id}`);
    const derived = gateway.body[`${s}_logical_${link}_interface_name`];
    const logicalName =
      typeof derived === 'string' && derived !== ''
        ? derived
        : `${String(iface.body['name'])}.${String(vlan)}`;
    const router = iface.body['device_id'];
    if (typeof router !== 'string')
      throw new Unresolved(`er_physical_interface ${iface.id} has no device_id`);
    const ese = iface.body['connected_ese_port_id'];
    return { router, logicalName, esePortId: typeof ese === 'string' ? ese : null };
  };
  return { primary: side('primary'), secondary: side('secondary') };
}

function gatewayOf(model: WriteModel, id: unknown, what: string): ResourceRecord {
  return need(model, 'vpn_gateway', id, what);
}

type Resolved =
  | Omit<Extract<Target, { rule: 'vrrp-pair' }>, keyof TargetBase>
  | Omit<Extract<Target, { rule: 'logical-interface' }>, keyof TargetBase>
  | Omit<Extract<Target, { rule: 'bgp-pair' }>, keyof TargetBase>
  | Omit<Extract<Target, { rule: 'reachability' }>, keyof TargetBase>
  | Omit<Extract<Target, { rule: 'physical-interface' }>, keyof TargetBase>;

function gwInterfaceRule(model: WriteModel, gw: ResourceRecord): Resolved {
  const gateway = gatewayOf(model, gw.body['vpn_gw_id'], `gw_interface ${gw.id}`);
  const pair = pairOf(model, gateway, 'downlink');
  const key = (s: Side): VrrpKey => {
    const split = splitLogicalName(pair[s].logicalName);
    if (!split) throw new Unresolved(`bad logical interface name ${pair[s].logicalName}`);
    return { ...split, group: Number(gw.body['vrid']) };
  };
  return {
    rule: 'vrrp-pair',
    routers: { primary: pair.primary.router, secondary: pair.secondary.router },
    vrrp: { primary: key('primary'), secondary: key('secondary') },
  };
}

function elpRule(model: WriteModel, elp: ResourceRecord): Resolved {
  const gw = need(model, 'gw_interface', elp.body['gw_interface_id'], `ese_logical_port ${elp.id}`);
  const gateway = gatewayOf(model, gw.body['vpn_gw_id'], `gw_interface ${gw.id}`);
  const pair = pairOf(model, gateway, 'downlink');
  const side = SIDES.find((s) => pair[s].esePortId === elp.body['ese_physical_port_id']);
  if (side === undefined)
    throw new Unresolved(
      `ese_physical_port ${String(elp.body['ese_physical_port_id'])} is cabled to neither router`,
    );
  return { rule: 'logical-interface', side, router: pair[side].router, name: pair[side].logicalName };
}

function portRule(model: WriteModel, port: ResourceRecord): Resolved {
  const elp = need(model, 'ese_logical_port', port.body['ese_logical_port_id'], `port ${port.id}`);
  return elpRule(model, elp);
}

function vpnInterfaceRule(model: WriteModel, vi: ResourceRecord): Resolved {
  const gateway = gatewayOf(model, vi.body['vpn_gw_id'], `vpn_interface ${vi.id}`);
  const pair = pairOf(model, gateway, 'uplink');
  const instance = String(gateway.body['vrf_name'] ?? '');
  if (instance === '') throw new Unresolved(`vpn_gateway ${gateway.id} has no vrf_name`);
  const peer = (s: Side): BgpKey => {
    const side = vi.body[s] as { bgp_peer_ip?: unknown } | null | undefined;
    if (typeof side?.bgp_peer_ip !== 'string')
      throw new Unresolved(`vpn_interface ${vi.id} has no ${s}.bgp_peer_ip`);
    return { instance, neighbor: side.bgp_peer_ip };
  };
  return {
    rule: 'bgp-pair',
    routers: { primary: pair.primary.router, secondary: pair.secondary.router },
    bgp: { primary: peer('primary'), secondary: peer('secondary') },
  };
}

function physicalInterfaceRule(model: WriteModel, iface: ResourceRecord): Resolved {
  const router = need(model, 'edge_router', iface.body['device_id'], `er_physical_interface ${iface.id}`);
  const name = iface.body['name'];
  if (typeof name !== 'string' || name === '')
    throw new Unresolved(`er_physical_interface ${iface.id} has no name`);
  return { rule: 'physical-interface', router: router.id, name };
}

const RULES: Readonly<
  Record<(typeof MONITORED_TYPES)[number], (m: WriteModel, r: ResourceRecord) => Resolved>
> = {
  edge_router: (_m, r) => ({ rule: 'reachability', router: r.id }),
  er_physical_interface: physicalInterfaceRule,
  gw_interface: gwInterfaceRule,
  ese_logical_port: elpRule,
  port: portRule,
  vpn_interface: vpnInterfaceRule,
};

/** The target of one record, or undefined when it is not monitored (or being deleted). */
export function targetOf(model: WriteModel, record: ResourceRecord): Target | undefined {
  const schema = schemaById(record.resource_type);
  const rule = RULES[record.resource_type as keyof typeof RULES];
  if (schema === undefined || rule === undefined || record.marked_for_deletion) return undefined;
  if (!isMonitoredResource(schema, record.body)) return undefined;
  const base: TargetBase = {
    resource_type: record.resource_type,
    id: record.id,
    tenant_id: record.tenant_id,
    config_version: record.version,
    ...(record.parent ? { parent: { ...record.parent } } : {}),
  };
  try {
    return { ...base, ...rule(model, record) } as Target;
  } catch (error) {
    if (error instanceof Unresolved) return { ...base, rule: 'unresolved', reason: error.message };
    throw error;
  }
}

/** Every monitored resource of the model, in a stable order (type, then id). */
export function monitoringTargets(model: WriteModel): Target[] {
  const out: Target[] = [];
  for (const type of MONITORED_TYPES) {
    const records = listResources(model, type).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const record of records) {
      const target = targetOf(model, record);
      if (target) out.push(target);
    }
  }
  return out;
}

/** The edge_router ids a target asks. */
export function routersOf(target: Target): string[] {
  switch (target.rule) {
    case 'vrrp-pair':
    case 'bgp-pair':
      return [target.routers.primary, target.routers.secondary];
    case 'logical-interface':
    case 'reachability':
    case 'physical-interface':
      return [target.router];
    case 'unresolved':
      return [];
  }
}

export const targetKey = (t: { resource_type: string; id: string }): string => `${t.resource_type}/${t.id}`;
