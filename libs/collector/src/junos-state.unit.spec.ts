// Junos operational replies (test/fixtures/junos/*.xml, written as MX-1 of the lab would answer)
// parse to the RouterSnapshot the simulator profile builds for the same situation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { objectOf, parseXml } from '@gohan-es/netconf';
import {
  JUNOS_STATE_RPCS,
  JunosReplyError,
  bgpStateOf,
  parseJunosBgp,
  parseJunosInterfaces,
  parseJunosSnapshot,
  parseJunosVrrp,
  peerAddressOf,
  vrrpStateOf,
} from './junos-state';
import { parseSimulatorSnapshot } from './snapshot';

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../test/fixtures/junos', `${name}.xml`), 'utf8');

const REPLIES = {
  vrrp: fixture('get-vrrp-information'),
  bgp: fixture('get-bgp-neighbor-information'),
  interfaces: fixture('get-interface-information-terse'),
};

const reply = (inner: string): string =>
  '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" ' +
  `xmlns:junos="http://xml.juniper.net/junos/21.4R3/junos" message-id="9">${inner}</rpc-reply>`;

function errorOf(run: () => unknown): JunosReplyError {
  try {
    run();
  } catch (error) {
    if (error instanceof JunosReplyError) return error;
    throw error;
  }
  throw new Error('expected a JunosReplyError');
}

describe('parseJunosVrrp', () => {
  it('should key each group by physical interface, unit and group, in upper case', () => {
    expect([...parseJunosVrrp(REPLIES.vrrp)]).toEqual([
      ['ae0|1025|20', 'MASTER'],
      ['ae0|1026|7', 'BACKUP'],
    ]);
  });

  it('should read the form where <vrrp-vlan> opens each record followed by loose siblings', () => {
    const xml = reply(
      '<vrrp-information><vrrp-interface>' +
        '<vrrp-vlan><physical-interface>xe-0/0/0</physical-interface><unit>1</unit></vrrp-vlan>' +
        '<interface-state>up</interface-state><group>10</group><vrrp-state>master</vrrp-state>' +
        '<vrrp-mode>active</vrrp-mode>' +
        '<vrrp-vlan><physical-interface>xe-0/0/0</physical-interface><unit>2</unit></vrrp-vlan>' +
        '<interface-state>up</interface-state><group>20</group><vrrp-state>\nbackup\n</vrrp-state>' +
        '<active-inherit><vrrp-mode>inherit</vrrp-mode></active-inherit>' +
        '</vrrp-interface></vrrp-information>',
    );
    expect([...parseJunosVrrp(xml)]).toEqual([
      ['xe-0/0/0|1|10', 'MASTER'],
      ['xe-0/0/0|2|20', 'BACKUP'],
    ]);
  });

  it('should split the unit off at the last dot and read a group given before its interface', () => {
    const xml = reply(
      '<vrrp-information><vrrp-interface><group>3</group><vrrp-state>init</vrrp-state>' +
        '<interface>irb.300</interface></vrrp-interface></vrrp-information>',
    );
    expect([...parseJunosVrrp(xml)]).toEqual([['irb|300|3', 'INIT']]);
  });

  it.each([
    ['master', 'MASTER'],
    ['backup', 'BACKUP'],
    ['init', 'INIT'],
    ['idle', 'IDLE'],
    ['\ntransition\n', 'TRANSITION'],
    ['bringup', 'BRINGUP'],
    ['MASTER', 'MASTER'],
  ])('should map vrrp-state %j to %s', (junos, state) => expect(vrrpStateOf(junos)).toBe(state));

  it('should read an empty <vrrp-information/> (no group configured) as no groups', () => {
    expect(parseJunosVrrp(reply('<vrrp-information junos:style="brief"/>')).size).toBe(0);
  });

  it.each([
    [
      'an interface without unit',
      '<vrrp-interface><interface>ae0</interface><group>1</group><vrrp-state>master</vrrp-state></vrrp-interface>',
      'get-vrrp-information reply: ae0: no logical interface (name.unit)',
    ],
    [
      'a group that is no number',
      '<vrrp-interface><interface>ae0.5</interface><group>x</group><vrrp-state>master</vrrp-state></vrrp-interface>',
      'get-vrrp-information reply: ae0.5: group "x" is not a VRRP group number',
    ],
    [
      'a group without state',
      '<vrrp-interface><interface>ae0.5</interface><group>5</group></vrrp-interface>',
      'get-vrrp-information reply: ae0.5 group 5: no vrrp-state',
    ],
    [
      'a record without interface',
      '<vrrp-interface><group>5</group><vrrp-state>master</vrrp-state></vrrp-interface>',
      'get-vrrp-information reply: a vrrp-interface: no logical interface (name.unit)',
    ],
  ])('should refuse %s', (_, inner, message) => {
    const error = errorOf(() => parseJunosVrrp(reply(`<vrrp-information>${inner}</vrrp-information>`)));
    expect([error.rpc, error.message]).toEqual(['get-vrrp-information', message]);
  });
});

describe('parseJunosBgp', () => {
  it('should key each peer by routing instance and address without the port', () => {
    expect([...parseJunosBgp(REPLIES.bgp)]).toEqual([
      ['vrf_a|192.168.8.1', 'Established'],
      ['vrf_a|2001:db8:8::1', 'Established'],
      ['vrf_b|192.168.9.1', 'Active'],
      ['master|10.255.0.2', 'Established'],
    ]);
  });

  it('should read the main instance when peer-cfg-rti is absent', () => {
    const xml = reply(
      '<bgp-information><bgp-peer junos:style="terse"><peer-address>10.0.0.49</peer-address>' +
        '<peer-state junos:format="Establ">Established</peer-state></bgp-peer></bgp-information>',
    );
    expect([...parseJunosBgp(xml)]).toEqual([['master|10.0.0.49', 'Established']]);
  });

  it.each([
    ['10.100.20.210+179', '10.100.20.210'],
    ['10.160.21.2+34245', '10.160.21.2'],
    ['192.168.9.1', '192.168.9.1'],
    ['2001:db8::1+179', '2001:db8::1'],
    ['\n2001:db8::1\n', '2001:db8::1'],
  ])('should read peer-address %j as %s', (junos, address) => expect(peerAddressOf(junos)).toBe(address));

  it.each([
    ['Established', 'Established'],
    ['established', 'Established'],
    ['Idle', 'Idle'],
    ['Active', 'Active'],
    ['Connect', 'Connect'],
    ['opensent', 'OpenSent'],
    ['\nOpenConfirm\n', 'OpenConfirm'],
    ['Unknown', 'Unknown'],
  ])('should map peer-state %j to %s', (junos, state) => expect(bgpStateOf(junos)).toBe(state));

  it.each([
    [
      'a peer without address',
      '<bgp-peer><peer-state>Idle</peer-state></bgp-peer>',
      'get-bgp-neighbor-information reply: a bgp-peer has no peer-address',
    ],
    [
      'a peer without state',
      '<bgp-peer><peer-address>10.0.0.1+179</peer-address></bgp-peer>',
      'get-bgp-neighbor-information reply: peer 10.0.0.1: no peer-state',
    ],
  ])('should refuse %s', (_, inner, message) => {
    expect(() => parseJunosBgp(reply(`<bgp-information>${inner}</bgp-information>`))).toThrow(message);
  });
});

describe('parseJunosInterfaces', () => {
  it('should read physical interfaces and their nested logical units, trimmed', () => {
    const { interfaces, physical } = parseJunosInterfaces(REPLIES.interfaces);
    expect([...physical]).toEqual([
      ['ge-0/0/1', 'down'],
      ['ae0', 'up'],
      ['lo0', 'up'],
    ]);
    expect([...interfaces]).toEqual([
      ['ge-0/0/1.0', 'down'],
      ['ae0.1025', 'up'],
      ['ae0.1026', 'up'],
      ['lo0.0', 'up'],
    ]);
  });

  it('should write the link state in lower case', () => {
    const xml = reply(
      '<interface-information><physical-interface><name>ae1</name><oper-status>\nUP\n</oper-status>' +
        '<logical-interface><name>ae1.5</name><oper-status>Down</oper-status></logical-interface>' +
        '</physical-interface></interface-information>',
    );
    const { interfaces, physical } = parseJunosInterfaces(xml);
    expect([[...physical], [...interfaces]]).toEqual([[['ae1', 'up']], [['ae1.5', 'down']]]);
  });

  it('should read the units of a physical interface listed without oper-status, and not the interface', () => {
    const xml = reply(
      '<interface-information><physical-interface><name>ae7</name>' +
        '<logical-interface><name>ae7.70</name><oper-status>up</oper-status></logical-interface>' +
        '</physical-interface></interface-information>',
    );
    const { interfaces, physical } = parseJunosInterfaces(xml);
    expect([[...physical], [...interfaces]]).toEqual([[], [['ae7.70', 'up']]]);
  });

  it.each([
    [
      'a physical interface without name',
      '<physical-interface><oper-status>up</oper-status></physical-interface>',
      'get-interface-information reply: a physical-interface has no name',
    ],
    [
      'a logical interface without oper-status',
      '<physical-interface><name>ae0</name><oper-status>up</oper-status>' +
        '<logical-interface><name>ae0.1</name></logical-interface></physical-interface>',
      'get-interface-information reply: logical interface ae0.1: no oper-status',
    ],
  ])('should refuse %s', (_, inner, message) => {
    expect(() =>
      parseJunosInterfaces(reply(`<interface-information>${inner}</interface-information>`)),
    ).toThrow(message);
  });
});

describe('junos replies', () => {
  it.each([
    ['an empty reply', '', 'get-vrrp-information reply: empty reply'],
    [
      'an empty rpc-reply',
      reply(''),
      'get-vrrp-information reply: no <vrrp-information> (got an empty <rpc-reply>)',
    ],
    [
      'the answer of another RPC',
      reply('<bgp-information/>'),
      'get-vrrp-information reply: no <vrrp-information> (got <bgp-information>)',
    ],
    [
      'a CLI text answer',
      reply('<output>\nerror: syntax error\n</output>'),
      'get-vrrp-information reply: no <vrrp-information> (got <output>)',
    ],
    [
      'broken XML',
      reply('<vrrp-information><vrrp-interface></vrrp-information>'),
      "get-vrrp-information reply: not well-formed XML (line 1: Expected closing tag 'vrrp-interface' (opened in line 1, col 149) instead of closing tag 'vrrp-information'.)",
    ],
  ])('should refuse %s with a clear error', (_, xml, message) => {
    expect(errorOf(() => parseJunosVrrp(xml)).message).toBe(message);
  });

  it('should accept the bare answer element without <rpc-reply>', () => {
    expect([...parseJunosBgp('<bgp-information/>')]).toEqual([]);
  });

  it('should send the three operational RPCs', () => {
    expect(JUNOS_STATE_RPCS).toEqual({
      vrrp: '<get-vrrp-information/>',
      bgp: '<get-bgp-neighbor-information/>',
      interfaces: '<get-interface-information><terse/></get-interface-information>',
    });
  });

  it('should build the same snapshot as the simulator model for the same situation', () => {
    const sim = (...rows: string[]) => rows.join('');
    const data = objectOf(
      parseXml(
        '<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">' +
          '<simulator-state xmlns="urn:gohan-es:router-sim">' +
          sim(
            '<vrrp-group><interface>ae0</interface><unit>1025</unit><group>20</group><state>MASTER</state></vrrp-group>',
            '<vrrp-group><interface>ae0</interface><unit>1026</unit><group>7</group><state>BACKUP</state></vrrp-group>',
            '<bgp-peer><instance>vrf_a</instance><neighbor>192.168.8.1</neighbor><state>Established</state></bgp-peer>',
            '<bgp-peer><instance>vrf_a</instance><neighbor>2001:db8:8::1</neighbor><state>Established</state></bgp-peer>',
            '<bgp-peer><instance>vrf_b</instance><neighbor>192.168.9.1</neighbor><state>Active</state></bgp-peer>',
            '<bgp-peer><instance>master</instance><neighbor>10.255.0.2</neighbor><state>Established</state></bgp-peer>',
            '<logical-interface><name>ge-0/0/1.0</name><oper-status>down</oper-status></logical-interface>',
            '<logical-interface><name>ae0.1025</name><oper-status>up</oper-status></logical-interface>',
            '<logical-interface><name>ae0.1026</name><oper-status>up</oper-status></logical-interface>',
            '<logical-interface><name>lo0.0</name><oper-status>up</oper-status></logical-interface>',
            '<physical-interface><name>ge-0/0/1</name><oper-status>down</oper-status></physical-interface>',
            '<physical-interface><name>ae0</name><oper-status>up</oper-status></physical-interface>',
            '<physical-interface><name>lo0</name><oper-status>up</oper-status></physical-interface>',
          ) +
          '</simulator-state></data>',
      )['data'],
    );
    expect(parseJunosSnapshot(REPLIES)).toEqual(parseSimulatorSnapshot(data));
  });
});
