// One renderer per provisioned resource type: the Junos config fragment it contributes to one
// router (role), as a tree. Values and constants per DOMAIN.md §2.2 and §4.2 (template constants:
// descriptions CloudGW_vpn / vpn_gw, eBGP group CloudGW1, iBGP group inet-gw-group, VRRP priority
// 105 on the primary and 100 on the secondary, filter names "FILTER_" + policer name).
import type { GatewayView, Role, RouterView } from './graph';
import { configuration, container, entry, leaf, leafList, type ConfigNode, type ConfigTree } from './tree';

export const UPLINK_UNIT_DESCRIPTION = 'CloudGW_vpn';
export const DOWNLINK_UNIT_DESCRIPTION = 'vpn_gw';
export const VRF_INSTANCE_TYPE = 'virtual-router';
export const FILTER_PREFIX = 'FILTER_';
export const EBGP_GROUP = 'CloudGW1';
export const IBGP_GROUP = 'inet-gw-group';
export const VRRP_PRIORITY: Readonly<Record<Role, string>> = { primary: '105', secondary: '100' };

const other = (role: Role): Role => (role === 'primary' ? 'secondary' : 'primary');
/** The address part of "a.b.c.d/len". */
const hostOf = (cidr: string): string => cidr.split('/')[0];
/** A route destination as a prefix (a bare address is a /32). */
const asPrefix = (dest: string): string => (dest.includes('/') ? dest : `${dest}/32`);

const unitOn = (ifname: string, unit: string, ...children: ConfigNode[]): ConfigNode =>
  container('interfaces', entry('interface', ifname, entry('unit', unit, ...children)));
const inVrf = (gw: GatewayView, ...children: ConfigNode[]): ConfigNode =>
  container('routing-instances', entry('instance', gw.vpn_gateway.vrf_name, ...children));
const inet = (...children: ConfigNode[]): ConfigNode => container('family', container('inet', ...children));
const bgpGroup = (name: string, ...children: ConfigNode[]): ConfigNode =>
  container('protocols', container('bgp', entry('group', name, ...children)));

/** §2.2: uplink unit, downlink unit (VRRP apply-group, QoS filters) and the VRF holding both. */
export function renderVpnGateway(gw: GatewayView, role: Role): ConfigTree {
  const { uplink_vlan_id: up, downlink_vlan_id: down } = gw.vpn_gateway;
  const uplink = gw.uplink[role];
  const downlink = gw.downlink[role];
  return configuration(
    unitOn(uplink, up, leaf('description', UPLINK_UNIT_DESCRIPTION), leaf('vlan-id', up)),
    unitOn(
      downlink,
      down,
      leafList('apply-groups', gw.groups[role].vrrp),
      leaf('description', DOWNLINK_UNIT_DESCRIPTION),
      leaf('vlan-id', down),
      inet(
        container(
          'filter',
          container('input', leaf('filter-name', FILTER_PREFIX + gw.qos_option.incoming_policer_name)),
          container('output', leaf('filter-name', FILTER_PREFIX + gw.qos_option.outgoing_policer_name)),
        ),
      ),
    ),
    inVrf(
      gw,
      leaf('instance-type', VRF_INSTANCE_TYPE),
      entry('interface', `${uplink}.${up}`),
      entry('interface', `${downlink}.${down}`),
    ),
  );
}

/** §2.2: uplink address, VRF router-id and AS, eBGP group CloudGW1 with the MD5 key (a secret leaf). */
export function renderVpnInterface(
  view: Extract<RouterView, { type: 'vpn_interface' }>,
  role: Role,
): ConfigTree {
  const gw = view.gateway;
  const side = view.vpn_interface[role];
  return configuration(
    unitOn(gw.uplink[role], gw.vpn_gateway.uplink_vlan_id, inet(entry('address', side.ip_address))),
    inVrf(
      gw,
      container(
        'routing-options',
        leaf('router-id', side.bgp_router_id),
        container('autonomous-system', leaf('as-number', gw.vpn_gateway.local_as_number)),
      ),
      bgpGroup(
        EBGP_GROUP,
        leafList('apply-groups', gw.groups[role].ebgp),
        leaf('local-address', hostOf(side.ip_address)),
        leaf('peer-as', view.vpn_interface.bgp_remote_as),
        entry('neighbor', side.bgp_peer_ip, leaf('authentication-key', view.vpn_interface.bgp_md5)),
      ),
    ),
  );
}

/** §4.1: own address with the VRRP group on the downlink unit; iBGP group to the other router. */
export function renderGwInterface(
  view: Extract<RouterView, { type: 'gw_interface' }>,
  role: Role,
): ConfigTree {
  const gw = view.gateway;
  const g = view.gw_interface;
  const ip = (r: Role): string => (r === 'primary' ? g.primary_ipv4 : g.secondary_ipv4);
  return configuration(
    unitOn(
      gw.downlink[role],
      gw.vpn_gateway.downlink_vlan_id,
      inet(
        entry(
          'address',
          `${ip(role)}/${g.netmask}`,
          entry(
            'vrrp-group',
            String(g.vrid),
            leafList('virtual-address', g.gw_vipv4),
            leaf('priority', VRRP_PRIORITY[role]),
          ),
        ),
      ),
    ),
    inVrf(
      gw,
      bgpGroup(
        IBGP_GROUP,
        leafList('apply-groups', gw.groups[role].ibgp),
        leaf('local-address', ip(role)),
        leaf('peer-as', gw.vpn_gateway.local_as_number),
        entry('neighbor', ip(other(role))),
      ),
    ),
  );
}

/** §2.2: a static route in the gateway's VRF (same on both routers). */
export function renderStaticRoute(view: Extract<RouterView, { type: 'static_route' }>): ConfigTree {
  const { destination, nexthop } = view.static_route;
  return configuration(
    inVrf(
      view.gateway,
      container(
        'routing-options',
        container('static', entry('route', asPrefix(destination), leafList('next-hop', nexthop))),
      ),
    ),
  );
}

/** The fragment a resource contributes to the router with `role`. */
export function renderFragment(view: RouterView, role: Role): ConfigTree {
  switch (view.type) {
    case 'vpn_gateway':
      return renderVpnGateway(view.gateway, role);
    case 'vpn_interface':
      return renderVpnInterface(view, role);
    case 'gw_interface':
      return renderGwInterface(view, role);
    case 'static_route':
      return renderStaticRoute(view);
  }
}
