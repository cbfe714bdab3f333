// subnet: an IPv4 subnet of a network (DOMAIN.md §1.3). Inventory. gateway_ip defaults to the first
// host, allocation_pools to the remaining hosts, dhcp_server_address is the first pool address, and
// with enable_dhcp a DHCP port is created (see subnet/subnet.decide.ts).
import type { PropertySchema } from '../schema/types';
import {
  C,
  CU,
  NO_OPERATIONAL,
  arr,
  bool,
  defineSchema,
  int,
  nullableStr,
  obj,
  stateProperties,
  str,
  tags,
} from './common';

const pool: PropertySchema = obj('Allocation Pool', {
  additionalProperties: false,
  required: ['start', 'end'],
  properties: { start: str('Start', { format: 'ipv4' }), end: str('End', { format: 'ipv4' }) },
});

const hostRoute: PropertySchema = obj('Host Route', {
  additionalProperties: false,
  required: ['destination', 'nexthop'],
  properties: {
    destination: str('Destination', { format: 'cidr' }),
    nexthop: str('Next Hop', { format: 'ipv4' }),
  },
});

const ipv6Mode = (title: string) =>
  nullableStr(title, { enum: ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless', null], permission: C });

export const subnetSchema = defineSchema({
  id: 'subnet',
  plural: 'subnets',
  title: 'Subnet',
  description: 'IPv4 subnet of a network',
  parent: 'network',
  metadata: { tenant_owned: true },
  properties: {
    network_id: str('Network', { relation: 'network', permission: C, indexed: true }),
    cidr: str('CIDR', { format: 'cidr', permission: C }),
    ip_version: int('IP Version', { enum: [4], default: 4, permission: C }),
    gateway_ip: nullableStr('Gateway IP', { format: 'ipv4', permission: C }),
    allocation_pools: arr('Allocation Pools', pool, { permission: C }),
    dhcp_server_address: nullableStr('DHCP Server Address', { format: 'ipv4' }),
    enable_dhcp: bool('Enable DHCP', { default: true, permission: C }),
    dns_nameservers: arr('DNS Name Servers', str('DNS Name Server', { format: 'ipv4' }), {
      default: [],
      permission: CU,
    }),
    ntp_servers: arr('NTP Servers', str('NTP Server', { format: 'ipv4' }), { default: [], permission: CU }),
    host_routes: arr('Host Routes', hostRoute, { default: [], permission: CU }),
    ipv6_address_mode: ipv6Mode('IPv6 Address Mode'),
    ipv6_ra_mode: ipv6Mode('IPv6 RA Mode'),
    tags: tags(),
    ...stateProperties(NO_OPERATIONAL),
  },
  required: ['network_id', 'cidr'],
});
