import { RpcError } from './errors';
import { innerXmlOf, parseRpcReply, toDataReply, wrapRpc } from './rpc';

const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

describe('wrapRpc', () => {
  it('should wrap an operation with the base namespace and message-id', () => {
    expect(wrapRpc('42', '<lock/>')).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><rpc xmlns="${NS}" message-id="42"><lock/></rpc>`,
    );
  });
});

describe('parseRpcReply', () => {
  it('should parse <ok/>', () => {
    const reply = parseRpcReply(`<rpc-reply xmlns="${NS}" message-id="3"><ok/></rpc-reply>`);
    expect(reply).toMatchObject({ messageId: '3', ok: true, warnings: [] });
  });

  it('should parse <ok/> with a namespace prefix', () => {
    const reply = parseRpcReply(`<nc:rpc-reply xmlns:nc="${NS}" message-id="4"><nc:ok/></nc:rpc-reply>`);
    expect(reply.ok).toBe(true);
    expect(reply.messageId).toBe('4');
  });

  it('should parse <data> keeping attributes, stripping prefixes and keeping lists as arrays', () => {
    const raw =
      `<rpc-reply xmlns="${NS}" message-id="5"><data>` +
      '<configuration xmlns="http://yang.juniper.net/junos/conf/root"><interfaces>' +
      '<interface><name>ae0</name><unit><name>100</name><description>a &amp; b &#233;</description>' +
      '<vlan-id>100</vlan-id><family><inet><address><name>10.0.0.2/24</name><vrrp-group><name>1</name>' +
      '<virtual-address>10.0.0.1</virtual-address><priority>200</priority></vrrp-group></address></inet></family>' +
      '</unit></interface></interfaces></configuration><nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm"/>' +
      '</data></rpc-reply>';
    const reply = toDataReply(parseRpcReply(raw, 'get-config'));
    expect(reply.ok).toBe(false);
    expect(reply.raw).toBe(raw);
    expect(reply.dataXml.startsWith('<configuration xmlns=')).toBe(true);
    expect(reply.data).toEqual({
      configuration: {
        interfaces: {
          interface: [
            {
              name: 'ae0',
              unit: [
                {
                  name: '100',
                  description: 'a & b é',
                  'vlan-id': '100',
                  family: {
                    inet: {
                      address: [
                        {
                          name: '10.0.0.2/24',
                          'vrrp-group': [{ name: '1', 'virtual-address': ['10.0.0.1'], priority: '200' }],
                        },
                      ],
                    },
                  },
                },
              ],
            },
          ],
        },
      },
      nacm: '',
    });
  });

  it('should parse an empty <data/> as {}', () => {
    const reply = toDataReply(parseRpcReply(`<rpc-reply xmlns="${NS}" message-id="6"><data/></rpc-reply>`));
    expect(reply.data).toEqual({});
    expect(reply.dataXml).toBe('');
  });

  it('should throw RpcError with every field of a single rpc-error', () => {
    const raw =
      `<rpc-reply xmlns="${NS}" message-id="7"><rpc-error><error-type>protocol</error-type>` +
      '<error-tag>lock-denied</error-tag><error-severity>error</error-severity>' +
      '<error-message xml:lang="en">lock failed, lock is already held</error-message>' +
      '<error-info><session-id>12</session-id></error-info></rpc-error></rpc-reply>';
    let caught: unknown;
    try {
      parseRpcReply(raw, 'lock');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RpcError);
    expect(caught).toMatchObject({
      name: 'RpcError',
      retriable: false,
      type: 'protocol',
      tag: 'lock-denied',
      severity: 'error',
      deviceMessage: 'lock failed, lock is already held',
      info: { 'session-id': '12' },
      rpc: 'lock',
      messageId: '7',
      message: 'lock failed: lock-denied: lock failed, lock is already held',
    });
  });

  it('should collect multiple rpc-errors, warnings included, and report the first error', () => {
    const raw =
      `<rpc-reply xmlns="${NS}" message-id="8">` +
      '<rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag>' +
      '<error-severity>warning</error-severity><error-message>statement has no effect</error-message></rpc-error>' +
      '<rpc-error><error-type>application</error-type><error-tag>data-missing</error-tag>' +
      '<error-severity>error</error-severity><error-app-tag>instance-required</error-app-tag>' +
      "<error-path>/nc:rpc/nc:edit-config/nc:config/c:configuration/c:interfaces/c:interface[c:name='x']</error-path>" +
      '<error-message>missing element</error-message></rpc-error>' +
      '<rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag>' +
      '<error-severity>error</error-severity><error-message>bad vlan</error-message></rpc-error></rpc-reply>';
    expect(() => parseRpcReply(raw, 'edit-config')).toThrow(RpcError);
    try {
      parseRpcReply(raw, 'edit-config');
    } catch (err) {
      const e = err as RpcError;
      expect(e.rpcErrors.map((x) => [x.severity, x.tag])).toEqual([
        ['warning', 'operation-failed'],
        ['error', 'data-missing'],
        ['error', 'invalid-value'],
      ]);
      expect(e.tag).toBe('data-missing');
      expect(e.appTag).toBe('instance-required');
      expect(e.path).toContain("c:interface[c:name='x']");
      expect(e.message).toMatch(
        /^edit-config failed: data-missing: missing element \(path .*\) \(\+1 more error\)$/,
      );
    }
  });

  it('should return warnings without failing when the reply has only warnings', () => {
    const raw =
      `<rpc-reply xmlns="${NS}" message-id="9"><rpc-error><error-type>application</error-type>` +
      '<error-tag>operation-failed</error-tag><error-severity>warning</error-severity>' +
      '<error-message>uncommitted changes will be discarded on exit</error-message></rpc-error><ok/></rpc-reply>';
    const reply = parseRpcReply(raw, 'commit');
    expect(reply.ok).toBe(true);
    expect(reply.warnings).toEqual([
      {
        type: 'application',
        tag: 'operation-failed',
        severity: 'warning',
        message: 'uncommitted changes will be discarded on exit',
        info: {},
      },
    ]);
  });

  it('should redact secrets in the reply XML kept on the error', () => {
    const raw =
      `<rpc-reply xmlns="${NS}" message-id="10"><rpc-error><error-type>application</error-type>` +
      '<error-tag>invalid-value</error-tag><error-severity>error</error-severity>' +
      '<error-info><bad-element><authentication-key>s3cret</authentication-key></bad-element></error-info>' +
      '</rpc-error></rpc-reply>';
    try {
      parseRpcReply(raw);
      throw new Error('expected RpcError');
    } catch (err) {
      expect((err as RpcError).replyXml).not.toContain('s3cret');
    }
  });

  it('should redact secrets echoed in the error message', () => {
    const raw =
      '<rpc-reply message-id="13"><rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag>' +
      '<error-severity>error</error-severity><error-message>bad authentication-key "s3cret"</error-message>' +
      '</rpc-error></rpc-reply>';
    expect(() => parseRpcReply(raw, 'edit-config')).toThrow(
      'edit-config failed: invalid-value: bad authentication-key "********"',
    );
  });
});

describe('innerXmlOf', () => {
  it('should return the content of a prefixed element', () => {
    expect(innerXmlOf('<nc:rpc-reply><nc:data><a/><b>x</b></nc:data></nc:rpc-reply>', 'data')).toBe(
      '<a/><b>x</b>',
    );
  });
});

describe('list normalization', () => {
  it('should keep a key leaf that shares a list name as a string', () => {
    const raw =
      '<rpc-reply message-id="11"><data><simulator-state xmlns="urn:gohan-es:router-sim">' +
      '<vrrp-group><interface>ae0</interface><unit>1025</unit><group>20</group><state>MASTER</state></vrrp-group>' +
      '<bgp-peer><instance>vrf_a</instance><neighbor>10.0.0.1</neighbor><state>Established</state></bgp-peer>' +
      '</simulator-state></data></rpc-reply>';
    expect(toDataReply(parseRpcReply(raw)).data).toEqual({
      'simulator-state': {
        'vrrp-group': [{ interface: 'ae0', unit: '1025', group: '20', state: 'MASTER' }],
        'bgp-peer': [{ instance: 'vrf_a', neighbor: '10.0.0.1', state: 'Established' }],
      },
    });
  });

  it('should honour caller-supplied list names', () => {
    const reply = parseRpcReply(
      '<rpc-reply message-id="12"><data><term><name>t</name></term></data></rpc-reply>',
      'get',
      {
        listNodes: ['term'],
      },
    );
    expect(reply.body['data']).toEqual({ term: [{ name: 't' }] });
  });
});
