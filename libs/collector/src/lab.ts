// A lab for the collector's tests, demos and benchmark, built with the pure domain (decide + evolve)
// from the fixture flow (libs/domain/test/fixtures/vpn_flow_fixtures.json, the seed's ids, read at
// run time): the inventory of steps 1–14, then
// the seed's own vpn_gateway … static_route, or any number of fresh gateways. The provisioner is
// played too (`settle`: ProvisioningSucceeded for every version in flight, attach_port follow-ups),
// so nothing here depends on apps/provisioner. The events carry occurred_at (for the hold period).
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEVELOPMENT_SECRETS_KEY } from '@gohan-es/config';
import {
  createWriteModel,
  decide,
  evolve,
  followUpCommands,
  getResource,
  isProvisionedResource,
  provisioningSucceeded,
  schemaById,
} from '@gohan-es/domain';
import type { AnyCommand, DomainEvent, ResourceBody, WriteModel } from '@gohan-es/domain';
import { encryptSecretFields } from '@gohan-es/events';
import type { FeedEvent } from './resource-feed';

export interface FixtureStep {
  step: number;
  resource_type: string;
  resulting_id: string;
  body: Record<string, ResourceBody>;
  resulting_resource: Record<string, ResourceBody>;
  derived_resources?: {
    resource_type: string;
    id: string;
    resulting_resource: Record<string, ResourceBody>;
  }[];
}

/** The fixture flow's steps (pass libs/domain/test/fixtures/vpn_flow_fixtures.json). */
export function loadFixtureSteps(file: string): FixtureStep[] {
  return JSON.parse(readFileSync(file, 'utf8')) as FixtureStep[];
}

export const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
export const PRIMARY_ROUTER_ID = '7a35974a-a19f-49e2-b907-ad7fd8692975';
export const SECONDARY_ROUTER_ID = 'b7e6d8ad-5377-4380-bbb4-1a62566cbd6d';
const ADMIN = { user_name: 'admin', tenant_id: TENANT, roles: ['admin'], is_admin: true };

export interface LabRouter {
  ip: string;
  port: number;
}

export interface LabOptions {
  /** The fixture flow (loadFixtureSteps). */
  steps: readonly FixtureStep[];
  /** edge_router ip / ssh_port of the primary (fixture MX-2) and the secondary (MX-1). */
  primary?: LabRouter;
  secondary?: LabRouter;
  /** Key the secrets are encrypted with, as the API does (default: the development key). */
  secretsKey?: string;
  /** Router password (encrypted in the events like the API does). Default `esi`. */
  password?: string;
  /** Name of the downlink interface on both routers (default `ae0`). */
  downlink?: string;
  /** Name of the uplink interface on both routers (default `ge-0/0/1`). */
  uplink?: string;
  /** First downlink VLAN (default 1025, as the seed). */
  firstVlan?: number;
  /** Room for this many gateways (ha_router slots, GA bandwidth). Default: the fixture's. */
  capacity?: number;
  clock?: () => Date;
}

const randomMac = (): string =>
  `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

export class CollectorLab {
  readonly model: WriteModel = createWriteModel();
  private readonly reported = new Map<string, number>();
  private readonly clock: () => Date;
  private gateways = 0;

  constructor(private readonly options: LabOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Decides one command against the lab's model and applies its events. */
  run(command: AnyCommand): FeedEvent[] {
    const occurred_at = command.meta.now;
    const events = decide(this.model, command).map((e) => ({ ...e, occurred_at }));
    for (const e of events) evolve(this.model, e);
    return events;
  }

  private meta(ids: readonly string[], macs: readonly string[] = []) {
    return { command_id: randomUUID(), actor: ADMIN, now: this.clock().toISOString(), ids, macs };
  }

  create(
    type: string,
    body: ResourceBody,
    ids: readonly string[],
    macs: readonly string[] = [],
  ): FeedEvent[] {
    const schema = schemaById(type)!;
    const sealed = encryptSecretFields(schema, body, this.options.secretsKey ?? DEVELOPMENT_SECRETS_KEY);
    return this.run({ kind: 'create', resource_type: type, body: sealed, meta: this.meta(ids, macs) });
  }

  private fixtureBody(step: FixtureStep): ResourceBody {
    const body = { ...step.body[step.resource_type]! };
    const o = this.options;
    if (step.resource_type === 'edge_router') {
      const router = step.resulting_id === PRIMARY_ROUTER_ID ? o.primary : o.secondary;
      if (router) Object.assign(body, { ip: router.ip, ssh_port: router.port });
      body['password'] = o.password ?? 'esi';
    }
    if (step.resource_type === 'er_physical_interface' && body['name'] === 'ae0' && o.downlink)
      body['name'] = o.downlink;
    if (step.resource_type === 'er_physical_interface' && body['name'] === 'ge-0/0/1' && o.uplink)
      body['name'] = o.uplink;
    if (step.resource_type === 'ha_interface' && body['link_type'] === 'downlink') {
      if (o.firstVlan !== undefined) body['restricted_vlans'] = `0-${o.firstVlan - 1},4094`;
      if (o.capacity !== undefined)
        Object.assign(body, { maximum_ga_bandwidth: 10 * o.capacity, maximum_be_bandwidth: 10 * o.capacity });
    }
    if (step.resource_type === 'ha_router' && o.capacity !== undefined) body['maximum_gateways'] = o.capacity;
    return body;
  }

  private runStep(step: FixtureStep): FeedEvent[] {
    const derived = step.derived_resources ?? [];
    const macs = derived
      .filter((d) => d.resource_type === 'port')
      .map((d) => d.resulting_resource['port']!['mac_address'] as string)
      .filter((mac) => mac !== '00:00:5e:00:01:00');
    return this.create(
      step.resource_type,
      this.fixtureBody(step),
      [step.resulting_id, ...derived.map((d) => d.id)],
      macs,
    );
  }

  /** The inventory of the fixture flow (steps 1–14: ESE, routers, HA pair, service, QoS). */
  inventory(): FeedEvent[] {
    return this.options.steps.filter((s) => s.step <= 14).flatMap((s) => this.runStep(s));
  }

  /** The seed itself (steps 15–20: vpn_gateway, vpn_interface, network, subnet, gw_interface, static_route). */
  seed(): FeedEvent[] {
    return this.options.steps.filter((s) => s.step >= 15).flatMap((s) => this.runStep(s));
  }

  /** A fresh vpn_gateway with its network, subnet, gw_interface and (optionally) vpn_interface. */
  addGateway(withVpnInterface = true): {
    events: FeedEvent[];
    gateway: string;
    gwInterface: string;
    vpnInterface?: string;
  } {
    const n = (this.gateways += 1);
    const [gateway, network, subnet, dhcp, gw, pa, ea, pb, eb, vi] = Array.from({ length: 10 }, () =>
      randomUUID(),
    );
    const events: FeedEvent[] = [];
    const base = this.options.steps.find((s) => s.resource_type === 'vpn_gateway')!.body['vpn_gateway']!;
    events.push(
      ...this.create('vpn_gateway', { ...base, name: `gw-${n}`, uplink_vlan_id: String(1 + n) }, [gateway!]),
    );
    if (withVpnInterface) {
      const viBody = this.options.steps.find((s) => s.resource_type === 'vpn_interface')!.body[
        'vpn_interface'
      ]!;
      events.push(
        ...this.create('vpn_interface', { ...viBody, name: `vi-${n}`, vpn_gw_id: gateway! }, [vi!]),
      );
    }
    const cidr = `10.${(n >> 8) & 255}.${n & 255}`;
    events.push(...this.create('network', { name: `net-${n}`, tenant_id: TENANT }, [network!]));
    events.push(
      ...this.create('subnet', { network_id: network!, cidr: `${cidr}.0/24`, tenant_id: TENANT }, [
        subnet!,
        dhcp!,
      ]),
    );
    const gwBody = this.options.steps.find((s) => s.resource_type === 'gw_interface')!.body['gw_interface']!;
    events.push(
      ...this.create(
        'gw_interface',
        {
          ...gwBody,
          name: `gwif-${n}`,
          network_id: network!,
          vpn_gw_id: gateway!,
          gw_vipv4: `${cidr}.151`,
          primary_ipv4: `${cidr}.152`,
          secondary_ipv4: `${cidr}.153`,
        },
        [gw!, pa!, ea!, pb!, eb!],
        [randomMac(), randomMac()],
      ),
    );
    return {
      events,
      gateway: gateway!,
      gwInterface: gw!,
      ...(withVpnInterface ? { vpnInterface: vi! } : {}),
    };
  }

  /**
   * Plays the provisioner until nothing is in flight: ProvisioningSucceeded for every provisioned
   * resource whose config version was not reported yet, and the attach_port follow-ups (domain events).
   */
  settle(): { domain: FeedEvent[]; provisioning: DomainEvent[] } {
    const domain: FeedEvent[] = [];
    const provisioning: DomainEvent[] = [];
    for (let progress = true; progress;) {
      progress = false;
      for (const byId of this.model.resources.values()) {
        for (const record of [...byId.values()]) {
          const schema = schemaById(record.resource_type)!;
          const key = `${record.resource_type}/${record.id}`;
          if (!isProvisionedResource(schema, record.body) || record.marked_for_deletion) continue;
          if ((this.reported.get(key) ?? 0) >= record.version) continue;
          const event = provisioningSucceeded(
            { resource_type: record.resource_type, id: record.id, tenant_id: record.tenant_id },
            {
              action: record.version === 1 ? 'create' : 'update',
              config_version: record.version,
              router: null,
            },
          );
          provisioning.push(event);
          this.reported.set(key, record.version);
          progress = true;
          for (const command of followUpCommands(this.model, event, this.meta([])))
            domain.push(...this.run(command));
        }
      }
    }
    return { domain, provisioning };
  }

  body(type: string, id: string): ResourceBody {
    return getResource(this.model, type, id)!.body;
  }
}
