// State events (kind `state` in the catalog): facts reported by the provisioner and the collector
// about one config version of one resource. aggregate_version = data.config_version. They never
// change the write model; the projector applies them with applyStateEvent (state-machines.ts).
//
//   ProvisioningStarted      { action, config_version, router }          a router change began
//   ProvisioningSucceeded    { action, config_version, router }          both routers committed
//                                                                       (router: null = the pair)
//   ProvisioningFailed       { action, config_version, error, router }   rpc-error / commit failure /
//                                                                       deadline; error = router text
//   OperationalStateObserved { operational_state UP|DOWN|FAIL, config_version,
//                              detail { observed_at, since, master, ... } }  only on a change
//
// The ports and ese_logical_ports of a gw_interface have no router config of their own (§10.3):
// the provisioner reports the gw_interface's outcome for each of them too (their own config
// version), and after an ELP's create succeeded it sends the `attach_port` system command for its
// port, then reports the port's attach version (action update) as succeeded.
import type { DomainEvent, Json } from '../model/events';
import type { ObservedState, ProvisioningAction } from './values';

export type ProvisioningStartedData = {
  action: ProvisioningAction;
  config_version: number;
  router: string | null;
};
export type ProvisioningSucceededData = {
  action: ProvisioningAction;
  config_version: number;
  router: string | null;
};
export type ProvisioningFailedData = {
  action: ProvisioningAction;
  config_version: number;
  error: string;
  router: string | null;
};
export type ObservationDetail = {
  /** ISO-8601 time of the poll that saw the change. */
  observed_at: string;
  /** ISO-8601 time since when the state holds (the first poll that saw it). */
  since: string | null;
  /** For VRRP pairs: which router is MASTER (`primary`, `secondary`, `both` or null). */
  master: string | null;
  [key: string]: Json;
};
export type OperationalStateObservedData = {
  operational_state: ObservedState;
  config_version: number;
  detail: ObservationDetail;
};

export interface StateTarget {
  resource_type: string;
  id: string;
  tenant_id: string;
}

function stateEvent<
  D extends
    | ProvisioningStartedData
    | ProvisioningSucceededData
    | ProvisioningFailedData
    | OperationalStateObservedData,
>(eventType: string, target: StateTarget, data: D): DomainEvent {
  return {
    event_type: eventType,
    aggregate_type: target.resource_type,
    aggregate_id: target.id,
    aggregate_version: data.config_version,
    tenant_id: target.tenant_id,
    data,
  };
}

export const provisioningStarted = (target: StateTarget, data: ProvisioningStartedData): DomainEvent =>
  stateEvent('ProvisioningStarted', target, data);

export const provisioningSucceeded = (target: StateTarget, data: ProvisioningSucceededData): DomainEvent =>
  stateEvent('ProvisioningSucceeded', target, data);

export const provisioningFailed = (target: StateTarget, data: ProvisioningFailedData): DomainEvent =>
  stateEvent('ProvisioningFailed', target, data);

export const operationalStateObserved = (
  target: StateTarget,
  data: OperationalStateObservedData,
): DomainEvent => stateEvent('OperationalStateObserved', target, data);
