// The seed flow (DOMAIN.md §1.4, steps 1–20 of the fixtures) through the HTTP API of a
// ProvisioningWorld, the routers' running config read back as trees, and the golden config of the
// seed on MX-1 and MX-2 (hand-written from DOMAIN.md §2.2 / §4.1, golden/*.xml).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { schemaById } from '@gohan-es/domain';
import { mergeTrees, parseConfigXml, renderConfigText, withoutSubtrees } from '@gohan-es/junos';
import type { ConfigPath, ConfigTree } from '@gohan-es/junos';
import {
  getRunningConfiguration,
  resetRouter,
  withCandidateLock,
  withSimSession,
} from '@gohan-es/router-sim';
import type { RouterId } from '@gohan-es/router-sim';
import { FixtureFlow, vpnFlowSteps } from '../e2e/fixture-flow';
import type { Body } from '../e2e/fixture-flow';
import type { ProvisioningWorld } from './world';
import { waitFor } from './world';

export { vpnFlowSteps };
export const fixtureId = (type: string, nth = 0): string =>
  vpnFlowSteps.filter((s) => s.resource_type === type)[nth]!.resulting_id;
export const plural = (type: string): string => schemaById(type)!.plural;

/** Running `<configuration>` of a simulated router as a normalized tree. */
export async function runningTree(router: RouterId): Promise<ConfigTree> {
  return parseConfigXml(await getRunningConfiguration(router, { timeoutMs: 15_000 }));
}

export const treeText = (tree: ConfigTree): string => renderConfigText(tree, { secrets: 'clear' });

/** The seed's exact config of a router (golden/*.xml), with the run's BGP key. */
export function seedTree(router: RouterId, bgpMd5: string): ConfigTree {
  const xml = readFileSync(path.join(__dirname, 'golden', `${router}.xml`), 'utf8');
  return parseConfigXml(xml.replace('BGP_MD5', bgpMd5));
}

/** What the router must hold: its base config plus exactly the seed's config, minus `without`. */
export function goldenTree(
  router: RouterId,
  bgpMd5: string,
  without: readonly ConfigPath[] = [],
): ConfigTree {
  return withoutSubtrees(mergeTrees([baseTree(), seedTree(router, bgpMd5)]), without);
}

/**
 * What a router has before Gohan-ES touches it (DOMAIN.md §2.3): the physical interfaces (the
 * uplink ge-0/0/1 and the LAG ae0 toward the ESE switch) and a routing instance of its own.
 * Provisioning must never change it; deletes must leave it.
 */
export const BASE_XML =
  '<interfaces><interface><name>ge-0/0/1</name></interface><interface><name>ae0</name></interface></interfaces>' +
  '<routing-instances><instance><name>mgmt-vrf</name><instance-type>virtual-router</instance-type></instance></routing-instances>';
export const baseTree = (): ConfigTree => parseConfigXml(simConfig(BASE_XML));

/** Commits a hand-made change on a simulated router (base config, drift). */
export async function editRouter(router: RouterId, inner: string): Promise<void> {
  await withSimSession(router, (session) =>
    withCandidateLock(session, async () => {
      await session.rpc(
        `<edit-config><target><candidate/></target><config>${simConfig(inner)}</config></edit-config>`,
      );
      await session.rpc('<commit/>');
    }),
  );
}

/** Empty routers with their base config (physical interfaces). */
export async function resetRouters(withBase = true): Promise<void> {
  await Promise.all((['mx1', 'mx2'] as const).map((r) => resetRouter(r, { timeoutMs: 20_000 })));
  if (withBase) await Promise.all((['mx1', 'mx2'] as const).map((r) => editRouter(r, BASE_XML)));
}

export class Seed extends FixtureFlow {
  constructor(readonly world: ProvisioningWorld) {
    super(world.client, {
      eseDevicePassword: `ese-${randomUUID()}`,
      bgpMd5: `md5-${randomUUID().slice(0, 8)}`,
    });
  }

  /** POSTs the fixture steps from the first through the first of `last` (inclusive). */
  async through(last: string, transform: (type: string, body: Body) => Body = (_t, b) => b): Promise<void> {
    for (const step of vpnFlowSteps) {
      if (this.ids.has(step.resulting_id)) continue;
      const body = this.requestBody(step);
      const inner = transform(step.resource_type, body[step.resource_type]!);
      const res = await this.request('POST', step.path, { [step.resource_type]: inner });
      if (res.status !== 201)
        throw new Error(`step ${step.step} POST ${step.path}: ${res.status} ${res.text}`);
      this.last = res;
      this.ids.set(step.resulting_id, res.json[step.resource_type].id as string);
      await this.mapDerived(step);
      if (step.resource_type === last) return;
    }
  }

  /** The API id of a fixture resource. */
  id(type: string, nth = 0): string {
    return this.ids.get(fixtureId(type, nth))!;
  }

  /** GET show by API id (no consistency token: the caller waits for the provisioner anyway). */
  async get(type: string, id: string): Promise<Body | undefined> {
    const res = await this.world.client.request('GET', `/v2.0/${plural(type)}/${id}`, {
      token: 'admin_token',
    });
    return res.status === 200 ? (res.json[type] as Body) : undefined;
  }

  /** Waits until the show satisfies `ok` (or, with `gone`, until it is 404). */
  async until(type: string, id: string, ok: (show: Body) => boolean, timeoutMs = 30_000): Promise<Body> {
    let last: Body | undefined;
    return waitFor(
      async () => {
        last = await this.get(type, id);
        return last !== undefined && ok(last) ? last : undefined;
      },
      { timeoutMs, message: () => `${type} ${id}: last show ${JSON.stringify(last)}` },
    );
  }

  async gone(type: string, id: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(async () => (await this.get(type, id)) === undefined, {
      timeoutMs,
      message: `${type} ${id} to disappear`,
    });
  }

  /** The ports and ELPs of a gw_interface (API ids). */
  async childrenOf(gwId: string): Promise<{ ports: string[]; elps: string[] }> {
    const ports = await this.list('port', `device_id=${gwId}`);
    const elps = await this.list('ese_logical_port', `gw_interface_id=${gwId}`);
    return { ports: ports.map((p) => String(p['id'])), elps: elps.map((e) => String(e['id'])) };
  }
}

export const orchestration = (state: string) => (show: Body) => show['orchestration_state'] === state;

/** An edit-config `<config>` body for a simulated router (hand-made drift). */
export const simConfig = (inner: string): string =>
  `<configuration xmlns="http://yang.juniper.net/junos/conf/root">${inner}</configuration>`;
