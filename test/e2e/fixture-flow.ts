// The VPN flow of the fixtures (../shared/domain/vpn_flow_fixtures.json, copied to
// libs/domain/test/fixtures) played through the real HTTP API. The API generates its own ids, so
// every fixture id seen in a response is mapped to the new one and substituted (also inside strings:
// a port's name and an ELP's description carry ids) in later request bodies and in the expected shows.
// The edge routers point at the local simulators: MX-1 = vMX-router-01 (the secondary) on
// 127.0.0.11, MX-2 = vMX-router-02 (the primary) on 127.0.0.12, port 8830, login/password esi/esi.
import { secretProperties, schemaById } from '@gohan-es/domain';
import type { ApiClient, ApiResponse } from '../../libs/http-api/test/contract';
import { vpnFlowSteps } from '../../libs/domain/test/vpn-flow-fixtures';
import type { Body, FixtureStep } from '../../libs/domain/test/vpn-flow-fixtures';

export { vpnFlowSteps };
export type { Body, FixtureStep };

export const ROUTER_ADDRESS: Readonly<Record<string, string>> = {
  'vMX-router-01': process.env.MX1_ADDRESS ?? '127.0.0.11',
  'vMX-router-02': process.env.MX2_ADDRESS ?? '127.0.0.12',
};
export const ROUTER_SSH_PORT = Number(process.env.ROUTER_SSH_PORT ?? 8830);

/**
 * The fields whose value comes from the provisioner (orchestration_state, a port's attach) or the
 * collector (operational_state) and the status computed from them. They cannot match the fixture
 * before those apps run; the state the API gives instead is checked against PRE_PROVISIONING.
 */
export const ROUTER_DEPENDENT: Readonly<Record<string, readonly string[]>> = {
  ese_device: ['status', 'operational_state'],
  ese_physical_port: ['status', 'operational_state'],
  edge_router: ['status', 'operational_state'],
  er_physical_interface: ['status', 'operational_state'],
  vpn_gateway: ['status', 'orchestration_state'],
  vpn_interface: ['status', 'orchestration_state', 'operational_state'],
  gw_interface: ['status', 'orchestration_state', 'operational_state'],
  static_route: ['status', 'orchestration_state'],
  ese_logical_port: ['status', 'orchestration_state', 'operational_state'],
  port: ['status', 'orchestration_state', 'operational_state', 'attached'],
};

const PROVISIONED = { status: 'PENDING_CREATE', orchestration_state: 'CREATE_IN_PROGRESS' };
const OBSERVED_INVENTORY = { status: 'ACTIVE', operational_state: 'NO_STATE' };
const MONITORED_INVENTORY = {
  status: 'PENDING_CREATE',
  orchestration_state: 'CREATE_COMPLETE',
  operational_state: 'NO_STATE',
};

/**
 * What the API shows before the provisioner and the collector have run (libs/domain
 * state/initial-state.ts, DOMAIN.md §5.2): provisioned resources and a gw_interface's ports / ELPs
 * wait in PENDING_CREATE / CREATE_IN_PROGRESS / NO_STATE; inventory is born CREATE_COMPLETE and
 * ACTIVE with NO_STATE until observed, except edge_router and er_physical_interface (monitored),
 * which stay PENDING_CREATE.
 */
export const PRE_PROVISIONING: Readonly<Record<string, Body>> = {
  ese_device: { ...OBSERVED_INVENTORY, orchestration_state: 'CREATE_COMPLETE' },
  ese_physical_port: { ...OBSERVED_INVENTORY, orchestration_state: 'CREATE_COMPLETE' },
  er_physical_interface: MONITORED_INVENTORY,
  edge_router: MONITORED_INVENTORY,
  vpn_gateway: PROVISIONED,
  static_route: PROVISIONED,
  vpn_interface: { ...PROVISIONED, operational_state: 'NO_STATE' },
  gw_interface: { ...PROVISIONED, operational_state: 'NO_STATE' },
  ese_logical_port: { ...PROVISIONED, operational_state: 'NO_STATE' },
  port: { ...PROVISIONED, operational_state: 'NO_STATE', attached: false },
};

const plural = (type: string): string => schemaById(type)!.plural;

export class FixtureFlow {
  /** fixture id → id the API gave. */
  readonly ids = new Map<string, string>();
  /** Every response of the flow, for the secrets check. */
  readonly responses: ApiResponse[] = [];
  last: ApiResponse | undefined;

  constructor(
    private readonly api: ApiClient,
    /** Distinct secret values, so a leak shows up as a substring of any response. */
    readonly secrets: { eseDevicePassword: string; bgpMd5: string },
  ) {}

  /** Replaces every mapped fixture id, also inside strings. */
  map<T>(value: T): T {
    if (typeof value === 'string') {
      let out: string = value;
      for (const [from, to] of this.ids) if (out.includes(from)) out = out.split(from).join(to);
      return out as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.map(v)) as T;
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.map(v)])) as T;
    return value;
  }

  /** A fixture show as this run must show it: ids mapped, routers on the simulators, §9.5 aside. */
  expected(type: string, fixtureShow: Body): Body {
    const show = withoutLabVlan31(this.map(fixtureShow));
    if (type !== 'edge_router') return show;
    return { ...show, ip: ROUTER_ADDRESS[show['name'] as string], ssh_port: ROUTER_SSH_PORT };
  }

  /** The step's request body, ids mapped, routers on the simulators, secrets set. */
  requestBody(step: FixtureStep): Record<string, Body> {
    const body: Body = { ...this.map(step.body[step.resource_type]!) };
    if (step.resource_type === 'edge_router') {
      body['ip'] = ROUTER_ADDRESS[body['name'] as string];
      body['ssh_port'] = ROUTER_SSH_PORT;
      body['login'] = 'esi';
      body['password'] = 'esi';
    }
    if (step.resource_type === 'ese_device') body['password'] = this.secrets.eseDevicePassword;
    if (step.resource_type === 'vpn_interface') body['bgp_md5'] = this.secrets.bgpMd5;
    return { [step.resource_type]: body };
  }

  headers(): Record<string, string> {
    const token = this.last?.headers.get('x-consistency-token');
    return token ? { 'X-Consistency-Token': token } : {};
  }

  async request(method: string, path: string, body?: unknown, token = 'admin_token'): Promise<ApiResponse> {
    const res = await this.api.request(method, path, {
      token,
      headers: this.headers(),
      ...(body === undefined ? {} : { body }),
    });
    this.responses.push(res);
    return res;
  }

  /** POSTs the step and maps its id; returns the 201 response. */
  async post(step: FixtureStep, token = 'admin_token'): Promise<ApiResponse> {
    const res = await this.request('POST', step.path, this.requestBody(step), token);
    if (res.status !== 201) throw new Error(`step ${step.step} POST ${step.path}: ${res.status} ${res.text}`);
    this.last = res;
    this.ids.set(step.resulting_id, res.json[step.resource_type].id as string);
    return res;
  }

  /** GET show of a fixture resource by its fixture id, waiting for the last write. */
  async show(type: string, fixtureId: string): Promise<Body> {
    const id = this.ids.get(fixtureId);
    if (!id) throw new Error(`no id mapped for ${type} ${fixtureId}`);
    const res = await this.request('GET', `/v2.0/${plural(type)}/${id}`);
    if (res.status !== 200) throw new Error(`GET ${type} ${id}: ${res.status} ${res.text}`);
    return res.json[type] as Body;
  }

  async list(type: string, query: string): Promise<Body[]> {
    const res = await this.request('GET', `/v2.0/${plural(type)}?${query}`);
    if (res.status !== 200) throw new Error(`GET ${type} list: ${res.status} ${res.text}`);
    return res.json[plural(type)] as Body[];
  }

  /** Maps the derived resources of a step (DHCP port; gw_interface ports and ELPs) to the new ids. */
  async mapDerived(step: FixtureStep): Promise<void> {
    for (const d of step.derived_resources ?? []) {
      const show = this.map(d.resulting_resource[d.resource_type]!);
      const found =
        d.resource_type === 'port'
          ? (await this.list('port', `device_id=${show['device_id']}`)).filter(
              (p) => p['name'] === show['name'],
            )
          : (await this.list('ese_logical_port', `gw_interface_id=${show['gw_interface_id']}`)).filter(
              (e) => e['ese_physical_port_id'] === show['ese_physical_port_id'],
            );
      if (found.length !== 1) throw new Error(`derived ${d.resource_type} ${d.id}: found ${found.length}`);
      this.ids.set(d.id, found[0]!['id'] as string);
    }
  }
}

/** Drops the fields the routers decide (not a DHCP port's: it is complete at birth), and the secrets (write-only, DOMAIN.md §10.10). */
export function comparable(type: string, show: Body): Body {
  const out: Body = { ...show };
  const dhcpPort = type === 'port' && show['device_owner'] !== 'network:gw_interface';
  for (const f of dhcpPort ? [] : (ROUTER_DEPENDENT[type] ?? [])) delete out[f];
  for (const s of secretProperties(schemaById(type)!)) delete out[s];
  return out;
}

/** The state fields of a show, for the PRE_PROVISIONING check. */
export function stateOf(type: string, show: Body): Body {
  return Object.fromEntries(Object.keys(PRE_PROVISIONING[type] ?? {}).map((k) => [k, show[k]]));
}

/**
 * The one documented deviation (DOMAIN.md §9.5): the lab's uplink pool had VLAN 31 used for no
 * visible reason; a fresh uplink here has every VLAN free (4094).
 */
export function withoutLabVlan31(show: Body): Body {
  if (show['vlan_ids_available'] !== 4093 || show['restricted_vlans'] !== '') return show;
  const bytes = Uint8Array.from(atob(show['vlan_pool_state'] as string), (c) => c.charCodeAt(0));
  bytes[3] = bytes[3]! & ~0x01;
  return { ...show, vlan_ids_available: 4094, vlan_pool_state: btoa(String.fromCharCode(...bytes)) };
}

/** A gateway MAC of the OpenStack range (the fixture's were random too). */
export const MAC = /^fa:16:3e(:[0-9a-f]{2}){3}$/;
