import { objectOf, parseXml } from '@gohan-es/netconf';
import { SIMULATOR_STATE_FILTER, bgpKey, parseSimulatorSnapshot, vrrpKey } from './snapshot';

/** The parsed <data> of a get-config reply, as NetconfSession.getConfig gives it. */
const data = (inner: string) =>
  objectOf(parseXml(`<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${inner}</data>`)['data']);

describe('parseSimulatorSnapshot', () => {
  it('should index every VRRP group, BGP peer, logical and physical interface by key', () => {
    const snapshot = parseSimulatorSnapshot(
      data(
        '<nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm"/>' +
          '<sim:simulator-state xmlns:sim="urn:gohan-es:router-sim">' +
          '<sim:vrrp-group><sim:interface>ae0</sim:interface><sim:unit>1025</sim:unit><sim:group>20</sim:group><sim:state>MASTER</sim:state></sim:vrrp-group>' +
          '<sim:vrrp-group><sim:interface>ae0</sim:interface><sim:unit>1026</sim:unit><sim:group>7</sim:group><sim:state>BACKUP</sim:state></sim:vrrp-group>' +
          '<sim:bgp-peer><sim:instance>vrf_a</sim:instance><sim:neighbor>192.168.8.1</sim:neighbor><sim:state>Established</sim:state></sim:bgp-peer>' +
          '<sim:logical-interface><sim:name>ae0.1025</sim:name><sim:oper-status>up</sim:oper-status></sim:logical-interface>' +
          '<sim:physical-interface><sim:name>ae0</sim:name><sim:oper-status>up</sim:oper-status></sim:physical-interface>' +
          '<sim:physical-interface><sim:name>ge-0/0/1</sim:name><sim:oper-status>down</sim:oper-status></sim:physical-interface>' +
          '</sim:simulator-state>',
      ),
    );
    expect([...snapshot.vrrp]).toEqual([
      [vrrpKey({ interface: 'ae0', unit: '1025', group: 20 }), 'MASTER'],
      [vrrpKey({ interface: 'ae0', unit: '1026', group: 7 }), 'BACKUP'],
    ]);
    expect([...snapshot.bgp]).toEqual([
      [bgpKey({ instance: 'vrf_a', neighbor: '192.168.8.1' }), 'Established'],
    ]);
    expect([...snapshot.interfaces]).toEqual([['ae0.1025', 'up']]);
    expect([...snapshot.physical]).toEqual([
      ['ae0', 'up'],
      ['ge-0/0/1', 'down'],
    ]);
  });

  it.each([
    ['no data at all', ''],
    ['an empty container', '<simulator-state xmlns="urn:gohan-es:router-sim"/>'],
    ['only an empty nacm', '<nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm"/>'],
  ])('should read %s as an empty state', (_, xml) => {
    const snapshot = parseSimulatorSnapshot(data(xml));
    expect([snapshot.vrrp.size, snapshot.bgp.size, snapshot.interfaces.size, snapshot.physical.size]).toEqual(
      [0, 0, 0, 0],
    );
  });

  it('should ask for the whole simulator-state container in one filter', () => {
    expect(SIMULATOR_STATE_FILTER).toBe('<simulator-state xmlns="urn:gohan-es:router-sim"/>');
  });
});
