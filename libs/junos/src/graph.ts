// The router view: for one provisioned resource, the resolved part of the resource graph its Junos
// config depends on (DOMAIN.md §2.1, §4.2): the vpn_gateway with its vpn_service (apply-group
// names), qos_option (filter names), uplink/downlink ha_interfaces resolved to the er_physical_
// interface names per role, and the ha_router's two edge_routers. Primary/secondary is purely
// ha_router.primary_router_id / secondary_router_id. resolveGraph builds it from a lookup.
import type { ResourceBody } from '@gohan-es/domain';

export type Role = 'primary' | 'secondary';
export const ROLES: readonly Role[] = ['primary', 'secondary'];

/** Finds a resource body by type and id (e.g. over the decider's write model). */
export type ResourceLookup = (type: string, id: string) => ResourceBody | undefined;

export interface EdgeRouterView {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
}
export interface RouterPairView {
  readonly ha_router_id: string;
  readonly primary: EdgeRouterView;
  readonly secondary: EdgeRouterView;
}
/** An ha_interface with the physical interface name on each router. */
export interface LinkView {
  readonly ha_interface_id: string;
  readonly primary: string;
  readonly secondary: string;
}
export interface GroupNames {
  readonly vrrp: string;
  readonly ibgp: string;
  readonly ebgp: string;
}
export interface GatewayView {
  readonly vpn_gateway: {
    readonly id: string;
    readonly vrf_name: string;
    readonly uplink_vlan_id: string;
    readonly downlink_vlan_id: string;
    readonly local_as_number: string;
  };
  /** vpn_service.<role>_downlink_vrrp / _ibgp / _ebgp _config_group. */
  readonly groups: { readonly vpn_service_id: string } & Readonly<Record<Role, GroupNames>>;
  readonly qos_option: {
    readonly id: string;
    readonly incoming_policer_name: string;
    readonly outgoing_policer_name: string;
  };
  readonly uplink: LinkView;
  readonly downlink: LinkView;
  readonly routers: RouterPairView;
}
export interface VpnInterfaceSide {
  readonly bgp_peer_ip: string;
  readonly bgp_router_id: string;
  /** Address with prefix length, e.g. 192.168.8.6/30. */
  readonly ip_address: string;
}

export type RouterView =
  | { readonly type: 'vpn_gateway'; readonly id: string; readonly gateway: GatewayView }
  | {
      readonly type: 'vpn_interface';
      readonly id: string;
      readonly gateway: GatewayView;
      readonly vpn_interface: Readonly<Record<Role, VpnInterfaceSide>> & {
        readonly bgp_remote_as: string;
        /** Clear text: the device needs it; every rendering for display masks it. */
        readonly bgp_md5: string;
      };
    }
  | {
      readonly type: 'gw_interface';
      readonly id: string;
      readonly gateway: GatewayView;
      readonly gw_interface: {
        readonly vrid: number;
        readonly gw_vipv4: string;
        readonly primary_ipv4: string;
        readonly secondary_ipv4: string;
        readonly netmask: number;
      };
    }
  | {
      readonly type: 'static_route';
      readonly id: string;
      readonly gateway: GatewayView;
      readonly static_route: { readonly destination: string; readonly nexthop: string };
    };

export type RenderedType = RouterView['type'];
/** Resource types with router config, in the order their config builds on each other. */
export const RENDERED_TYPES: readonly RenderedType[] = [
  'vpn_gateway',
  'vpn_interface',
  'gw_interface',
  'static_route',
];
export const isRenderedType = (type: string): type is RenderedType =>
  (RENDERED_TYPES as readonly string[]).includes(type);

export class GraphResolutionError extends Error {
  override readonly name = 'GraphResolutionError';
}

class Resolver {
  constructor(private readonly lookup: ResourceLookup) {}

  get(type: string, id: string, from: string): ResourceBody {
    const body = this.lookup(type, id);
    if (body === undefined) throw new GraphResolutionError(`${from}: ${type} ${id} not found`);
    return body;
  }

  str(body: ResourceBody, field: string, what: string): string {
    const v = body[field];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
    throw new GraphResolutionError(`${what}: ${field} is missing`);
  }

  int(body: ResourceBody, field: string, what: string): number {
    const v = body[field];
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw new GraphResolutionError(`${what}: ${field} is not an integer`);
  }

  link(haInterfaceId: string, routers: RouterPairView, from: string): LinkView {
    const ha = this.get('ha_interface', haInterfaceId, from);
    const what = `ha_interface ${haInterfaceId}`;
    if (this.str(ha, 'ha_router_id', what) !== routers.ha_router_id)
      throw new GraphResolutionError(`${what} belongs to another ha_router than the gateway's downlink`);
    const side = (role: Role): string => {
      const id = this.str(ha, `${role}_interface_id`, what);
      const er = this.get('er_physical_interface', id, what);
      if (this.str(er, 'device_id', `er_physical_interface ${id}`) !== routers[role].id)
        throw new GraphResolutionError(
          `er_physical_interface ${id} is not on the ${role} router of ha_router ${routers.ha_router_id}`,
        );
      return this.str(er, 'name', `er_physical_interface ${id}`);
    };
    return { ha_interface_id: haInterfaceId, primary: side('primary'), secondary: side('secondary') };
  }

  routers(haRouterId: string, from: string): RouterPairView {
    const ha = this.get('ha_router', haRouterId, from);
    const edge = (role: Role): EdgeRouterView => {
      const id = this.str(ha, `${role}_router_id`, `ha_router ${haRouterId}`);
      const er = this.get('edge_router', id, `ha_router ${haRouterId}`);
      return {
        id,
        name: typeof er.name === 'string' ? er.name : '',
        ip: this.str(er, 'ip', `edge_router ${id}`),
      };
    };
    return { ha_router_id: haRouterId, primary: edge('primary'), secondary: edge('secondary') };
  }

  gateway(id: string, from: string): GatewayView {
    const gw = this.get('vpn_gateway', id, from);
    const what = `vpn_gateway ${id}`;
    const downlinkId = this.str(gw, 'downlink_interface_id', what);
    const downlinkHa = this.get('ha_interface', downlinkId, what);
    const routers = this.routers(this.str(downlinkHa, 'ha_router_id', `ha_interface ${downlinkId}`), what);
    const serviceId = this.str(gw, 'vpn_service_id', what);
    const svc = this.get('vpn_service', serviceId, what);
    const group = (role: Role): GroupNames => ({
      vrrp: this.str(svc, `${role}_downlink_vrrp_config_group`, `vpn_service ${serviceId}`),
      ibgp: this.str(svc, `${role}_ibgp_config_group`, `vpn_service ${serviceId}`),
      ebgp: this.str(svc, `${role}_ebgp_config_group`, `vpn_service ${serviceId}`),
    });
    const qosId = this.str(gw, 'qos_option_id', what);
    const qos = this.get('qos_option', qosId, what);
    return {
      vpn_gateway: {
        id,
        vrf_name: this.str(gw, 'vrf_name', what),
        uplink_vlan_id: this.str(gw, 'uplink_vlan_id', what),
        downlink_vlan_id: this.str(gw, 'downlink_vlan_id', what),
        local_as_number: this.str(gw, 'local_as_number', what),
      },
      groups: { vpn_service_id: serviceId, primary: group('primary'), secondary: group('secondary') },
      qos_option: {
        id: qosId,
        incoming_policer_name: this.str(qos, 'incoming_policer_name', `qos_option ${qosId}`),
        outgoing_policer_name: this.str(qos, 'outgoing_policer_name', `qos_option ${qosId}`),
      },
      uplink: this.link(this.str(gw, 'uplink_interface_id', what), routers, what),
      downlink: this.link(downlinkId, routers, what),
      routers,
    };
  }

  side(body: ResourceBody, role: Role, what: string): VpnInterfaceSide {
    const v = body[role];
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new GraphResolutionError(`${what}: ${role} is missing`);
    return {
      bgp_peer_ip: this.str(v, 'bgp_peer_ip', `${what} ${role}`),
      bgp_router_id: this.str(v, 'bgp_router_id', `${what} ${role}`),
      ip_address: this.str(v, 'ip_address', `${what} ${role}`),
    };
  }

  vpnGatewayOf(body: ResourceBody, what: string): GatewayView {
    const st = body.service_type;
    if (st !== undefined && st !== 'vpn')
      throw new GraphResolutionError(`${what}: service_type ${String(st)} has no router config (only vpn)`);
    return this.gateway(this.str(body, 'vpn_gw_id', what), what);
  }
}

/**
 * The router view of one resource. Undefined for types without router config (inventory,
 * networks, ports); a GraphResolutionError when a referenced resource or a derived field is missing.
 */
export function resolveGraph(lookup: ResourceLookup, type: string, id: string): RouterView | undefined {
  if (!isRenderedType(type)) return undefined;
  const r = new Resolver(lookup);
  const what = `${type} ${id}`;
  const body = r.get(type, id, 'resolveGraph');
  switch (type) {
    case 'vpn_gateway':
      return { type, id, gateway: r.gateway(id, 'resolveGraph') };
    case 'vpn_interface':
      return {
        type,
        id,
        gateway: r.vpnGatewayOf(body, what),
        vpn_interface: {
          primary: r.side(body, 'primary', what),
          secondary: r.side(body, 'secondary', what),
          bgp_remote_as: r.str(body, 'bgp_remote_as', what),
          bgp_md5: r.str(body, 'bgp_md5', what),
        },
      };
    case 'gw_interface':
      return {
        type,
        id,
        gateway: r.vpnGatewayOf(body, what),
        gw_interface: {
          vrid: r.int(body, 'vrid', what),
          gw_vipv4: r.str(body, 'gw_vipv4', what),
          primary_ipv4: r.str(body, 'primary_ipv4', what),
          secondary_ipv4: r.str(body, 'secondary_ipv4', what),
          netmask: r.int(body, 'netmask', what),
        },
      };
    case 'static_route':
      return {
        type,
        id,
        gateway: r.vpnGatewayOf(body, what),
        static_route: {
          destination: r.str(body, 'destination', what),
          nexthop: r.str(body, 'nexthop', what),
        },
      };
  }
}

/** The role of `routerId` (an edge_router id) for this view, or undefined if it is on neither router. */
export function roleOf(view: RouterView, routerId: string): Role | undefined {
  const { primary, secondary } = view.gateway.routers;
  return routerId === primary.id ? 'primary' : routerId === secondary.id ? 'secondary' : undefined;
}
