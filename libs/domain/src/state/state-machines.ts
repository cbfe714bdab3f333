// The status state machines (DOMAIN.md §5.2, §5.5, §10.4–§10.7) as one pure function the projector
// calls for every event of a resource: applyStateEvent(current, event, context) → new state.
//
// Version guards (Gohan sync.rst, §5.5): a provisioning result for version N is applied only when
// state_version != config_version and N >= state_version; an observation only when
// state_version == config_version == N. Inventory resources are born complete (state_version =
// config_version), provisioned ones at state_version 0.
//
// status from (orchestration_state, operational_state):
//   *_FAILED                     → ERROR (state_error = the router's message)
//   DELETE_*                     → PENDING_DELETE (the resource disappears on its Deleted event)
//   *_IN_PROGRESS                → PENDING_CREATE while never complete, else PENDING_UPDATE
//   complete, operational UP     → ACTIVE;  DOWN → DOWN;  FAIL → MONITORING_UNAVAILABLE
//   complete, no observation yet → ACTIVE if not monitored, else unchanged (still pending)
//   a gw_interface port stays PENDING_CREATE while its ese_logical_port is not ACTIVE (§5.2)
// The gw_interface does not aggregate its ports / ELPs (§5.2).
import { catalogEntry } from '../model/event-catalog';
import type { DomainEvent, ResourceBody } from '../model/events';
import { schemaById } from '../resources';
import { isGwInterfaceChild, isMonitoredResource, isProvisionedResource } from './initial-state';
import type { ObservedState, ProvisioningAction } from './values';
import { Orchestration, Status } from './values';

export interface ResourceState {
  resource_type: string;
  config_version: number;
  state_version: number;
  /** null when the type has no such field (vpn_service has none; ha_router only status). */
  status: string | null;
  orchestration_state: string | null;
  operational_state: string | null;
  state_error: string | null;
  /** Router config is pushed for it (itself or through its gw_interface). */
  provisioned: boolean;
  /** It must be observed UP before it is ACTIVE. */
  monitored: boolean;
  /** A port of a gw_interface (its status waits for its ese_logical_port, §5.2). */
  gw_interface_port: boolean;
  /** Set by the Deleted event: the projector removes the row. */
  deleted?: boolean;
}

export interface StateContext {
  /** Status of the port's ese_logical_port (gw_interface ports only). */
  ese_logical_port_status?: string | null;
}

export type StateOutcome = { applied: true; state: ResourceState } | { applied: false; reason: string };

const field = (body: ResourceBody, name: string, has: boolean): string | null =>
  has ? ((body[name] as string | undefined) ?? null) : null;

/** The state a resource is born with, read from its `<Type>Created` event. */
export function stateFromCreated(event: DomainEvent): ResourceState {
  const schema = schemaById(event.aggregate_type);
  if (schema === undefined) throw new Error(`unknown aggregate_type ${event.aggregate_type}`);
  const body = event.data['resource'] as ResourceBody;
  const has = (name: string): boolean => name in schema.schema.properties;
  const provisioned = isProvisionedResource(schema, body);
  return {
    resource_type: schema.id,
    config_version: event.aggregate_version,
    state_version: provisioned ? 0 : event.aggregate_version,
    status: field(body, 'status', has('status')),
    orchestration_state: field(body, 'orchestration_state', has('orchestration_state')),
    operational_state: field(body, 'operational_state', has('operational_state')),
    state_error: null,
    provisioned,
    monitored: isMonitoredResource(schema, body),
    gw_interface_port: schema.id === 'port' && isGwInterfaceChild(schema, body),
  };
}

const CREATE_PHASE: readonly (string | null)[] = [
  Orchestration.NO_STATE,
  Orchestration.CREATE_IN_PROGRESS,
  Orchestration.CREATE_FAILED,
];
const neverCompleted = (s: ResourceState): boolean =>
  CREATE_PHASE.includes(s.orchestration_state) ||
  s.status === Status.PENDING_CREATE ||
  s.status === Status.NO_STATE;

const OPERATIONAL_STATUS: Readonly<Record<ObservedState, string>> = {
  UP: Status.ACTIVE,
  DOWN: Status.DOWN,
  FAIL: Status.MONITORING_UNAVAILABLE,
};

/** The status implied by the state's orchestration and operational states (see the table above). */
export function recomputeStatus(state: ResourceState, context: StateContext = {}): string | null {
  if (state.status === null) return null;
  const orch = state.orchestration_state ?? Orchestration.CREATE_COMPLETE;
  if (orch.endsWith('_FAILED')) return Status.ERROR;
  if (orch.startsWith('DELETE_')) return Status.PENDING_DELETE;
  if (orch.endsWith('_IN_PROGRESS'))
    return neverCompleted(state) ? Status.PENDING_CREATE : Status.PENDING_UPDATE;
  const elp = context.ese_logical_port_status;
  if (
    state.gw_interface_port &&
    elp !== undefined &&
    elp !== Status.ACTIVE &&
    state.status === Status.PENDING_CREATE
  ) {
    return Status.PENDING_CREATE;
  }
  const observed = OPERATIONAL_STATUS[state.operational_state as ObservedState] as string | undefined;
  if (observed !== undefined) return observed;
  if (!state.monitored) return Status.ACTIVE;
  return state.status === Status.ERROR || state.status === Status.NO_STATE
    ? Status.PENDING_CREATE
    : state.status;
}

const upper = (action: ProvisioningAction): string => action.toUpperCase();

function withStatus(state: ResourceState, context: StateContext): StateOutcome {
  return { applied: true, state: { ...state, status: recomputeStatus(state, context) } };
}

function applyConfigChange(current: ResourceState, version: number): ResourceState {
  if (!current.provisioned) return { ...current, config_version: version, state_version: version };
  const orchestration = CREATE_PHASE.includes(current.orchestration_state)
    ? Orchestration.CREATE_IN_PROGRESS
    : Orchestration.UPDATE_IN_PROGRESS;
  return {
    ...current,
    config_version: version,
    orchestration_state: current.orchestration_state === null ? null : orchestration,
  };
}

function applyResult(current: ResourceState, event: DomainEvent, context: StateContext): StateOutcome {
  const n = event.aggregate_version;
  // Gohan's guard, plus one exception: a failed version may be re-applied (DOMAIN.md §10.6). Its
  // Started(N) reopens the failed version N, and its result then closes it again.
  const reapplying =
    current.state_version === current.config_version &&
    n === current.config_version &&
    ((event.event_type === 'ProvisioningStarted' && /_FAILED$/.test(current.orchestration_state ?? '')) ||
      (event.event_type !== 'ProvisioningStarted' &&
        /_IN_PROGRESS$/.test(current.orchestration_state ?? '')));
  if (!reapplying && (current.state_version === current.config_version || n < current.state_version)) {
    return {
      applied: false,
      reason: `state version ${current.state_version} / config version ${current.config_version} do not accept ${n}`,
    };
  }
  const action = event.data['action'] as ProvisioningAction;
  if (event.event_type === 'ProvisioningStarted') {
    if (n !== current.config_version)
      return { applied: false, reason: `started for ${n}, config is at ${current.config_version}` };
    return withStatus({ ...current, orchestration_state: `${upper(action)}_IN_PROGRESS` }, context);
  }
  if (event.event_type === 'ProvisioningSucceeded') {
    return withStatus(
      { ...current, state_version: n, orchestration_state: `${upper(action)}_COMPLETE`, state_error: null },
      context,
    );
  }
  const router = event.data['router'];
  const error = String(event.data['error'] ?? '');
  return withStatus(
    {
      ...current,
      state_version: n,
      orchestration_state: `${upper(action)}_FAILED`,
      state_error: typeof router === 'string' && router !== '' ? `${router}: ${error}` : error,
    },
    context,
  );
}

function applyObservation(current: ResourceState, event: DomainEvent, context: StateContext): StateOutcome {
  const n = event.aggregate_version;
  if (!(current.state_version === current.config_version && current.config_version === n)) {
    return {
      applied: false,
      reason: `observation for ${n} while state ${current.state_version} / config ${current.config_version}`,
    };
  }
  if (current.operational_state === null)
    return { applied: false, reason: `${current.resource_type} has no operational_state` };
  return withStatus({ ...current, operational_state: event.data['operational_state'] as string }, context);
}

/**
 * Applies any event of a resource to its state: config events (created / updated / attached /
 * delete-requested / deleted) and state events (provisioning results, observations). `current` is
 * undefined only for a Created event. An event the guards reject gives `{applied: false}`.
 */
export function applyStateEvent(
  current: ResourceState | undefined,
  event: DomainEvent,
  context: StateContext = {},
): StateOutcome {
  const entry = catalogEntry(event.event_type);
  if (entry === undefined) return { applied: false, reason: `unknown event_type ${event.event_type}` };
  if (entry.kind === 'created') {
    return current === undefined
      ? { applied: true, state: stateFromCreated(event) }
      : { applied: false, reason: 'already created' };
  }
  if (current === undefined)
    return { applied: false, reason: `no state for ${event.aggregate_type} ${event.aggregate_id}` };
  switch (entry.kind) {
    case 'updated':
    case 'attached':
      return withStatus(applyConfigChange(current, event.aggregate_version), context);
    case 'delete-requested':
      return withStatus(
        {
          ...current,
          config_version: event.aggregate_version,
          orchestration_state: current.orchestration_state === null ? null : Orchestration.DELETE_IN_PROGRESS,
        },
        context,
      );
    case 'deleted':
      return { applied: true, state: { ...current, config_version: event.aggregate_version, deleted: true } };
    case 'state':
      return event.event_type === 'OperationalStateObserved'
        ? applyObservation(current, event, context)
        : applyResult(current, event, context);
  }
}
