// The seed lab (DOMAIN.md §1.4, vpn_flow_fixtures.json): the resources of the VPN flow as the
// original API showed them, and helpers to stage them in the order they were created.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWriteModel, type ResourceBody, type WriteModel } from '@gohan-es/domain';
import {
  configuration,
  container,
  entry,
  leaf,
  resourceSource,
  type ConfigTree,
  type ResourceSource,
} from '../src';
import seed from './seed-resources.json';

export const SEED = seed as unknown as Record<string, ResourceBody[]>;

/** vMX-router-01 = MX-1 = secondary; vMX-router-02 = MX-2 = primary. */
export const MX1_SECONDARY = 'b7e6d8ad-5377-4380-bbb4-1a62566cbd6d';
export const MX2_PRIMARY = '7a35974a-a19f-49e2-b907-ad7fd8692975';
export const ROUTERS = [
  { label: 'mx1-secondary', id: MX1_SECONDARY, fixture: 'MX-1' },
  { label: 'mx2-primary', id: MX2_PRIMARY, fixture: 'MX-2' },
] as const;

export const IDS = {
  vpn_gateway: 'b1da850c-3344-4de2-aa18-d96a30b54f69',
  vpn_interface: '07d4f1fc-5142-4fae-b115-627fc009e222',
  gw_interface: '3dbcfce5-bca5-4182-991a-c23de685fcf1',
  static_route: '31980341-9bef-4f05-8df7-674dea343884',
} as const;
export type SeedType = keyof typeof IDS;
export const ORDER: readonly SeedType[] = ['vpn_gateway', 'vpn_interface', 'gw_interface', 'static_route'];

/** The inventory plus the provisioned resources up to and including `upTo` (none when undefined). */
export function stage(
  upTo?: SeedType,
  overrides: Partial<Record<string, ResourceBody[]>> = {},
): ResourceSource {
  const n = upTo === undefined ? 0 : ORDER.indexOf(upTo) + 1;
  const included = new Set<string>(ORDER.slice(0, n));
  const byType: Record<string, ResourceBody[]> = {};
  for (const [type, bodies] of Object.entries(SEED))
    byType[type] = (ORDER as readonly string[]).includes(type) && !included.has(type) ? [] : bodies;
  return resourceSource({ ...byType, ...overrides } as Record<string, ResourceBody[]>);
}

/**
 * What the lab routers had outside Gohan-ES before the VPN flow (DOMAIN.md §2.3 and the §2.2 note):
 * the uplink and the ae0 LAG, and a routing instance of the earlier internet-gateway lab.
 */
export const LAB_BASE: ConfigTree = configuration(
  container('interfaces', entry('interface', 'ge-0/0/1'), entry('interface', 'ae0')),
  container(
    'routing-instances',
    entry('instance', 'vrf_internet_lab', leaf('instance-type', 'virtual-router')),
  ),
);

/** "$9$" salt and padding each router picked for the seed's BGP key (vpn_interface diff, §2.2). */
export const ROUTER_KEY_SALT: Record<string, [string, string]> = { 'MX-1': ['Z', 'i'], 'MX-2': ['6', 'eJ/'] };

const GOLDEN = join(__dirname, 'golden');
export const golden = (name: string): string => readFileSync(join(GOLDEN, name), 'utf8');

/** A decider write model holding every seed resource; `deleting` (type/id) are marked for deletion. */
export function seedWriteModel(deleting: readonly string[] = []): WriteModel {
  const model = createWriteModel();
  for (const [type, bodies] of Object.entries(SEED)) {
    const byId = new Map(
      bodies.map((body) => {
        const id = String(body.id);
        const record = {
          resource_type: type,
          id,
          tenant_id: String(body.tenant_id),
          body,
          version: 1,
          marked_for_deletion: deleting.includes(`${type}/${id}`),
        };
        return [id, record] as const;
      }),
    );
    model.resources.set(type, byId);
  }
  return model;
}
