// Gohan's string formats (GOHAN_API.md §3 `format`, schema/formats.go) as pure predicates.
// An unknown format is accepted, as gojsonschema does.
import { parseCidr, parseIpv4 } from '../ipv4/ipv4';

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HYPH_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/;
const HOSTNAME_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

function isHostname(value: string): boolean {
  const trimmed = value.endsWith('.') ? value.slice(0, -1) : value;
  return (
    trimmed.length > 0 && trimmed.length <= 253 && trimmed.split('.').every((l) => HOSTNAME_LABEL.test(l))
  );
}

function isIpv4Network(value: string): boolean {
  const block = parseCidr(value);
  return block !== undefined && block.address === block.network;
}

function isRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

const CHECKERS: Readonly<Record<string, (value: string) => boolean>> = {
  ipv4: (v) => parseIpv4(v) !== undefined,
  cidr: (v) => parseCidr(v) !== undefined,
  'cidr-or-ipv4': (v) => parseCidr(v) !== undefined || parseIpv4(v) !== undefined,
  'ipv4-network': isIpv4Network,
  'ipv4-address-with-cidr': (v) => parseCidr(v) !== undefined,
  mac: (v) => MAC.test(v),
  uuid: (v) => HYPH_UUID.test(v) || HEX32.test(v),
  'hyph-uuid': (v) => HYPH_UUID.test(v),
  'non-hyph-uuid': (v) => HEX32.test(v),
  hostname: isHostname,
  port: (v) => /^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535,
  regex: isRegex,
};

/** True when `value` satisfies `format` (or the format is not one we check). */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKERS[format];
  return check === undefined || check(value);
}
