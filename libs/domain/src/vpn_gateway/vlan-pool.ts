// The VLAN pool of an ha_interface (DOMAIN.md §1.3, §2.1): a 4096-bit bitmap, bit n = VLAN n,
// most significant bit of byte 0 first, 1 = used, base64 encoded. Bits 0 and 4095 are always set;
// restricted VLANs are set at creation. Pure functions on a byte array (no Buffer: no Node types).
import { fieldError } from '../schema/validate';

export const VLAN_COUNT = 4096;
const BYTES = VLAN_COUNT / 8;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [18, 12, 6, 0].map((shift) => ALPHABET[(n >> shift) & 63]!);
    const kept = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    out += chars.slice(0, kept).join('') + '='.repeat(4 - kept);
  }
  return out;
}

export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`invalid base64 character ${ch}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export type VlanPool = Uint8Array;

export function decodePool(state: string): VlanPool {
  const bytes = decodeBase64(state);
  if (bytes.length !== BYTES)
    throw new Error(`vlan_pool_state must hold ${BYTES} bytes, not ${bytes.length}`);
  return bytes;
}

export const encodePool = (pool: VlanPool): string => encodeBase64(pool);

export function isUsed(pool: VlanPool, vlan: number): boolean {
  return (pool[vlan >> 3]! & (0x80 >> (vlan & 7))) !== 0;
}

export function setUsed(pool: VlanPool, vlan: number, used: boolean): void {
  const mask = 0x80 >> (vlan & 7);
  pool[vlan >> 3] = used ? pool[vlan >> 3]! | mask : pool[vlan >> 3]! & ~mask;
}

export function countFree(pool: VlanPool): number {
  let free = 0;
  for (let vlan = 0; vlan < VLAN_COUNT; vlan++) if (!isUsed(pool, vlan)) free++;
  return free;
}

export function lowestFree(pool: VlanPool): number | undefined {
  for (let vlan = 0; vlan < VLAN_COUNT; vlan++) if (!isUsed(pool, vlan)) return vlan;
  return undefined;
}

/** Parses `0-1024,4094` into inclusive ranges; 400 naming `field` when malformed or out of 0–4095. */
export function parseVlanRanges(text: string, field: string): [number, number][] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = m === null ? NaN : Number(m[1]);
    const to = m === null ? NaN : Number(m[2] ?? m[1]);
    if (!(from >= 0 && to < VLAN_COUNT && from <= to)) {
      throw fieldError(field, `VLAN range "${part}" must be n or n-m with 0 <= n <= m <= 4095`);
    }
    return [from, to];
  });
}

/** The pool of a new ha_interface: bits 0 and 4095 plus the restricted ranges set. */
export function initialPool(ranges: readonly [number, number][]): VlanPool {
  const pool = new Uint8Array(BYTES);
  setUsed(pool, 0, true);
  setUsed(pool, VLAN_COUNT - 1, true);
  for (const [from, to] of ranges) for (let vlan = from; vlan <= to; vlan++) setUsed(pool, vlan, true);
  return pool;
}

/** True when the VLAN lies in one of the ranges (restricted VLANs are never handed out). */
export const inRanges = (ranges: readonly [number, number][], vlan: number): boolean =>
  ranges.some(([a, b]) => vlan >= a && vlan <= b);
