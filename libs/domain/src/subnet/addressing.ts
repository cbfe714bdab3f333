// IPv4 addressing of subnets and ports (DOMAIN.md §1.3 subnet, §10.8): the defaults of a subnet
// (gateway .1, pools = the other hosts, DHCP server = first pool address), which port holds which
// address in a network, and the lowest free pool address.
import type { Decision } from '../model/decision';
import type { Json, ResourceBody } from '../model/events';
import { lookupKey } from '../model/indexes';
import type { ResourceRecord } from '../model/write-model';
import { lookupIds } from '../model/write-model';
import { blockContains, formatIpv4, hostRange, parseCidr, parseIpv4 } from '../ipv4/ipv4';
import type { Ipv4Block } from '../ipv4/ipv4';
import { fieldError } from '../schema/validate';

export interface AllocationPool {
  start: string;
  end: string;
}

export const blockOf = (subnet: ResourceRecord): Ipv4Block => parseCidr(subnet.body['cidr'] as string)!;

const ip = (text: Json | undefined): number => parseIpv4(text as string)!;

/** Hosts of the block minus the gateway, as consecutive ranges. */
function defaultPools(block: Ipv4Block, gateway: number | undefined): AllocationPool[] {
  const { first, last } = hostRange(block);
  const ranges: [number, number][] =
    gateway === undefined || gateway < first || gateway > last
      ? [[first, last]]
      : [
          [first, gateway - 1],
          [gateway + 1, last],
        ];
  return ranges.filter(([a, b]) => a <= b).map(([a, b]) => ({ start: formatIpv4(a), end: formatIpv4(b) }));
}

/** gateway_ip, allocation_pools and dhcp_server_address of a new subnet; 400 naming the field. */
export function planSubnet(body: ResourceBody): ResourceBody {
  const block = parseCidr(body['cidr'] as string)!;
  if (block.address !== block.network)
    throw fieldError('cidr', `${String(body['cidr'])} is not a network address (host bits set)`);
  if (block.prefix > 30) throw fieldError('cidr', 'the prefix length must be 30 or less');
  const { first, last } = hostRange(block);
  const gatewayIp = body['gateway_ip'] === null ? formatIpv4(first) : (body['gateway_ip'] as string);
  const gateway = ip(gatewayIp);
  if (gateway < first || gateway > last)
    throw fieldError('gateway_ip', `${gatewayIp} is not a host address of ${String(body['cidr'])}`);
  const pools = (body['allocation_pools'] as AllocationPool[] | null) ?? defaultPools(block, gateway);
  pools.forEach((pool, i) => {
    const [start, end] = [ip(pool.start), ip(pool.end)];
    if (start > end || start < first || end > last)
      throw fieldError(
        `allocation_pools.${i}`,
        `pool ${pool.start}-${pool.end} is not a host range of ${String(body['cidr'])}`,
      );
    if (gateway >= start && gateway <= end)
      throw fieldError(
        `allocation_pools.${i}`,
        `pool ${pool.start}-${pool.end} contains the gateway_ip ${gatewayIp}`,
      );
  });
  const dhcp = body['enable_dhcp'] === true && pools.length > 0 ? pools[0]!.start : null;
  return { gateway_ip: gatewayIp, allocation_pools: pools as unknown as Json, dhcp_server_address: dhcp };
}

/** Live subnets of a network. */
export function subnetsOf(d: Decision, networkId: string): ResourceRecord[] {
  return d.referrers(d.get('network', networkId), 'subnet');
}

/** The subnet of the network whose CIDR contains the address. */
export function subnetContaining(
  d: Decision,
  networkId: string,
  address: string,
): ResourceRecord | undefined {
  const value = ip(address);
  return subnetsOf(d, networkId).find((s) => blockContains(blockOf(s), value));
}

/** address → id of the port holding it, over the ports of one network (an indexed view). */
export interface HeldAddresses {
  has(address: string): boolean;
  get(address: string): string | undefined;
}

/** The addresses held by the ports of the network (port.by_network_address: O(1) per address). */
export function heldAddresses(d: Decision, networkId: string): HeldAddresses {
  d.get('network', networkId);
  const holder = (address: string): string | undefined => {
    let last: string | undefined;
    for (const id of lookupIds(d.model, 'port.by_network_address', lookupKey(networkId, address))) last = id;
    return last;
  };
  return { has: (address) => holder(address) !== undefined, get: holder };
}

/** The lowest pool address of the subnet that no port holds (and not in `taken`). */
export function lowestFreeAddress(
  subnet: ResourceRecord,
  held: HeldAddresses,
  taken: ReadonlySet<string>,
): string | undefined {
  for (const pool of subnet.body['allocation_pools'] as unknown as AllocationPool[]) {
    for (let a = ip(pool.start); a <= ip(pool.end); a++) {
      const text = formatIpv4(a);
      if (!held.has(text) && !taken.has(text)) return text;
    }
  }
  return undefined;
}
