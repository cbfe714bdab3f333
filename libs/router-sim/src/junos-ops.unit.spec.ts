import { ChunkedDecoder, EomDecoder, encodeChunked, encodeEom } from './framing';
import { JunosOpsRelay, junosOperationOf, renderJunosReply } from './junos-ops';
import { GET_SIMULATOR_STATE_RPC, type SimulatorState } from './simulator-state';

const STATE: SimulatorState = {
  vrrpGroups: [
    { interface: 'ae0', unit: '1025', group: 20, state: 'MASTER' },
    { interface: 'ae0', unit: '1026', group: 7, state: 'INIT' },
  ],
  bgpPeers: [
    { instance: 'vrf_a', neighbor: '192.168.8.1', state: 'Established' },
    { instance: 'vrf_b', neighbor: '192.168.9.1', state: 'Active' },
  ],
  logicalInterfaces: [
    { name: 'ae0.1025', operStatus: 'up' },
    { name: 'xe-0/0/3.0', operStatus: 'down' },
  ],
  physicalInterfaces: [{ name: 'ae0', operStatus: 'up' }],
};

const JUNOS = 'http://xml.juniper.net/junos/21.4R3/junos';
const REPLY_OPEN = (id: string) =>
  `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="${JUNOS}" message-id="${id}">\n`;

describe('junosOperationOf', () => {
  it.each([
    [
      '<?xml version="1.0" encoding="UTF-8"?><rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="4"><get-vrrp-information/></rpc>',
      { messageId: '4', rpc: 'get-vrrp-information' },
    ],
    [
      '<nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id=\'x1\'>\n  <get-bgp-neighbor-information/></nc:rpc>',
      { messageId: 'x1', rpc: 'get-bgp-neighbor-information' },
    ],
    [
      '<rpc message-id="5"><get-interface-information><terse/></get-interface-information></rpc>',
      { messageId: '5', rpc: 'get-interface-information' },
    ],
    ['<rpc message-id="6"><get-config><source><running/></source></get-config></rpc>', undefined],
    ['<rpc message-id="7"><get-vrrp-information-extra/></rpc>', undefined],
    ['<hello><capabilities/></hello>', undefined],
  ])('should read %s', (xml, expected) => expect(junosOperationOf(xml)).toEqual(expected));
});

describe('renderJunosReply', () => {
  it('should render VRRP groups per logical interface, states in lower case', () => {
    expect(renderJunosReply('get-vrrp-information', '9', STATE)).toBe(
      REPLY_OPEN('9') +
        '<vrrp-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-vrrp" junos:style="brief">' +
        '<vrrp-interface><interface>\nae0.1025\n</interface><interface-state>\nup\n</interface-state>' +
        '<group>\n20\n</group><vrrp-state>\nmaster\n</vrrp-state><vrrp-mode>\nActive\n</vrrp-mode></vrrp-interface>' +
        '<vrrp-interface><interface>\nae0.1026\n</interface><interface-state>\nup\n</interface-state>' +
        '<group>\n7\n</group><vrrp-state>\ninit\n</vrrp-state><vrrp-mode>\nActive\n</vrrp-mode></vrrp-interface>' +
        '</vrrp-information>\n</rpc-reply>',
    );
  });

  it('should render BGP peers with the port on established sessions and the instance', () => {
    expect(renderJunosReply('get-bgp-neighbor-information', '10', STATE)).toBe(
      REPLY_OPEN('10') +
        '<bgp-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-routing">' +
        '<bgp-peer junos:style="detail"><peer-address>192.168.8.1+179</peer-address>' +
        '<peer-state>Established</peer-state><peer-cfg-rti>vrf_a</peer-cfg-rti></bgp-peer>' +
        '<bgp-peer junos:style="detail"><peer-address>192.168.9.1</peer-address>' +
        '<peer-state>Active</peer-state><peer-cfg-rti>vrf_b</peer-cfg-rti></bgp-peer>' +
        '</bgp-information>\n</rpc-reply>',
    );
  });

  it('should nest units under their physical interface, listing one without state bare', () => {
    expect(renderJunosReply('get-interface-information', '11', STATE)).toBe(
      REPLY_OPEN('11') +
        '<interface-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-interface" junos:style="terse">' +
        '<physical-interface><name>\nae0\n</name><admin-status>\nup\n</admin-status><oper-status>\nup\n</oper-status>' +
        '<logical-interface><name>\nae0.1025\n</name><admin-status>\nup\n</admin-status><oper-status>\nup\n</oper-status>' +
        '<filter-information>\n</filter-information></logical-interface></physical-interface>' +
        '<physical-interface><name>\nxe-0/0/3\n</name>' +
        '<logical-interface><name>\nxe-0/0/3.0\n</name><admin-status>\nup\n</admin-status><oper-status>\ndown\n</oper-status>' +
        '<filter-information>\n</filter-information></logical-interface></physical-interface>' +
        '</interface-information>\n</rpc-reply>',
    );
  });
});

const BASE10 = '<capability>urn:ietf:params:netconf:base:1.0</capability>';
const BASE11 = '<capability>urn:ietf:params:netconf:base:1.1</capability>';
const hello = (caps: string, id = '') =>
  `<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>${caps}</capabilities>${id}</hello>`;
const STATE_REPLY = (id: string) =>
  `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="${id}"><data>` +
  '<simulator-state xmlns="urn:gohan-es:router-sim"><bgp-peer><instance>vrf_a</instance>' +
  '<neighbor>192.168.8.1</neighbor><state>Established</state></bgp-peer></simulator-state></data></rpc-reply>';
const OWN_GET = (id: string) =>
  `<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="${id}">${GET_SIMULATOR_STATE_RPC}</rpc>`;

function relay() {
  const toServer: Buffer[] = [];
  const toClient: Buffer[] = [];
  const r = new JunosOpsRelay(
    (b) => toServer.push(b),
    (b) => toClient.push(b),
  );
  const take = (chunks: Buffer[]) => Buffer.concat(chunks.splice(0));
  return { r, server: () => take(toServer), client: () => take(toClient) };
}

describe('JunosOpsRelay', () => {
  it('should relay both hellos unchanged and settle on chunked framing when both offer base:1.1', () => {
    const { r, server, client } = relay();
    r.fromServer(encodeEom(hello(BASE10 + BASE11, '<session-id>3</session-id>')));
    r.fromClient(encodeEom(hello(BASE10 + BASE11)));
    expect(client().toString()).toBe(`${hello(BASE10 + BASE11, '<session-id>3</session-id>')}]]>]]>`);
    expect(server().toString()).toBe(`${hello(BASE10 + BASE11)}]]>]]>`);
    expect(r.agreedFraming).toBe('chunked');
  });

  it('should answer a Junos RPC from a get-config of its own, under the client message-id', () => {
    const { r, server, client } = relay();
    r.fromServer(encodeEom(hello(BASE11)));
    // The client's first rpc arrives in the same read as its hello.
    r.fromClient(
      Buffer.concat([
        encodeEom(hello(BASE11)),
        encodeChunked(
          '<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><get-bgp-neighbor-information/></rpc>',
        ),
      ]),
    );
    client();
    const sent = server();
    expect(sent.subarray(0, sent.indexOf(']]>]]>') + 6).toString()).toBe(`${hello(BASE11)}]]>]]>`);
    expect(new ChunkedDecoder().push(sent.subarray(sent.indexOf(']]>]]>') + 6))).toEqual([
      OWN_GET('router-sim-junos-1'),
    ]);
    expect(r.inFlight).toBe(1);
    r.fromServer(encodeChunked(STATE_REPLY('router-sim-junos-1')));
    expect(new ChunkedDecoder().push(client())).toEqual([
      REPLY_OPEN('1') +
        '<bgp-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-routing">' +
        '<bgp-peer junos:style="detail"><peer-address>192.168.8.1+179</peer-address>' +
        '<peer-state>Established</peer-state><peer-cfg-rti>vrf_a</peer-cfg-rti></bgp-peer>' +
        '</bgp-information>\n</rpc-reply>',
    ]);
    expect(r.inFlight).toBe(0);
  });

  it('should pass every other message through, pipelined in order, with end-of-message framing for a 1.0 client', () => {
    const { r, server, client } = relay();
    r.fromServer(encodeEom(hello(BASE10 + BASE11)));
    r.fromClient(encodeEom(hello(BASE10)));
    server();
    client();
    expect(r.agreedFraming).toBe('eom');
    const getConfig = '<rpc message-id="1"><get-config><source><running/></source></get-config></rpc>';
    const vrrp = '<rpc message-id="2"><get-vrrp-information/></rpc>';
    const whole = Buffer.concat([encodeEom(getConfig), encodeEom(vrrp)]);
    // Split inside the second message's end marker.
    r.fromClient(whole.subarray(0, whole.length - 3));
    r.fromClient(whole.subarray(whole.length - 3));
    expect(new EomDecoder().push(server())).toEqual([getConfig, OWN_GET('router-sim-junos-1')]);
    const configReply = '<rpc-reply message-id="1"><data/></rpc-reply>';
    r.fromServer(Buffer.concat([encodeEom(configReply), encodeEom(STATE_REPLY('router-sim-junos-1'))]));
    const replies = new EomDecoder().push(client());
    expect(replies[0]).toBe(configReply);
    expect(replies[1]).toContain('message-id="2"');
    expect(replies[1]).toContain('<vrrp-information');
  });

  it("should hand netconfd's rpc-error back under the client's message-id", () => {
    const { r, client } = relay();
    r.fromServer(encodeEom(hello(BASE11)));
    r.fromClient(encodeEom(hello(BASE11)));
    client();
    r.fromClient(encodeChunked('<rpc message-id="8"><get-vrrp-information/></rpc>'));
    const error =
      '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="router-sim-junos-1">' +
      '<rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag>' +
      '<error-severity>error</error-severity></rpc-error></rpc-reply>';
    r.fromServer(encodeChunked(error));
    expect(new ChunkedDecoder().push(client())).toEqual([error.replace('router-sim-junos-1', '8')]);
  });

  it('should hold client bytes sent before the server hello until the framing is known', () => {
    const { r, server } = relay();
    r.fromClient(
      Buffer.concat([
        encodeEom(hello(BASE11)),
        encodeChunked('<rpc message-id="1"><get-vrrp-information/></rpc>'),
      ]),
    );
    expect(server().toString()).toBe(`${hello(BASE11)}]]>]]>`);
    r.fromServer(encodeEom(hello(BASE11)));
    expect(new ChunkedDecoder().push(server())).toEqual([OWN_GET('router-sim-junos-1')]);
  });
});
