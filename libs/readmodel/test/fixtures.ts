// Hand-built events shaped like the domain's (DomainEvent in an envelope, with Kafka positions),
// carrying the seed's values (shared/domain/vpn_flow_fixtures.json, step 19: the gw_interface).
import {
  operationalStateObserved,
  provisioningFailed,
  provisioningStarted,
  provisioningSucceeded,
} from '@gohan-es/domain';
import type { DomainEvent, ResourceBody } from '@gohan-es/domain';
import type { PositionedEvent } from '../src/projection/types';

export const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
export const OTHER_TENANT = 'acf5662bbff44060b93ac3db3c25a590';
export const GW_ID = '3dbcfce5-bca5-4182-991a-c23de685fcf1';
export const NETWORK_ID = 'afa0d9d6-84dc-4755-9c6e-db2f23f9dde2';
export const VPN_GW_ID = 'b1da850c-3344-4de2-aa18-d96a30b54f69';
export const ROUTER_ID = '7a35974a-a19f-49e2-b907-ad7fd8692975';

export const EVENTS = 'gohan.events';
export const PROVISIONING = 'gohan.provisioning';
export const STATUS = 'gohan.status';

/** The seed gw_interface as the decider creates it (POST body + id + derived state, nulls for unset). */
export function seedGwInterface(overrides: ResourceBody = {}): ResourceBody {
  return {
    aws_gw_id: null,
    azure_gw_id: null,
    description: 'Sample Gw-interface',
    gcp_gw_id: null,
    gw_vipv4: '172.16.101.151',
    gw_vipv6: null,
    id: GW_ID,
    interdc_gw_id: null,
    internet_gw_id: null,
    name: 'sample-gw-interface',
    netmask: 24,
    network_id: NETWORK_ID,
    operational_state: 'NO_STATE',
    orchestration_state: 'CREATE_IN_PROGRESS',
    primary_ipv4: '172.16.101.152',
    primary_ipv6: null,
    public_ip_id: null,
    secondary_ipv4: '172.16.101.153',
    secondary_ipv6: null,
    service_type: 'vpn',
    status: 'PENDING_CREATE',
    tenant_id: TENANT,
    vpn_gw_id: VPN_GW_ID,
    vrid: 20,
    ...overrides,
  };
}

export function event(
  event_type: string,
  aggregate_type: string,
  aggregate_id: string,
  aggregate_version: number,
  data: ResourceBody,
  tenant_id = TENANT,
): DomainEvent & { occurred_at: string; event_id: string } {
  return {
    event_type,
    aggregate_type,
    aggregate_id,
    aggregate_version,
    tenant_id,
    data,
    occurred_at: '2018-04-16T00:12:29.333Z',
    event_id: `${event_type}-${aggregate_id}-${aggregate_version}`,
  };
}

export const created = (type: string, prefix: string, resource: ResourceBody, version = 1) =>
  event(
    `${prefix}Created`,
    type,
    String(resource.id),
    version,
    { resource },
    String(resource.tenant_id ?? TENANT),
  );

export const updated = (type: string, prefix: string, id: string, version: number, changes: ResourceBody) =>
  event(`${prefix}Updated`, type, id, version, { changes });

const OCCURRED = { occurred_at: '2018-04-16T00:12:29.333Z' };
const target = (type: string, id: string, tenant = TENANT) => ({
  resource_type: type,
  id,
  tenant_id: tenant,
});
type Action = 'create' | 'update' | 'delete';

/** State events built with the domain's own constructors (state/state-events.ts). */
export const started = (type: string, id: string, version: number, action: Action = 'create') => ({
  ...provisioningStarted(target(type, id), { action, config_version: version, router: null }),
  ...OCCURRED,
});
export const succeeded = (type: string, id: string, version: number, action: Action = 'create') => ({
  ...provisioningSucceeded(target(type, id), { action, config_version: version, router: null }),
  ...OCCURRED,
});
export const failed = (
  type: string,
  id: string,
  version: number,
  error: string,
  action: Action = 'create',
) => ({
  ...provisioningFailed(target(type, id), { action, config_version: version, error, router: 'MX-1' }),
  ...OCCURRED,
});
export const observed = (
  type: string,
  id: string,
  version: number,
  state: 'UP' | 'DOWN' | 'FAIL',
  master: string | null = 'primary',
) => ({
  ...operationalStateObserved(target(type, id), {
    operational_state: state,
    config_version: version,
    detail: { observed_at: '2018-04-16T00:13:47.000Z', since: '2018-04-16T00:13:47.000Z', master },
  }),
  ...OCCURRED,
});

/** Positions events on a topic from `start`, in order. */
export function on(topic: string, start: number, ...events: DomainEvent[]): PositionedEvent[] {
  return events.map((envelope, i) => ({ topic, partition: 0, offset: String(start + i), envelope }));
}

/** The gw_interface's life: created, provisioning started/succeeded, VRRP observed UP. */
export function gwLifecycle(id = GW_ID, tenant = TENANT) {
  const resource = seedGwInterface({ id, tenant_id: tenant });
  return {
    created: created('gw_interface', 'GwInterface', resource),
    started: started('gw_interface', id, 1),
    succeeded: succeeded('gw_interface', id, 1),
    observedUp: observed('gw_interface', id, 1, 'UP'),
  };
}
