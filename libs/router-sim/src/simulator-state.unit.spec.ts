import {
  emptySimulatorState,
  parseSimulatorState,
  simulatorStateXml,
  type SimulatorState,
} from './simulator-state';

const STATE: SimulatorState = {
  vrrpGroups: [{ interface: 'ae0', unit: '1025', group: 20, state: 'MASTER' }],
  bgpPeers: [
    { instance: 'vrf_gw_sample-ha-router-downlink_1025', neighbor: '172.16.101.153', state: 'Established' },
  ],
  logicalInterfaces: [{ name: 'ae0.1025', operStatus: 'up' }],
  physicalInterfaces: [
    { name: 'ae0', operStatus: 'up' },
    { name: 'ge-0/0/1', operStatus: 'down' },
  ],
};

describe('simulator-state XML', () => {
  it('should render the gohan-router-sim container in its own namespace', () => {
    expect(simulatorStateXml(STATE)).toBe(
      '<simulator-state xmlns="urn:gohan-es:router-sim">' +
        '<vrrp-group><interface>ae0</interface><unit>1025</unit><group>20</group><state>MASTER</state></vrrp-group>' +
        '<bgp-peer><instance>vrf_gw_sample-ha-router-downlink_1025</instance><neighbor>172.16.101.153</neighbor>' +
        '<state>Established</state></bgp-peer>' +
        '<logical-interface><name>ae0.1025</name><oper-status>up</oper-status></logical-interface>' +
        '<physical-interface><name>ae0</name><oper-status>up</oper-status></physical-interface>' +
        '<physical-interface><name>ge-0/0/1</name><oper-status>down</oper-status></physical-interface>' +
        '</simulator-state>',
    );
  });

  it('should mark the container for replacement when asked', () => {
    expect(simulatorStateXml({}, { operation: 'replace' })).toBe(
      '<simulator-state xmlns="urn:gohan-es:router-sim" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"' +
        ' nc:operation="replace"></simulator-state>',
    );
  });

  it('should mark each entry for removal, with its keys only', () => {
    expect(
      simulatorStateXml(
        {
          vrrpGroups: [{ interface: 'ae0', unit: '1025', group: 20 }],
          logicalInterfaces: [{ name: 'ae0.1025' }],
          physicalInterfaces: [{ name: 'ge-0/0/1' }],
        },
        { operation: 'remove' },
      ),
    ).toBe(
      '<simulator-state xmlns="urn:gohan-es:router-sim" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">' +
        '<vrrp-group nc:operation="remove"><interface>ae0</interface><unit>1025</unit><group>20</group></vrrp-group>' +
        '<logical-interface nc:operation="remove"><name>ae0.1025</name></logical-interface>' +
        '<physical-interface nc:operation="remove"><name>ge-0/0/1</name></physical-interface>' +
        '</simulator-state>',
    );
  });

  it('should escape text', () => {
    expect(simulatorStateXml({ logicalInterfaces: [{ name: 'a<&>', operStatus: 'down' }] })).toContain(
      '<name>a&lt;&amp;&gt;</name>',
    );
  });

  it('should parse what netconfd returns (indented, beside an empty nacm)', () => {
    const reply = `<rpc-reply message-id="2" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><data>
      <nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm">
      </nacm>
      <simulator-state xmlns="urn:gohan-es:router-sim">
        <vrrp-group>
          <interface>ae0</interface>
          <unit>1025</unit>
          <group>20</group>
          <state>MASTER</state>
        </vrrp-group>
        <bgp-peer>
          <instance>vrf_gw_sample-ha-router-downlink_1025</instance>
          <neighbor>172.16.101.153</neighbor>
          <state>Established</state>
        </bgp-peer>
        <logical-interface>
          <name>ae0.1025</name>
          <oper-status>up</oper-status>
        </logical-interface>
        <physical-interface>
          <name>ae0</name>
          <oper-status>up</oper-status>
        </physical-interface>
        <physical-interface>
          <name>ge-0/0/1</name>
          <oper-status>down</oper-status>
        </physical-interface>
      </simulator-state>
    </data></rpc-reply>`;
    expect(parseSimulatorState(reply)).toEqual(STATE);
  });

  it('should parse an empty reply as an empty state', () => {
    expect(parseSimulatorState('<rpc-reply><data/></rpc-reply>')).toEqual(emptySimulatorState());
  });
});
