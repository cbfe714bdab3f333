// The collector's junos device profile end to end against a simulated router: an SSH front of this
// test's own (libs/router-sim RouterFront, Junos RPCs answered by its JunosOpsRelay) on a loopback
// address of its own relays to MX-1's netconfd, so the stack's routers are not restarted and no
// other suite's sessions go through it. The same router state read with the three Junos
// operational RPCs (pipelined, one session) and with the simulator's get-config gives the same
// snapshot; the test's state is set through that front too (edit-config / commit pass through).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetconfRouterPoller } from '@gohan-es/collector';
import type { CollectorDeviceProfile, RouterEndpoint, RouterSnapshot } from '@gohan-es/collector';
import {
  RouterFront,
  frontOptions,
  ensureHostKey,
  loadSimSettings,
  removeSimulatorState,
  setSimulatorState,
  simRouter,
  writeKnownHosts,
} from '@gohan-es/router-sim';
import type { SimRouter, SimSettings, SimulatorState } from '@gohan-es/router-sim';
import { uniqueKeys } from './support';

describe('Collector junos profile (simulated router answering Junos RPCs)', () => {
  const settings = loadSimSettings();
  const mx1 = simRouter(settings, 'mx1');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'collector-junos-'));
  // An address of this run's own; the port must stay MX-1's (netconfd checks it).
  const router: SimRouter = { ...mx1, address: `127.0.21.${1 + Math.floor(Math.random() * 250)}` };
  const frontSettings: SimSettings = { ...settings, knownHostsFile: path.join(tmp, 'known_hosts') };
  const endpoint: RouterEndpoint = {
    key: `${settings.login}@${router.address}:${router.port}`,
    host: router.address,
    port: router.port,
    username: settings.login,
    password: settings.password,
  };
  const { downlink, uplink, firstVlan } = uniqueKeys();
  const bare = `ae${1000 + Math.floor(Math.random() * 1000)}`;
  const instance = `vrf_junos_${firstVlan}`;
  const state: SimulatorState = {
    vrrpGroups: [
      { interface: downlink, unit: String(firstVlan), group: 20, state: 'MASTER' },
      { interface: downlink, unit: String(firstVlan + 1), group: 7, state: 'BACKUP' },
      { interface: downlink, unit: String(firstVlan + 2), group: 9, state: 'INIT' },
    ],
    bgpPeers: [
      { instance, neighbor: '192.0.2.1', state: 'Established' },
      { instance, neighbor: '192.0.2.5', state: 'Active' },
      { instance, neighbor: '2001:db8:99::1', state: 'Established' },
    ],
    logicalInterfaces: [
      { name: `${downlink}.${firstVlan}`, operStatus: 'up' },
      { name: `${downlink}.${firstVlan + 1}`, operStatus: 'down' },
      // A unit whose physical interface has no state of its own.
      { name: `${bare}.0`, operStatus: 'up' },
    ],
    physicalInterfaces: [
      { name: downlink, operStatus: 'up' },
      { name: uplink, operStatus: 'down' },
    ],
  };
  let front: RouterFront;
  const pollers: NetconfRouterPoller[] = [];

  const poller = (deviceProfile: CollectorDeviceProfile): NetconfRouterPoller => {
    const p = new NetconfRouterPoller({
      knownHostsFile: frontSettings.knownHostsFile,
      connectTimeoutMs: 5000,
      rpcTimeoutMs: 5000,
      deviceProfile,
    });
    pollers.push(p);
    return p;
  };

  /** Only this run's entries (MX-1 is shared with other suites). */
  const own = (snapshot: RouterSnapshot) => {
    const mine = (key: string) =>
      key.startsWith(`${downlink}|`) ||
      key.startsWith(`${downlink}.`) ||
      key === downlink ||
      key === uplink ||
      key.startsWith(`${bare}.`) ||
      key === bare ||
      key.startsWith(`${instance}|`);
    const pick = (m: ReadonlyMap<string, string>) => [...m].filter(([k]) => mine(k)).sort();
    return {
      vrrp: pick(snapshot.vrrp),
      bgp: pick(snapshot.bgp),
      interfaces: pick(snapshot.interfaces),
      physical: pick(snapshot.physical),
    };
  };

  async function read(p: NetconfRouterPoller): Promise<RouterSnapshot> {
    const result = (await p.poll([endpoint])).get(endpoint.key)!;
    if (result.status !== 'ok') throw new Error(`poll ${result.status}: ${result.error}`);
    return result.snapshot;
  }

  beforeAll(async () => {
    const key = ensureHostKey(path.join(tmp, 'ssh_host_ed25519_key'));
    writeKnownHosts(frontSettings.knownHostsFile, [
      { address: router.address, port: router.port, publicKey: key.publicKey },
    ]);
    front = new RouterFront(
      frontOptions(settings, router, key.privateKey, () => undefined, { junosRpcs: true }),
    );
    await front.up();
    await setSimulatorState(router, state, { settings: frontSettings });
  });

  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.close()));
    await removeSimulatorState('mx1', state, { settings }).catch(() => undefined);
    await front?.down('refuse');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('should read the same snapshot with the Junos RPCs as with the simulator get-config', async () => {
    const junos = own(await read(poller('junos')));
    expect(junos).toEqual({
      vrrp: [
        [`${downlink}|${firstVlan + 1}|7`, 'BACKUP'],
        [`${downlink}|${firstVlan + 2}|9`, 'INIT'],
        [`${downlink}|${firstVlan}|20`, 'MASTER'],
      ].sort(),
      bgp: [
        [`${instance}|192.0.2.1`, 'Established'],
        [`${instance}|192.0.2.5`, 'Active'],
        [`${instance}|2001:db8:99::1`, 'Established'],
      ].sort(),
      interfaces: [
        [`${bare}.0`, 'up'],
        [`${downlink}.${firstVlan + 1}`, 'down'],
        [`${downlink}.${firstVlan}`, 'up'],
      ].sort(),
      physical: [
        [downlink, 'up'],
        [uplink, 'down'],
      ].sort(),
    });
    expect(own(await read(poller('simulator')))).toEqual(junos);
  });

  it('should follow a change on its one session, three RPCs per poll', async () => {
    const p = poller('junos');
    expect(own(await read(p)).vrrp).toContainEqual([`${downlink}|${firstVlan}|20`, 'MASTER']);
    await setSimulatorState(
      router,
      {
        vrrpGroups: [{ interface: downlink, unit: String(firstVlan), group: 20, state: 'BACKUP' }],
        bgpPeers: [{ instance, neighbor: '192.0.2.5', state: 'Established' }],
        physicalInterfaces: [{ name: uplink, operStatus: 'up' }],
      },
      { settings: frontSettings },
    );
    const after = own(await read(p));
    expect(after.vrrp).toContainEqual([`${downlink}|${firstVlan}|20`, 'BACKUP']);
    expect(after.bgp).toContainEqual([`${instance}|192.0.2.5`, 'Established']);
    expect(after.physical).toContainEqual([uplink, 'up']);
    expect(p.sessionsOpened.get(endpoint.key)).toBe(1);
  });
});
