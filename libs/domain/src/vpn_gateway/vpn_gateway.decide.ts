// vpn_gateway rules (DOMAIN.md §2.1, §10.9): placement, derived names, counters on the ha_interfaces
// and the ha_router as `<Type>Updated` events in the same decision; QoS change moves bandwidth;
// deletion is refused while a gw_interface, vpn_interface or static_route uses it (referrers) and
// gives everything back once complete.
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import { parentOf, parentRef } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';
import { choosePlacement, poolChanges, qosDemand } from './placement';
import type { QosDemand } from './placement';

function vpnQos(d: Decision, qosId: unknown, serviceId: unknown): ResourceRecord {
  const qos = d.get('qos_option', qosId);
  if (qos.body['service_type'] !== 'vpn' || qos.body['vpn_service_id'] !== serviceId) {
    throw fieldError(
      'qos_option_id',
      `qos_option ${qos.id} is not a QoS option of vpn_service ${String(serviceId)}`,
    );
  }
  return qos;
}

function uplinkVlanOf(body: ResourceBody): number {
  const vlan = Number(body['uplink_vlan_id']);
  if (!(vlan >= 1 && vlan <= 4094))
    throw fieldError('uplink_vlan_id', 'uplink_vlan_id must be a VLAN id from 1 to 4094');
  return vlan;
}

const interfaceName = (d: Decision, erPhysicalInterfaceId: unknown, vlan: number | string): string =>
  `${String(d.get('er_physical_interface', erPhysicalInterfaceId).body['name'])}.${vlan}`;

export const vpnGatewayRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    const service = d.get('vpn_service', body['vpn_service_id']);
    const demand = qosDemand(vpnQos(d, body['qos_option_id'], service.id));
    const uplinkVlan = uplinkVlanOf(body);
    const { downlink, uplink, haRouter, downlinkVlan } = choosePlacement(d, service, demand, uplinkVlan);
    const gateway = emitCreate(d, schema, {
      ...body,
      maximum_static_routes:
        body['maximum_static_routes'] ?? service.body['default_static_routes_per_gateway'] ?? null,
      downlink_interface_id: downlink.id,
      uplink_interface_id: uplink.id,
      downlink_vlan_id: String(downlinkVlan),
      vrf_name: `vrf_gw_${String(downlink.body['name'])}_${downlinkVlan}`,
      primary_logical_downlink_interface_name: interfaceName(
        d,
        downlink.body['primary_interface_id'],
        downlinkVlan,
      ),
      secondary_logical_downlink_interface_name: interfaceName(
        d,
        downlink.body['secondary_interface_id'],
        downlinkVlan,
      ),
      primary_logical_uplink_interface_name: interfaceName(
        d,
        uplink.body['primary_interface_id'],
        uplinkVlan,
      ),
      secondary_logical_uplink_interface_name: interfaceName(
        d,
        uplink.body['secondary_interface_id'],
        uplinkVlan,
      ),
      connected_vpn_interface: '',
    });
    const cause = parentRef('vpn_gateway', gateway['id'] as string);
    d.updated(downlink, poolChanges(downlink, downlinkVlan, true, demand), cause);
    d.updated(uplink, poolChanges(uplink, uplinkVlan, true), cause);
    d.updated(haRouter, { available_gateways: (haRouter.body['available_gateways'] as number) - 1 }, cause);
  },

  update(d: Decision, record: ResourceRecord, changes: ResourceBody): void {
    const oldQos = record.body['qos_option_id'];
    const newQos = changes['qos_option_id'];
    d.updated(record, changes);
    if (newQos === undefined || newQos === oldQos) return;
    const before: QosDemand = qosDemand(d.get('qos_option', oldQos));
    const after: QosDemand = qosDemand(vpnQos(d, newQos, record.body['vpn_service_id']));
    const downlink = d.get('ha_interface', record.body['downlink_interface_id']);
    const available = {
      ...downlink.body,
      [before.field]: (downlink.body[before.field] as number) + before.bandwidth,
    };
    if ((available[after.field] as number) < after.bandwidth) {
      throw new ConflictError(
        `ha_interface ${downlink.id} lacks ${after.field} for qos_option ${String(newQos)}`,
        { field: 'qos_option_id' },
      );
    }
    const bandwidth: ResourceBody = { [before.field]: available[before.field]! };
    bandwidth[after.field] = (available[after.field] as number) - after.bandwidth;
    d.updated(downlink, bandwidth, parentOf(record));
  },

  onDeleted(d: Decision, record: ResourceRecord): void {
    const cause = parentOf(record);
    const demand = qosDemand(d.get('qos_option', record.body['qos_option_id']));
    const downlink = d.get('ha_interface', record.body['downlink_interface_id']);
    const uplink = d.get('ha_interface', record.body['uplink_interface_id']);
    d.updated(downlink, poolChanges(downlink, Number(record.body['downlink_vlan_id']), false, demand), cause);
    d.updated(uplink, poolChanges(uplink, Number(record.body['uplink_vlan_id']), false), cause);
    const haRouter = d.get('ha_router', downlink.body['ha_router_id']);
    d.updated(haRouter, { available_gateways: (haRouter.body['available_gateways'] as number) + 1 }, cause);
  },
};
