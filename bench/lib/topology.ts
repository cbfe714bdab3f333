// The capacity the API benchmark needs, built through the API: one ha_router raised to 100,000
// gateways, `downlinks` downlink ha_interfaces with every VLAN free (4,094 each) and unlimited
// guaranteed bandwidth, `uplinks` uplink ha_interfaces (a gateway takes an uplink VLAN too), the
// vpn_service over all of them and a 10 Mbps guaranteed qos_option. Tenant side (demo_token):
// vpn_gateways, and networks with a /16 subnet each holding up to 250 gw_interfaces (vrid 1–250).
import type { BenchClient, Reply } from './http';
import { pool } from './http';

export const PER_NETWORK = 250;
const VLANS_PER_INTERFACE = 4094;

async function create(
  client: BenchClient,
  token: string,
  plural: string,
  singular: string,
  body: object,
): Promise<string> {
  const res: Reply = await client.request('POST', `/v2.0/${plural}`, token, { [singular]: body });
  if (res.status !== 201) throw new Error(`POST /v2.0/${plural}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json[singular].id as string;
}

export interface Inventory {
  serviceId: string;
  qosId: string;
}

/** Interfaces needed for `gateways` gateways. */
export function interfacesFor(gateways: number): number {
  return Math.max(1, Math.ceil(gateways / VLANS_PER_INTERFACE));
}

export async function buildInventory(client: BenchClient, gateways: number): Promise<Inventory> {
  const admin = (plural: string, singular: string, body: object) =>
    create(client, 'admin_token', plural, singular, body);
  const count = interfacesFor(gateways);
  const device = await admin('ese_devices', 'ese_device', {
    name: 'bench-qfx',
    management_ip_address: '127.0.0.1',
    password: 'esi',
  });
  const mx2 = await admin('edge_routers', 'edge_router', {
    name: 'vMX-router-02',
    ip: '127.0.0.12',
    ssh_port: 8830,
    login: 'esi',
    password: 'esi',
  });
  const mx1 = await admin('edge_routers', 'edge_router', {
    name: 'vMX-router-01',
    ip: '127.0.0.11',
    ssh_port: 8830,
    login: 'esi',
    password: 'esi',
  });
  const ha = await admin('ha_routers', 'ha_router', {
    name: 'bench-ha-router',
    primary_router_id: mx2,
    secondary_router_id: mx1,
    maximum_gateways: 100_000,
  });
  const downlinks: string[] = [];
  const uplinks: string[] = [];
  for (let k = 0; k < count; k++) {
    const [portA, portB] = [2 * k, 2 * k + 1].map((n) =>
      admin('ese_physical_ports', 'ese_physical_port', {
        name: `xe-0/0/${n}`,
        ese_device_id: device,
        connected_port_owner: 'mx_downlink',
      }),
    );
    const aeA = await admin('er_physical_interfaces', 'er_physical_interface', {
      name: `ae${k}`,
      device_id: mx2,
      connected_ese_port_id: await portA,
    });
    const aeB = await admin('er_physical_interfaces', 'er_physical_interface', {
      name: `ae${k}`,
      device_id: mx1,
      connected_ese_port_id: await portB,
    });
    downlinks.push(
      await admin('ha_interfaces', 'ha_interface', {
        name: `bench-downlink-${k}`,
        ha_router_id: ha,
        link_type: 'downlink',
        primary_interface_id: aeA,
        secondary_interface_id: aeB,
        restricted_vlans: '',
        maximum_ga_bandwidth: 1_000_000_000,
        maximum_be_bandwidth: 1_000_000_000,
      }),
    );
    const geA = await admin('er_physical_interfaces', 'er_physical_interface', {
      name: `ge-0/0/${k}`,
      device_id: mx2,
    });
    const geB = await admin('er_physical_interfaces', 'er_physical_interface', {
      name: `ge-0/0/${k}`,
      device_id: mx1,
    });
    uplinks.push(
      await admin('ha_interfaces', 'ha_interface', {
        name: `bench-uplink-${k}`,
        ha_router_id: ha,
        link_type: 'uplink',
        primary_interface_id: geA,
        secondary_interface_id: geB,
      }),
    );
  }
  const serviceId = await admin('vpn_services', 'vpn_service', {
    name: 'bench-vpn-service',
    zone: 'bench',
    downlink_interfaces: downlinks,
    uplink_interfaces: uplinks,
  });
  const qosId = await admin('qos_options', 'qos_option', {
    name: 'bench-10M-GA',
    vpn_service_id: serviceId,
    service_type: 'vpn',
    qos_type: 'guarantee',
    bandwidth: '10',
    incoming_policer_name: '10M-GA-UP-VPN',
    incoming_policer_config: 'single-rate { committed-information-rate 10m; }',
    outgoing_policer_name: '10M-GA-DOWN-VPN',
    outgoing_policer_config: 'if-exceeding { bandwidth-limit 10m; } then discard;',
  });
  return { serviceId, qosId };
}

/** `count` vpn_gateways of the demo tenant, created at concurrency `concurrency`. */
export async function createGateways(
  client: BenchClient,
  inv: Inventory,
  count: number,
  concurrency: number,
): Promise<string[]> {
  return pool(count, concurrency, (i) =>
    create(client, 'demo_token', 'vpn_gateways', 'vpn_gateway', {
      name: `bench-gw-${i}`,
      vpn_service_id: inv.serviceId,
      qos_option_id: inv.qosId,
      local_as_number: '65101',
      uplink_vlan_id: String((i % VLANS_PER_INTERFACE) + 1),
    }),
  );
}

/** Networks with one 10.<k>.0.0/16 subnet each, enough for `gwInterfaces` gw_interfaces. */
export async function createNetworks(client: BenchClient, gwInterfaces: number): Promise<string[]> {
  const count = Math.ceil(gwInterfaces / PER_NETWORK);
  if (count > 255) throw new Error('bench: at most 63,750 gw_interfaces');
  return pool(count, 8, async (k) => {
    const network = await create(client, 'demo_token', 'networks', 'network', { name: `bench-net-${k}` });
    await create(client, 'demo_token', 'subnets', 'subnet', {
      network_id: network,
      cidr: `10.${k}.0.0/16`,
      enable_dhcp: false,
    });
    return network;
  });
}

/** The body of the j-th gw_interface: its own gateway, vrid and three addresses of its network. */
export function gwInterfaceBody(j: number, gateways: readonly string[], networks: readonly string[]): object {
  const k = Math.floor(j / PER_NETWORK);
  const offset = 10 + 3 * (j % PER_NETWORK);
  const address = (n: number) => `10.${k}.${(offset + n) >> 8}.${(offset + n) & 255}`;
  return {
    gw_interface: {
      name: `bench-gwif-${j}`,
      network_id: networks[k],
      vpn_gw_id: gateways[j],
      service_type: 'vpn',
      vrid: (j % PER_NETWORK) + 1,
      netmask: 16,
      gw_vipv4: address(0),
      primary_ipv4: address(1),
      secondary_ipv4: address(2),
    },
  };
}
