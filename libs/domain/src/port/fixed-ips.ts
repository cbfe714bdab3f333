// Addresses of a user-created port (Neutron-like): each fixed_ips entry names a subnet of the
// port's network and/or an address; a missing address is the lowest free pool address. An address
// outside the subnet is a 400; one held by another port or by the subnet gateway is a 409.
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { Json } from '../model/events';
import { blockContains, parseIpv4 } from '../ipv4/ipv4';
import { fieldError } from '../schema/validate';
import { blockOf, heldAddresses, lowestFreeAddress, subnetContaining } from '../subnet/addressing';

export interface FixedIp {
  subnet_id?: string;
  ip_address?: string;
}

export function allocateFixedIps(d: Decision, networkId: string, entries: readonly FixedIp[]): Json {
  const held = heldAddresses(d, networkId);
  const taken = new Set<string>();
  return entries.map((entry, i) => {
    const field = `fixed_ips.${i}`;
    const subnet =
      entry.subnet_id !== undefined
        ? d.get('subnet', entry.subnet_id)
        : entry.ip_address !== undefined
          ? subnetContaining(d, networkId, entry.ip_address)
          : undefined;
    if (subnet === undefined)
      throw fieldError(field, 'subnet_id or an ip_address inside a subnet of the network is required');
    if (subnet.body['network_id'] !== networkId)
      throw fieldError(`${field}.subnet_id`, `subnet ${subnet.id} is not in network ${networkId}`);
    const address = entry.ip_address ?? lowestFreeAddress(subnet, held, taken);
    if (address === undefined)
      throw new ConflictError(`No free IP address left in subnet ${subnet.id}`, { field });
    if (!blockContains(blockOf(subnet), parseIpv4(address)!)) {
      throw fieldError(`${field}.ip_address`, `${address} is not in subnet ${String(subnet.body['cidr'])}`);
    }
    const holder =
      address === subnet.body['gateway_ip']
        ? `the gateway of subnet ${subnet.id}`
        : held.has(address)
          ? `port ${held.get(address)!}`
          : undefined;
    if (holder !== undefined || taken.has(address)) {
      throw new ConflictError(`IP address ${address} is already in use by ${holder ?? 'this port'}`, {
        field: `${field}.ip_address`,
      });
    }
    taken.add(address);
    return { subnet_id: subnet.id, ip_address: address };
  });
}
