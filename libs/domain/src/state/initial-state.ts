// The state fields a resource is born with (DOMAIN.md §5.2, §8.1, §10.1, §10.3):
// * provisioned (vpn_gateway, vpn_interface, gw_interface, static_route) and the ports / ELPs of a
//   gw_interface, which follow it: PENDING_CREATE / CREATE_IN_PROGRESS / NO_STATE, state version 0;
// * inventory (everything else): born complete, state version = config version. CREATE_COMPLETE, or
//   SYNC_COMPLETE for the source's non-workable types; status ACTIVE, except a monitored inventory
//   type (edge_router, er_physical_interface), which waits in PENDING_CREATE for its first
//   observation (§5.2 table).
import type { ResourceBody } from '../model/events';
import type { ResourceSchema } from '../schema/types';
import { Operational, Orchestration, Status } from './values';

/** True for a port / ese_logical_port the system made for a gw_interface. */
export function isGwInterfaceChild(schema: ResourceSchema, body: ResourceBody): boolean {
  if (schema.id === 'port') return body['device_owner'] === 'network:gw_interface';
  if (schema.id === 'ese_logical_port')
    return typeof body['gw_interface_id'] === 'string' && body['connected_resource'] === 'gw_interface';
  return false;
}

/** True when router config is pushed for this resource (itself or through its gw_interface). */
export function isProvisionedResource(schema: ResourceSchema, body: ResourceBody): boolean {
  return schema.metadata.provisioned === true || isGwInterfaceChild(schema, body);
}

/** True when its operational state must be observed before it can become ACTIVE. */
export function isMonitoredResource(schema: ResourceSchema, body: ResourceBody): boolean {
  if (schema.metadata.monitored !== true) return false;
  return schema.metadata.follows_parent === undefined || isGwInterfaceChild(schema, body);
}

/** The state fields of a new resource (only those its schema has). */
export function initialStateFields(schema: ResourceSchema, body: ResourceBody): ResourceBody {
  const provisioned = isProvisionedResource(schema, body);
  const values: ResourceBody = provisioned
    ? {
        status: Status.PENDING_CREATE,
        orchestration_state: Orchestration.CREATE_IN_PROGRESS,
        operational_state: Operational.NO_STATE,
      }
    : {
        status: isMonitoredResource(schema, body) ? Status.PENDING_CREATE : Status.ACTIVE,
        orchestration_state:
          schema.metadata.non_workable === true ? Orchestration.SYNC_COMPLETE : Orchestration.CREATE_COMPLETE,
        operational_state: Operational.NO_STATE,
      };
  return Object.fromEntries(Object.entries(values).filter(([name]) => name in schema.schema.properties));
}
