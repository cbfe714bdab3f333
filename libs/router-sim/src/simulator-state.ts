// The gohan-router-sim YANG module (libs/router-sim/yang/gohan-router-sim.yang) as TypeScript:
// the operational state a test sets on a simulated router and the collector reads back. netconfd has
// no operational data, so this state is configuration in its own namespace. Pure functions only.

export const JUNOS_CONF_NS = 'http://yang.juniper.net/junos/conf/root';
export const ROUTER_SIM_NS = 'urn:gohan-es:router-sim';

export const VRRP_STATES = ['MASTER', 'BACKUP', 'INIT', 'IDLE'] as const;
export const BGP_PEER_STATES = [
  'Idle',
  'Connect',
  'Active',
  'OpenSent',
  'OpenConfirm',
  'Established',
] as const;
export const OPER_STATUSES = ['up', 'down'] as const;

export type VrrpState = (typeof VRRP_STATES)[number];
export type BgpPeerState = (typeof BGP_PEER_STATES)[number];
export type OperStatus = (typeof OPER_STATUSES)[number];

export interface VrrpGroupState {
  /** Physical interface, e.g. "ae0". */
  interface: string;
  /** Logical unit, e.g. "1025". */
  unit: string;
  /** VRRP group (VRID), 1..255. */
  group: number;
  state: VrrpState;
}

export interface BgpPeerStatus {
  /** Routing instance, e.g. "vrf_gw_sample-ha-router-downlink_1025". */
  instance: string;
  neighbor: string;
  state: BgpPeerState;
}

export interface LogicalInterfaceStatus {
  /** Logical interface, e.g. "ae0.1025". */
  name: string;
  operStatus: OperStatus;
}

export interface PhysicalInterfaceStatus {
  /** Physical interface, e.g. "ae0", "ge-0/0/1". */
  name: string;
  operStatus: OperStatus;
}

export interface SimulatorState {
  vrrpGroups: VrrpGroupState[];
  bgpPeers: BgpPeerStatus[];
  logicalInterfaces: LogicalInterfaceStatus[];
  physicalInterfaces: PhysicalInterfaceStatus[];
}

export function emptySimulatorState(): SimulatorState {
  return { vrrpGroups: [], bgpPeers: [], logicalInterfaces: [], physicalInterfaces: [] };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function leaf(name: string, value: string | number): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The keys of simulator-state entries (what removeSimulatorState takes). */
export interface SimulatorStateKeys {
  vrrpGroups?: Pick<VrrpGroupState, 'interface' | 'unit' | 'group'>[];
  bgpPeers?: Pick<BgpPeerStatus, 'instance' | 'neighbor'>[];
  logicalInterfaces?: Pick<LogicalInterfaceStatus, 'name'>[];
  physicalInterfaces?: Pick<PhysicalInterfaceStatus, 'name'>[];
}

export type StateEditOperation = 'merge' | 'replace' | 'remove';

const NC_PREFIX = ' xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"';

/**
 * The <simulator-state> element for an edit-config <config>:
 * - merge (default): listed entries are created or their state overwritten, others stay;
 * - replace: the container replaces the router's whole simulator state (unlisted entries go);
 * - remove: the listed entries are removed if present (only their keys are used; needs base:1.1).
 */
export function simulatorStateXml(
  state: Partial<SimulatorState> | SimulatorStateKeys,
  options: { operation?: StateEditOperation } = {},
): string {
  const operation = options.operation ?? 'merge';
  const entryOp = operation === 'remove' ? ' nc:operation="remove"' : '';
  const containerAttrs =
    operation === 'replace' ? `${NC_PREFIX} nc:operation="replace"` : operation === 'remove' ? NC_PREFIX : '';
  const withState = (s: { state?: string }, name = 'state') =>
    operation === 'remove' || s.state === undefined ? '' : leaf(name, s.state);
  const body = [
    ...(state.vrrpGroups ?? []).map(
      (g: Partial<VrrpGroupState>) =>
        `<vrrp-group${entryOp}>${leaf('interface', g.interface ?? '')}${leaf('unit', g.unit ?? '')}` +
        `${leaf('group', g.group ?? '')}${withState(g)}</vrrp-group>`,
    ),
    ...(state.bgpPeers ?? []).map(
      (p: Partial<BgpPeerStatus>) =>
        `<bgp-peer${entryOp}>${leaf('instance', p.instance ?? '')}${leaf('neighbor', p.neighbor ?? '')}` +
        `${withState(p)}</bgp-peer>`,
    ),
    ...(state.logicalInterfaces ?? []).map(
      (i: Partial<LogicalInterfaceStatus>) =>
        `<logical-interface${entryOp}>${leaf('name', i.name ?? '')}` +
        `${withState({ state: i.operStatus }, 'oper-status')}</logical-interface>`,
    ),
    ...(state.physicalInterfaces ?? []).map(
      (i: Partial<PhysicalInterfaceStatus>) =>
        `<physical-interface${entryOp}>${leaf('name', i.name ?? '')}` +
        `${withState({ state: i.operStatus }, 'oper-status')}</physical-interface>`,
    ),
  ].join('');
  return `<simulator-state xmlns="${ROUTER_SIM_NS}"${containerAttrs}>${body}</simulator-state>`;
}

function entries(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'))].map((m) => m[1]!);
}

function field(xml: string, element: string): string {
  const match = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(xml);
  return unescapeXml(match?.[1]?.trim() ?? '');
}

/** Reads the <simulator-state> out of a get-config reply (empty when the router has none). */
export function parseSimulatorState(reply: string): SimulatorState {
  const container = /<simulator-state\b[^>]*>([\s\S]*?)<\/simulator-state>/.exec(reply)?.[1] ?? '';
  return {
    vrrpGroups: entries(container, 'vrrp-group').map((e) => ({
      interface: field(e, 'interface'),
      unit: field(e, 'unit'),
      group: Number(field(e, 'group')),
      state: field(e, 'state') as VrrpState,
    })),
    bgpPeers: entries(container, 'bgp-peer').map((e) => ({
      instance: field(e, 'instance'),
      neighbor: field(e, 'neighbor'),
      state: field(e, 'state') as BgpPeerState,
    })),
    logicalInterfaces: entries(container, 'logical-interface').map((e) => ({
      name: field(e, 'name'),
      operStatus: field(e, 'oper-status') as OperStatus,
    })),
    physicalInterfaces: entries(container, 'physical-interface').map((e) => ({
      name: field(e, 'name'),
      operStatus: field(e, 'oper-status') as OperStatus,
    })),
  };
}

/** get-config of the running datastore filtered to the simulator state (what the collector sends). */
export const GET_SIMULATOR_STATE_RPC =
  `<get-config><source><running/></source><filter type="subtree">` +
  `<simulator-state xmlns="${ROUTER_SIM_NS}"/></filter></get-config>`;

/** edit-config that empties both the Junos configuration and the simulator state (needs base:1.1). */
export const REMOVE_EVERYTHING_EDIT =
  `<edit-config><target><candidate/></target><config xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">` +
  `<configuration xmlns="${JUNOS_CONF_NS}" nc:operation="remove"/>` +
  `<simulator-state xmlns="${ROUTER_SIM_NS}" nc:operation="remove"/>` +
  `</config></edit-config>`;
