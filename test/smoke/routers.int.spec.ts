// Smoke test of the two simulated MX routers (scripts/stack/routers.sh: netconfd behind the ssh2
// front of libs/router-sim). It talks NETCONF over SSH with ssh2's Client directly (the small
// harness session of libs/router-sim, plus one raw exchange), not with libs/netconf: it checks the
// simulator itself. Both routers get the exact config the system pushes (DOMAIN.md §2.2, §4.1), under
// interface and VRF names owned by this run, which it removes again: other suites may share the
// routers. (The /down and /hang tests do drop every open session of the router for a moment.)
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ssh2';
import {
  JUNOS_CONF_NS,
  SimNetconfSession,
  controlRouter,
  generateEd25519KeyPair,
  getRunningConfiguration,
  getSimulatorState,
  knownHostsVerifier,
  loadSimSettings,
  removeSimulatorState,
  setSimulatorState,
  simRouter,
  withCandidateLock,
  withSimSession,
  type RouterId,
  type SimulatorState,
} from '@gohan-es/router-sim';

const settings = loadSimSettings();

// Names owned by this run (the system's are ge-0/0/1, ae0 and vrf_gw_sample-ha-router-downlink_1025).
const tag = String(process.pid % 1000);
const GE = `ge-8/${tag}/1`;
const AE = `ae${tag}`;
const VRF = `vrf_gw_smoke-${tag}_1025`;

/** Polls `condition` until it holds or the deadline passes. */
async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function tcpRefused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

function connect(id: RouterId, overrides: Partial<Parameters<typeof SimNetconfSession.connect>[0]> = {}) {
  const router = simRouter(settings, id);
  return SimNetconfSession.connect({
    host: router.address,
    port: router.port,
    username: settings.login,
    password: settings.password,
    knownHostsFile: settings.knownHostsFile,
    timeoutMs: 10_000,
    ...overrides,
  });
}

/** What each router gets (MX-1 = secondary, MX-2 = primary), DOMAIN.md §2.2 and §4.1. */
const PUSHED = {
  mx1: {
    group: 'VPNGW2',
    own: '172.16.101.153',
    peer: '172.16.101.152',
    priority: 100,
    ebgp: '192.168.8.6',
    ebgpPeer: '192.168.8.5',
  },
  mx2: {
    group: 'VPNGW1',
    own: '172.16.101.152',
    peer: '172.16.101.153',
    priority: 105,
    ebgp: '192.168.8.2',
    ebgpPeer: '192.168.8.1',
  },
} as const;

function pushedConfig(id: RouterId): string {
  const p = PUSHED[id];
  return `<configuration xmlns="${JUNOS_CONF_NS}">
  <interfaces>
    <interface><name>${GE}</name>
      <unit><name>122</name><description>CloudGW_vpn</description><vlan-id>122</vlan-id>
        <family><inet><address><name>${p.ebgp}/30</name></address></inet></family>
      </unit>
    </interface>
    <interface><name>${AE}</name>
      <unit><name>1025</name><apply-groups>${p.group}-VRRP</apply-groups><description>vpn_gw</description><vlan-id>1025</vlan-id>
        <family><inet>
          <filter><input><filter-name>FILTER_10M-GA-UP-VPN</filter-name></input><output><filter-name>FILTER_10M-GA-DOWN-VPN</filter-name></output></filter>
          <address><name>${p.own}/24</name>
            <vrrp-group><name>20</name><virtual-address>172.16.101.151</virtual-address><priority>${p.priority}</priority></vrrp-group>
          </address>
        </inet></family>
      </unit>
    </interface>
  </interfaces>
  <routing-instances>
    <instance><name>${VRF}</name><instance-type>virtual-router</instance-type>
      <interface><name>${GE}.122</name></interface><interface><name>${AE}.1025</name></interface>
      <routing-options><router-id>${p.ebgp}</router-id><autonomous-system><as-number>65101</as-number></autonomous-system>
        <static><route><name>192.168.0.0/24</name><next-hop>172.16.101.1</next-hop></route></static>
      </routing-options>
      <protocols><bgp>
        <group><name>CloudGW1</name><apply-groups>${p.group}-RI-EBGP</apply-groups><local-address>${p.ebgp}</local-address><peer-as>9598</peer-as>
          <neighbor><name>${p.ebgpPeer}</name><authentication-key>$9$ZiGkPF39pOR/C</authentication-key></neighbor>
        </group>
        <group><name>inet-gw-group</name><apply-groups>${p.group}-RI-IBGP</apply-groups><local-address>${p.own}</local-address><peer-as>65101</peer-as>
          <neighbor><name>${p.peer}</name></neighbor>
        </group>
      </bgp></protocols>
    </instance>
  </routing-instances>
</configuration>`;
}

/** Whitespace-free XML, so that assertions do not depend on netconfd's indentation. */
const compact = (xml: string) => xml.replace(/>\s+</g, '><');

/** Removes what this run added (operation="remove": no error when it is not there). */
async function removeOwnConfig(id: RouterId): Promise<void> {
  const remove = 'xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"';
  await withSimSession(id, (session) =>
    withCandidateLock(session, async () => {
      await session.rpc(
        `<edit-config><target><candidate/></target><config><configuration xmlns="${JUNOS_CONF_NS}">` +
          `<interfaces><interface ${remove}><name>${GE}</name></interface><interface ${remove}><name>${AE}</name></interface></interfaces>` +
          `<routing-instances><instance ${remove}><name>${VRF}</name></instance></routing-instances>` +
          '</configuration></config></edit-config>',
      );
      await session.rpc('<commit/>');
    }),
  );
}

/** This run's entries of a simulator state. */
function own(state: SimulatorState): SimulatorState {
  return {
    vrrpGroups: state.vrrpGroups.filter((g) => g.interface === AE),
    bgpPeers: state.bgpPeers.filter((p) => p.instance === VRF),
    logicalInterfaces: state.logicalInterfaces.filter((i) => i.name.startsWith(`${AE}.`)),
    physicalInterfaces: state.physicalInterfaces.filter((i) => i.name === AE),
  };
}

describe.each(['mx1', 'mx2'] as const)('Simulated router %s', (id) => {
  const router = simRouter(settings, id);

  afterAll(async () => {
    await controlRouter(id, 'up');
    await removeOwnConfig(id);
  });

  it('should speak NETCONF 1.1 with the candidate capabilities, behind a host key listed in known_hosts', async () => {
    const session = await connect(id);
    try {
      expect(session.base).toBe('1.1');
      expect(session.sessionId).toMatch(/^\d+$/);
      expect(session.serverCapabilities).toEqual(
        expect.arrayContaining([
          'urn:ietf:params:netconf:base:1.1',
          'urn:ietf:params:netconf:capability:candidate:1.0',
          'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
          'urn:ietf:params:netconf:capability:validate:1.1',
        ]),
      );
      expect(
        session.serverCapabilities.some((c) => c.startsWith(`${JUNOS_CONF_NS}?module=junos-conf-root`)),
      ).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('should fail the connection when known_hosts lists another key for the router', async () => {
    const other = settings.routers.find((r) => r.id !== id)!;
    const otherKey = fs.readFileSync(`${other.hostKeyFile}.pub`, 'utf8').trim();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'router-sim-')), 'known_hosts');
    fs.writeFileSync(file, `[${router.address}]:${router.port} ${otherKey}\n`);
    await expect(connect(id, { knownHostsFile: file })).rejects.toThrow(/host/i);
  });

  it('should lock, edit, commit and show the config the system pushes, then unlock', async () => {
    const session = await connect(id);
    try {
      await withCandidateLock(session, async () => {
        await session.rpc(
          `<edit-config><target><candidate/></target><config>${pushedConfig(id)}</config></edit-config>`,
        );
        await session.rpc('<commit/>');
      });
      // Unlocked: another session can take the lock (other suites may hold it for a moment).
      const other = await connect(id);
      await withCandidateLock(other, async () => undefined, { timeoutMs: 5000 });
      await other.close();
    } finally {
      await session.close();
    }
    const running = compact(await getRunningConfiguration(id));
    const p = PUSHED[id];
    expect(running).toContain(
      `<address><name>${p.own}/24</name><vrrp-group><name>20</name>` +
        `<virtual-address>172.16.101.151</virtual-address><priority>${p.priority}</priority></vrrp-group></address>`,
    );
    expect(running).toContain(
      '<filter><input><filter-name>FILTER_10M-GA-UP-VPN</filter-name></input>' +
        '<output><filter-name>FILTER_10M-GA-DOWN-VPN</filter-name></output></filter>',
    );
    expect(running).toContain(
      `<neighbor><name>${p.ebgpPeer}</name><authentication-key>$9$ZiGkPF39pOR/C</authentication-key></neighbor>`,
    );
    expect(running).toContain(
      `<group><name>inet-gw-group</name><apply-groups>${p.group}-RI-IBGP</apply-groups>` +
        `<local-address>${p.own}</local-address><peer-as>65101</peer-as><neighbor><name>${p.peer}</name></neighbor></group>`,
    );
    expect(running).toContain('<autonomous-system><as-number>65101</as-number></autonomous-system>');
    expect(running).toContain('<route><name>192.168.0.0/24</name><next-hop>172.16.101.1</next-hop></route>');
  });

  it('should reject config outside the YANG subset with a typed rpc-error', async () => {
    await withSimSession(id, (session) =>
      withCandidateLock(session, async () => {
        await expect(
          session.rpc(
            `<edit-config><target><candidate/></target><config><configuration xmlns="${JUNOS_CONF_NS}">` +
              `<interfaces><interface><name>${AE}</name><unit><name>7</name><vlan-id>5000</vlan-id></unit></interface>` +
              `</interfaces></configuration></config></edit-config>`,
          ),
        ).rejects.toMatchObject({ name: 'SimRpcError', tag: 'invalid-value' });
        await session.rpc('<discard-changes/>');
      }),
    );
  });

  it('should answer a client whose first rpc follows its hello in the same write (netconfd bug #1)', async () => {
    const client = new Client();
    const reply = new Promise<string>((resolve, reject) => {
      client.on('error', reject);
      client.on('ready', () => {
        client.subsys('netconf', (err, channel) => {
          if (err) return reject(err);
          let received = '';
          channel.on('data', (chunk: Buffer) => {
            received += chunk.toString();
            const replies = received.split(']]>]]>');
            if (replies.length > 2) resolve(replies[1]!);
          });
          channel.write(
            '<?xml version="1.0" encoding="UTF-8"?><hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">' +
              '<capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>' +
              '<rpc message-id="101" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get-config><source><running/></source>' +
              `<filter type="subtree"><configuration xmlns="${JUNOS_CONF_NS}"/></filter></get-config></rpc>]]>]]>`,
          );
        });
      });
    });
    client.connect({
      host: router.address,
      port: router.port,
      username: settings.login,
      password: settings.password,
      hostVerifier: knownHostsVerifier(settings.knownHostsFile, router.address, router.port),
      readyTimeout: 10_000,
    });
    client.setNoDelay(true);
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no reply to the pipelined rpc')), 5000).unref(),
      );
      expect(await Promise.race([reply, timeout])).toMatch(/<rpc-reply[^>]*message-id="101"[\s\S]*<data/);
    } finally {
      client.end();
    }
  });

  it('should keep the simulator state the harness sets and return it to a subtree-filtered get-config', async () => {
    const vrrp = { interface: AE, unit: '1025', group: 20 };
    const peer = { instance: VRF, neighbor: PUSHED[id].peer };
    const unit = { name: `${AE}.1025` };
    const link = { name: AE };
    await setSimulatorState(id, {
      vrrpGroups: [{ ...vrrp, state: id === 'mx2' ? 'MASTER' : 'BACKUP' }],
      bgpPeers: [{ ...peer, state: 'Established' }],
      logicalInterfaces: [{ ...unit, operStatus: 'up' }],
      physicalInterfaces: [{ ...link, operStatus: 'up' }],
    });
    expect(own(await getSimulatorState(id))).toEqual({
      vrrpGroups: [{ ...vrrp, state: id === 'mx2' ? 'MASTER' : 'BACKUP' }],
      bgpPeers: [{ ...peer, state: 'Established' }],
      logicalInterfaces: [{ ...unit, operStatus: 'up' }],
      physicalInterfaces: [{ ...link, operStatus: 'up' }],
    });

    // A merge changes only the listed entry.
    await setSimulatorState(id, { logicalInterfaces: [{ ...unit, operStatus: 'down' }] });
    const merged = own(await getSimulatorState(id));
    expect(merged.logicalInterfaces).toEqual([{ ...unit, operStatus: 'down' }]);
    expect(merged.vrrpGroups).toHaveLength(1);

    // A remove takes out exactly the listed entries.
    await removeSimulatorState(id, {
      bgpPeers: [peer],
      logicalInterfaces: [unit],
      physicalInterfaces: [link],
    });
    expect(own(await getSimulatorState(id))).toEqual({
      vrrpGroups: [{ ...vrrp, state: id === 'mx2' ? 'MASTER' : 'BACKUP' }],
      bgpPeers: [],
      logicalInterfaces: [],
      physicalInterfaces: [],
    });

    // A replace drops every entry not listed (then the previous state is put back).
    const before = await getSimulatorState(id);
    try {
      await setSimulatorState(id, { vrrpGroups: [{ ...vrrp, state: 'INIT' }] }, { replace: true });
      expect(await getSimulatorState(id)).toEqual({
        vrrpGroups: [{ ...vrrp, state: 'INIT' }],
        bgpPeers: [],
        logicalInterfaces: [],
        physicalInterfaces: [],
      });
    } finally {
      await setSimulatorState(id, before, { replace: true });
      await removeSimulatorState(id, { vrrpGroups: [vrrp] });
    }
    expect(own(await getSimulatorState(id))).toEqual({
      vrrpGroups: [],
      bgpPeers: [],
      logicalInterfaces: [],
      physicalInterfaces: [],
    });
  });

  it('should reject a wrong password', async () => {
    await expect(connect(id, { password: `${settings.password}-wrong` })).rejects.toThrow(
      /authentication methods failed/i,
    );
  });

  it('should accept a public key listed in the authorized_keys file', async () => {
    const pair = generateEd25519KeyPair();
    const line = `${pair.public} router-sim-smoke-${process.pid}-${id}`;
    fs.mkdirSync(path.dirname(settings.authorizedKeysFile), { recursive: true });
    fs.appendFileSync(settings.authorizedKeysFile, `${line}\n`);
    try {
      const session = await connect(id, { password: undefined, privateKey: pair.private });
      await session.close();
      const stranger = generateEd25519KeyPair();
      await expect(connect(id, { password: undefined, privateKey: stranger.private })).rejects.toThrow(
        /authentication methods failed/i,
      );
    } finally {
      const kept = fs
        .readFileSync(settings.authorizedKeysFile, 'utf8')
        .split('\n')
        .filter((l) => l !== line);
      fs.writeFileSync(settings.authorizedKeysFile, kept.join('\n'));
    }
  });

  it('should refuse connections after POST /down, drop open sessions, and serve again after POST /up', async () => {
    const session = await connect(id);
    try {
      const down = await controlRouter(id, 'down');
      expect(down).toMatchObject({ router: id, state: 'down', downMode: 'refuse' });
      await waitFor('the open session to be dropped', async () => !session.isOpen);
      await expect(session.rpc('<get-config><source><running/></source></get-config>')).rejects.toThrow(
        /closed/,
      );
      expect(await tcpRefused(router.address, router.port)).toBe(true);
      await expect(connect(id, { timeoutMs: 2000 })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await controlRouter(id, 'up');
    }
    expect(await controlRouter(id, 'health')).toMatchObject({ state: 'up', downMode: null });
    const again = await connect(id);
    await again.close();
  });

  it('should accept TCP but never answer SSH while hanging, until POST /up', async () => {
    try {
      expect(await controlRouter(id, 'hang')).toMatchObject({ state: 'down', downMode: 'hang' });
      expect(await tcpRefused(router.address, router.port)).toBe(false);
      await expect(connect(id, { timeoutMs: 300 })).rejects.toThrow(/timed out/i);
    } finally {
      await controlRouter(id, 'up');
    }
    const again = await connect(id);
    await again.close();
  });
});
