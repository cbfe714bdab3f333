// Where a new vpn_gateway goes (DOMAIN.md §2.1, §10.9): the first downlink ha_interface listed in
// its vpn_service with free capacity (its ha_router has a gateway slot, a free VLAN, enough GA or BE
// bandwidth for the QoS), on it the lowest free VLAN, and the first uplink ha_interface of the same
// ha_router where the user's uplink VLAN is free. Also the counter changes of taking / giving back.
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { ResourceRecord } from '../model/write-model';
import { countFree, decodePool, encodePool, isUsed, lowestFree, setUsed } from './vlan-pool';

export interface Placement {
  downlink: ResourceRecord;
  uplink: ResourceRecord;
  haRouter: ResourceRecord;
  downlinkVlan: number;
}

export interface QosDemand {
  /** available_ga_bandwidth or available_be_bandwidth */
  field: 'available_ga_bandwidth' | 'available_be_bandwidth';
  bandwidth: number;
}

export function qosDemand(qos: ResourceRecord): QosDemand {
  const field = qos.body['qos_type'] === 'guarantee' ? 'available_ga_bandwidth' : 'available_be_bandwidth';
  return { field, bandwidth: Number(qos.body['bandwidth']) };
}

const usable = (hi: ResourceRecord | undefined, linkType: string): hi is ResourceRecord =>
  hi !== undefined &&
  !hi.marked_for_deletion &&
  hi.body['link_type'] === linkType &&
  hi.body['admin_state_up'] === true;

export function choosePlacement(
  d: Decision,
  service: ResourceRecord,
  demand: QosDemand,
  uplinkVlan: number,
): Placement {
  const reasons: string[] = [];
  for (const downlinkId of service.body['downlink_interfaces'] as string[]) {
    const downlink = d.find('ha_interface', downlinkId);
    if (!usable(downlink, 'downlink')) {
      reasons.push(`ha_interface ${downlinkId} is not a usable downlink`);
      continue;
    }
    const haRouter = d.get('ha_router', downlink.body['ha_router_id']);
    const downlinkVlan = lowestFree(decodePool(downlink.body['vlan_pool_state'] as string));
    if ((haRouter.body['available_gateways'] as number) <= 0)
      reasons.push(`ha_router ${haRouter.id} has no gateway slot left`);
    else if (downlinkVlan === undefined) reasons.push(`ha_interface ${downlink.id} has no free VLAN`);
    else if ((downlink.body[demand.field] as number) < demand.bandwidth)
      reasons.push(`ha_interface ${downlink.id} lacks ${demand.field}`);
    else {
      const uplink = (service.body['uplink_interfaces'] as string[])
        .map((id) => d.find('ha_interface', id))
        .find(
          (u) =>
            usable(u, 'uplink') &&
            u.body['ha_router_id'] === haRouter.id &&
            !isUsed(decodePool(u.body['vlan_pool_state'] as string), uplinkVlan),
        );
      if (uplink !== undefined) return { downlink, uplink, haRouter, downlinkVlan };
      reasons.push(`no uplink ha_interface of ha_router ${haRouter.id} has VLAN ${uplinkVlan} free`);
    }
  }
  throw new ConflictError(
    `No capacity for a vpn_gateway in vpn_service ${service.id}: ${reasons.join('; ')}`,
    {
      field: reasons.every((r) => r.startsWith('no uplink')) ? 'uplink_vlan_id' : 'vpn_service_id',
    },
  );
}

/** The ha_interface counter changes of taking (+1) or giving back (−1) one VLAN and optional bandwidth. */
export function poolChanges(
  hi: ResourceRecord,
  vlan: number,
  take: boolean,
  demand?: QosDemand,
): ResourceBody {
  const pool = decodePool(hi.body['vlan_pool_state'] as string);
  setUsed(pool, vlan, take);
  const changes: ResourceBody = { vlan_pool_state: encodePool(pool), vlan_ids_available: countFree(pool) };
  if (demand !== undefined) {
    const sign = take ? -1 : 1;
    changes['gateway_instances_count'] = (hi.body['gateway_instances_count'] as number) - sign;
    changes[demand.field] = (hi.body[demand.field] as number) + sign * demand.bandwidth;
  }
  return changes;
}
