// IPv4 arithmetic on unsigned 32-bit numbers: parsing, CIDR blocks, containment, ranges.
// Pure helpers for the formats and for the subnet / gw_interface rules.

export interface Ipv4Block {
  /** Network address (host bits cleared). */
  network: number;
  prefix: number;
  /** The address as written (host bits possibly set, e.g. 192.168.8.2/30). */
  address: number;
}

const OCTET = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;

/** Parses a dotted quad (no leading zeros) to an unsigned number, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n`; host bits may be set (see Ipv4Block.address). */
export function parseCidr(text: string): Ipv4Block | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^(3[0-2]|[12]?[0-9])$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return { network: (address & maskOf(prefix)) >>> 0, prefix, address };
}

export function broadcastOf(block: Ipv4Block): number {
  return (block.network | (~maskOf(block.prefix) >>> 0)) >>> 0;
}

export function blockContains(block: Ipv4Block, ip: number): boolean {
  return (ip & maskOf(block.prefix)) >>> 0 === block.network;
}

/** First and last usable host of a block (network and broadcast excluded for prefixes up to /30). */
export function hostRange(block: Ipv4Block): { first: number; last: number } {
  if (block.prefix >= 31) return { first: block.network, last: broadcastOf(block) };
  return { first: block.network + 1, last: broadcastOf(block) - 1 };
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return (a.network & maskOf(prefix)) >>> 0 === (b.network & maskOf(prefix)) >>> 0;
}
