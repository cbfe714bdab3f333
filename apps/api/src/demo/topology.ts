// The demo topology: the fixture VPN flow (../shared/domain/vpn_flow_fixtures.json) with the edge
// routers on the local simulators. Steps 1–14 are the operator's inventory (seed.ts), 15–20 the
// tenant's VPN (flow.ts). References are written `@<key>` and resolved to the ids the API gave.
import { loadConfig } from '@gohan-es/config';
import type { PhysicalInterfaceStatus, RouterId } from '@gohan-es/router-sim';

// The local simulated routers (loopback only): MX1_ADDRESS, MX2_ADDRESS, ROUTER_SSH_PORT, ROUTER_LOGIN.
const SIMULATORS = loadConfig().routers;
const SIMULATOR_PASSWORD = process.env.ROUTER_PASSWORD ?? 'esi';

export interface DemoItem {
  /** Local name that `@key` references resolve to. */
  key: string;
  type: string;
  plural: string;
  /** Fixture step number. */
  step: number;
  /** Property (besides name) that scopes the name, e.g. the device of a port. */
  scope?: string;
  body: Record<string, unknown>;
}

const item = (
  step: number,
  key: string,
  type: string,
  plural: string,
  body: Record<string, unknown>,
  scope?: string,
): DemoItem => ({
  step,
  key,
  type,
  plural,
  body,
  ...(scope ? { scope } : {}),
});

/** Steps 1–14: ESE device and ports, the two MX routers, ha_router, interfaces, vpn_service, qos_option. */
export const INVENTORY: readonly DemoItem[] = [
  item(1, 'qfx', 'ese_device', 'ese_devices', {
    name: 'QFX-NW02',
    hostname: 'QFX-NW02',
    username: 'esi',
    password: 'esi',
    public_ip_address: '10.161.0.34',
    management_ip_address: '10.161.0.34',
    type: 'tor',
    existing: 'existing',
  }),
  ...(['xe-0/0/3', 'xe-0/0/4'] as const).map((name, i) =>
    item(
      2 + i,
      `ese-port-${i}`,
      'ese_physical_port',
      'ese_physical_ports',
      {
        name,
        ese_device_id: '@qfx',
        connected_port_id: '',
        connected_port_owner: 'mx_downlink',
      },
      'ese_device_id',
    ),
  ),
  // MX-2 (127.0.0.12) is the primary, MX-1 (127.0.0.11) the secondary, as in the fixture.
  item(4, 'mx2', 'edge_router', 'edge_routers', {
    name: 'vMX-router-02',
    description: 'MX80 #2',
    autonomous_system: '65101',
    ip: SIMULATORS.mx2.address,
    ssh_port: SIMULATORS.mx2.port,
    login: SIMULATORS.login,
    password: SIMULATOR_PASSWORD,
  }),
  item(5, 'mx1', 'edge_router', 'edge_routers', {
    name: 'vMX-router-01',
    description: 'MX80 #1',
    autonomous_system: '65101',
    ip: SIMULATORS.mx1.address,
    ssh_port: SIMULATORS.mx1.port,
    login: SIMULATORS.login,
    password: SIMULATOR_PASSWORD,
  }),
  item(6, 'ha', 'ha_router', 'ha_routers', {
    name: 'sample-ha-router',
    description: 'sample_ha_router',
    primary_router_id: '@mx2',
    secondary_router_id: '@mx1',
  }),
  item(
    7,
    'mx2-ge',
    'er_physical_interface',
    'er_physical_interfaces',
    { name: 'ge-0/0/1', device_id: '@mx2' },
    'device_id',
  ),
  item(
    8,
    'mx2-ae0',
    'er_physical_interface',
    'er_physical_interfaces',
    {
      name: 'ae0',
      device_id: '@mx2',
      connected_ese_port_id: '@ese-port-0',
    },
    'device_id',
  ),
  item(
    9,
    'mx1-ae0',
    'er_physical_interface',
    'er_physical_interfaces',
    {
      name: 'ae0',
      device_id: '@mx1',
      connected_ese_port_id: '@ese-port-1',
    },
    'device_id',
  ),
  item(
    10,
    'mx1-ge',
    'er_physical_interface',
    'er_physical_interfaces',
    { name: 'ge-0/0/1', device_id: '@mx1' },
    'device_id',
  ),
  item(
    11,
    'uplink',
    'ha_interface',
    'ha_interfaces',
    {
      name: 'sample-ha-router-uplink',
      ha_router_id: '@ha',
      link_type: 'uplink',
      primary_interface_id: '@mx2-ge',
      secondary_interface_id: '@mx1-ge',
    },
    'ha_router_id',
  ),
  item(
    12,
    'downlink',
    'ha_interface',
    'ha_interfaces',
    {
      name: 'sample-ha-router-downlink',
      ha_router_id: '@ha',
      link_type: 'downlink',
      primary_interface_id: '@mx2-ae0',
      secondary_interface_id: '@mx1-ae0',
      maximum_be_bandwidth: 500,
      maximum_ga_bandwidth: 500,
      restricted_vlans: '0-1024,4094',
    },
    'ha_router_id',
  ),
  item(13, 'service', 'vpn_service', 'vpn_services', {
    name: 'sample-vpn-service',
    zone: 'jp1-zone1',
    uplink_interfaces: ['@uplink'],
    downlink_interfaces: ['@downlink'],
    default_static_routes_per_gateway: 32,
    be_forwarding_class: 'FC-VPN-BE',
    ga_forwarding_class: 'FC-VPN-GA',
    neighbour_prefix: 'BGP-VIRTUAL-ROUTER-PEERS',
    primary_downlink_vrrp_config_group: 'VPNGW1-VRRP',
    primary_ebgp_config_group: 'VPNGW1-RI-EBGP',
    primary_ibgp_config_group: 'VPNGW1-RI-IBGP',
    secondary_downlink_vrrp_config_group: 'VPNGW2-VRRP',
    secondary_ebgp_config_group: 'VPNGW2-RI-EBGP',
    secondary_ibgp_config_group: 'VPNGW2-RI-IBGP',
  }),
  item(
    14,
    'qos',
    'qos_option',
    'qos_options',
    {
      name: '10Mbps-Guaranteed',
      vpn_service_id: '@service',
      service_type: 'vpn',
      qos_type: 'guarantee',
      bandwidth: '10',
      incoming_policer_name: '10M-GA-UP-VPN',
      incoming_policer_config:
        'action { loss-priority high then discard; } single-rate { color-blind; committed-information-rate 10m; committed-burst-size 187500000; excess-burst-size 187500000; }',
      outgoing_policer_name: '10M-GA-DOWN-VPN',
      outgoing_policer_config:
        'if-exceeding { bandwidth-limit 10m; burst-size-limit 187500000; } then discard;',
    },
    'vpn_service_id',
  ),
];

/** Steps 15–20: the tenant's vpn_gateway, vpn_interface, network, subnet, gw_interface, static_route. */
export const TENANT_FLOW: readonly DemoItem[] = [
  item(15, 'gateway', 'vpn_gateway', 'vpn_gateways', {
    name: 'sample-vpn-gateway',
    description: 'this resource is vpn-gateway',
    vpn_service_id: '@service',
    qos_option_id: '@qos',
    local_as_number: '65101',
    maximum_static_routes: 32,
    uplink_vlan_id: '122',
  }),
  item(16, 'vif', 'vpn_interface', 'vpn_interfaces', {
    name: 'sample-vpn-interface',
    description: 'Sample Vpn-interface',
    vpn_gw_id: '@gateway',
    bgp_md5: 'test',
    bgp_remote_as: '9598',
    primary: { bgp_peer_ip: '192.168.8.1', bgp_router_id: '192.168.8.2', ip_address: '192.168.8.2/30' },
    secondary: { bgp_peer_ip: '192.168.8.5', bgp_router_id: '192.168.8.6', ip_address: '192.168.8.6/30' },
  }),
  item(17, 'network', 'network', 'networks', {
    name: 'sample-network',
    description: 'Sample Network',
    plane: 'data',
    admin_state_up: true,
    tags: {},
  }),
  item(
    18,
    'subnet',
    'subnet',
    'subnets',
    {
      name: 'sample-subnet',
      description: 'Sample Subnet',
      network_id: '@network',
      ip_version: 4,
      cidr: '172.16.101.0/24',
      tags: {},
    },
    'network_id',
  ),
  item(19, 'gw', 'gw_interface', 'gw_interfaces', {
    name: 'sample-gw-interface',
    description: 'Sample Gw-interface',
    network_id: '@network',
    vpn_gw_id: '@gateway',
    service_type: 'vpn',
    vrid: 20,
    netmask: 24,
    gw_vipv4: '172.16.101.151',
    primary_ipv4: '172.16.101.152',
    secondary_ipv4: '172.16.101.153',
  }),
  item(20, 'route', 'static_route', 'static_routes', {
    name: 'sample-static-route',
    description: 'Sample Static-route',
    vpn_gw_id: '@gateway',
    service_type: 'vpn',
    destination: '192.168.0.0/24',
    nexthop: '172.16.101.1',
  }),
];

/** The keys the tenant flow references from the inventory (looked up by name). */
export const FLOW_PREREQUISITES: readonly DemoItem[] = INVENTORY.filter((i) =>
  ['service', 'qos'].includes(i.key),
);

/**
 * The physical interfaces of the inventory's er_physical_interfaces per simulated router (an edge
 * router item `mx1` / `mx2` is the simulator of that id), all up: what the demo sets in the routers'
 * simulator state so that the collector observes them UP, as in the seed's final shows.
 */
export function demoLinks(items: readonly DemoItem[] = INVENTORY): Map<RouterId, PhysicalInterfaceStatus[]> {
  const links = new Map<RouterId, PhysicalInterfaceStatus[]>();
  for (const i of items) {
    if (i.type !== 'er_physical_interface') continue;
    const router = String(i.body['device_id']).replace(/^@/, '');
    if (router !== 'mx1' && router !== 'mx2') throw new Error(`demo: ${i.key} is on no simulated router`);
    const list = links.get(router) ?? [];
    list.push({ name: String(i.body['name']), operStatus: 'up' });
    links.set(router, list);
  }
  return links;
}
