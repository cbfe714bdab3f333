// @gohan-es/router-sim: the simulated MX routers (Debian netconfd behind an ssh2 SSH front) and the
// helpers tests use to drive them. See docs/stack/routers.md.
export { ROUTER_IDS, loadSimSettings, simRouter } from './settings';
export type { RouterId, SimRouter, SimSettings } from './settings';
export {
  BGP_PEER_STATES,
  GET_SIMULATOR_STATE_RPC,
  JUNOS_CONF_NS,
  OPER_STATUSES,
  ROUTER_SIM_NS,
  VRRP_STATES,
  emptySimulatorState,
  parseSimulatorState,
  simulatorStateXml,
} from './simulator-state';
export type {
  BgpPeerState,
  BgpPeerStatus,
  LogicalInterfaceStatus,
  OperStatus,
  PhysicalInterfaceStatus,
  SimulatorState,
  VrrpGroupState,
  SimulatorStateKeys,
  StateEditOperation,
  VrrpState,
} from './simulator-state';
export {
  controlRouter,
  getRunningConfiguration,
  getSimulatorState,
  openSimSession,
  removeSimulatorState,
  resetRouter,
  setSimulatorState,
  withCandidateLock,
  withSimSession,
} from './harness';
export type { ControlAction, HarnessOptions, LockOptions } from './harness';
export { SimNetconfSession, SimRpcError, rpcErrorOf } from './sim-client';
export type { SimConnectOptions } from './sim-client';
export { knownHostKeys, knownHostsLine, knownHostsPattern, knownHostsVerifier } from './host-keys';
export { HelloGate } from './hello-gate';
export { JUNOS_OPERATIONAL_RPCS, JunosOpsRelay, junosOperationOf, renderJunosReply } from './junos-ops';
export type { JunosOperationalRpc } from './junos-ops';
export { ensureHostKey, generateEd25519KeyPair, writeKnownHosts } from './host-keys';
export { RouterFront, frontOptions } from './ssh-front';
export type { DownMode, FrontHealth } from './ssh-front';
