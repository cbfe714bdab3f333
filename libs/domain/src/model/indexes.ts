// Secondary indexes of the write model: the lookups the per-type rules make on every command
// (VLAN of an ESE physical port, VRRP group id of a network or a gateway unit, addresses held in a
// network, the ports / ELPs a resource owns, the gateways of a service or of a downlink unit), so
// that decide reads O(k) buckets instead of scanning a whole type. Each index is a pure function
// of one resource body; evolve() keeps them current (write-model.ts), so replay rebuilds them.
import type { Json, ResourceBody } from './events';

export interface SecondaryIndex {
  readonly type: string;
  /** Body fields the keys depend on: an update touching none of them leaves the index alone. */
  readonly fields: readonly string[];
  /** The keys under which a body is listed (none, one or several). */
  keys(body: ResourceBody): string[];
}

/** Bucket key of a tuple of values (JSON, so that `1` and `"1"` differ as `===` would have it). */
export const lookupKey = (...parts: readonly (Json | undefined)[]): string =>
  JSON.stringify(parts.map((p) => (p === undefined ? null : p)));

/** The gateway unit (downlink ha_interface + VLAN) two VRRP groups must not share (§10.8). */
export const gatewayUnit = (gateway: ResourceBody): string =>
  `${String(gateway['downlink_interface_id'])}.${String(gateway['downlink_vlan_id'])}`;

const present = (value: Json | undefined): boolean => value !== undefined && value !== null;

const one =
  (...fields: string[]) =>
  (body: ResourceBody): string[] =>
    fields.every((f) => present(body[f])) ? [lookupKey(...fields.map((f) => body[f]))] : [];

/** Index name → definition. Names are `<type>.by_<what>`. */
export const SECONDARY_INDEXES = {
  /** (ese_physical_port_id, vlan_id) → ese_logical_ports: one VLAN once per ESE physical port. */
  'ese_logical_port.by_physical_vlan': {
    type: 'ese_logical_port',
    fields: ['ese_physical_port_id', 'vlan_id'],
    keys: one('ese_physical_port_id', 'vlan_id'),
  },
  /** gw_interface_id → the ese_logical_ports of a gw_interface (its family). */
  'ese_logical_port.by_gw_interface': {
    type: 'ese_logical_port',
    fields: ['gw_interface_id'],
    keys: one('gw_interface_id'),
  },
  /** (device_owner, device_id) → ports (a gw_interface's or a subnet's DHCP port). */
  'port.by_device': {
    type: 'port',
    fields: ['device_owner', 'device_id'],
    keys: one('device_owner', 'device_id'),
  },
  /** (network_id, fixed_ips[].ip_address) → ports holding the address in the network. */
  'port.by_network_address': {
    type: 'port',
    fields: ['network_id', 'fixed_ips'],
    keys(body: ResourceBody): string[] {
      const fixed = body['fixed_ips'];
      if (!present(body['network_id']) || !Array.isArray(fixed)) return [];
      const keys: string[] = [];
      for (const entry of fixed as { ip_address?: Json }[]) {
        if (entry !== null && typeof entry === 'object' && entry.ip_address !== undefined)
          keys.push(lookupKey(body['network_id'], entry.ip_address));
      }
      return keys;
    },
  },
  /** (network_id, vrid) → gw_interfaces: a VRRP group id once per network. */
  'gw_interface.by_network_vrid': {
    type: 'gw_interface',
    fields: ['network_id', 'vrid'],
    keys: one('network_id', 'vrid'),
  },
  /** (vpn_gw_id, vrid) → gw_interfaces: with vpn_gateway.by_unit, a VRRP group id once per unit. */
  'gw_interface.by_gateway_vrid': {
    type: 'gw_interface',
    fields: ['vpn_gw_id', 'vrid'],
    keys: one('vpn_gw_id', 'vrid'),
  },
  /** gatewayUnit() → vpn_gateways on that downlink ha_interface and VLAN. */
  'vpn_gateway.by_unit': {
    type: 'vpn_gateway',
    fields: ['downlink_interface_id', 'downlink_vlan_id'],
    keys: (body: ResourceBody): string[] => [lookupKey(gatewayUnit(body))],
  },
  /** vpn_service_id → vpn_gateways of a service. */
  'vpn_gateway.by_service': {
    type: 'vpn_gateway',
    fields: ['vpn_service_id'],
    keys: one('vpn_service_id'),
  },
} as const satisfies Record<string, SecondaryIndex>;

export type IndexName = keyof typeof SECONDARY_INDEXES;

/** Resource type → its indexes (name, definition). */
export const indexesByType: ReadonlyMap<string, readonly [IndexName, SecondaryIndex][]> = (() => {
  const byType = new Map<string, [IndexName, SecondaryIndex][]>();
  for (const [name, index] of Object.entries(SECONDARY_INDEXES) as [IndexName, SecondaryIndex][]) {
    const list = byType.get(index.type) ?? [];
    list.push([name, index]);
    byType.set(index.type, list);
  }
  return byType;
})();
