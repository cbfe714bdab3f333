import { configurationXml } from '../devices/profile';
import { junosProfile } from '../devices/junos';
import { simulatorProfile } from '../devices/simulator';
import { RpcError } from '../errors';
import { parseRpcReply } from '../rpc';
import {
  cancelCommit,
  closeSession,
  commit,
  discardChanges,
  editConfig,
  get,
  getConfig,
  lock,
  unlock,
  validate,
} from '.';

const ok = (id = '1'): string =>
  `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="${id}"><ok/></rpc-reply>`;

describe('operation builders', () => {
  it.each([
    ['lock candidate', lock.build({ target: 'candidate' }), '<lock><target><candidate/></target></lock>'],
    ['unlock running', unlock.build({ target: 'running' }), '<unlock><target><running/></target></unlock>'],
    [
      'validate',
      validate.build({ source: 'candidate' }),
      '<validate><source><candidate/></source></validate>',
    ],
    ['commit', commit.build(undefined), '<commit/>'],
    ['confirmed commit', commit.build({ confirmed: true }), '<commit><confirmed/></commit>'],
    [
      'confirmed commit with timeout and persist',
      commit.build({ confirmed: true, confirmTimeoutSec: 120, persist: 'chg-1&2' }),
      '<commit><confirmed/><confirm-timeout>120</confirm-timeout><persist>chg-1&amp;2</persist></commit>',
    ],
    [
      'confirming commit by persist-id',
      commit.build({ persistId: 'chg-1' }),
      '<commit><persist-id>chg-1</persist-id></commit>',
    ],
    ['cancel-commit', cancelCommit.build(undefined), '<cancel-commit/>'],
    [
      'cancel-commit by persist-id',
      cancelCommit.build({ persistId: 'p' }),
      '<cancel-commit><persist-id>p</persist-id></cancel-commit>',
    ],
    ['discard-changes', discardChanges.build(), '<discard-changes/>'],
    ['close-session', closeSession.build(), '<close-session/>'],
    [
      'get-config running',
      getConfig.build({ source: 'running' }),
      '<get-config><source><running/></source></get-config>',
    ],
    [
      'get-config with a subtree filter',
      getConfig.build({ source: 'candidate', filter: '<configuration><interfaces/></configuration>' }),
      '<get-config><source><candidate/></source><filter type="subtree"><configuration><interfaces/></configuration></filter></get-config>',
    ],
    ['get', get.build(undefined), '<get/>'],
    [
      'get with filter',
      get.build({ filter: '<state/>' }),
      '<get><filter type="subtree"><state/></filter></get>',
    ],
  ])('should build %s', (_name, xml, expected) => {
    expect(xml).toBe(expected);
  });

  it('should build edit-config with every option in RFC order', () => {
    expect(
      editConfig.build({
        config: '<configuration/>',
        defaultOperation: 'none',
        testOption: 'test-then-set',
        errorOption: 'rollback-on-error',
      }),
    ).toBe(
      '<edit-config><target><candidate/></target><default-operation>none</default-operation>' +
        '<test-option>test-then-set</test-option><error-option>rollback-on-error</error-option>' +
        '<config><configuration/></config></edit-config>',
    );
  });

  it('should build a minimal edit-config with caller-built operation attributes', () => {
    const config = configurationXml(
      simulatorProfile,
      '<interfaces><interface operation="delete"><name>ae9</name></interface></interfaces>',
    );
    expect(editConfig.build({ config })).toBe(
      '<edit-config><target><candidate/></target><config>' +
        '<configuration xmlns="http://yang.juniper.net/junos/conf/root"><interfaces><interface operation="delete">' +
        '<name>ae9</name></interface></interfaces></configuration></config></edit-config>',
    );
  });

  it('should reject invalid options', () => {
    expect(() => editConfig.build({ config: '', defaultOperation: 'delete' as never })).toThrow(TypeError);
    expect(() => commit.build({ confirmTimeoutSec: 60 })).toThrow(/need confirmed/);
    expect(() => commit.build({ confirmed: true, confirmTimeoutSec: 0 })).toThrow(/positive integer/);
    expect(() => lock.build({ target: 'nope' as never })).toThrow(TypeError);
  });
});

describe('configurationXml', () => {
  it('should carry the YANG namespace on the simulator and inherit on Junos', () => {
    expect(configurationXml(simulatorProfile, '<a/>')).toBe(
      '<configuration xmlns="http://yang.juniper.net/junos/conf/root"><a/></configuration>',
    );
    expect(configurationXml(junosProfile, '<a/>')).toBe('<configuration><a/></configuration>');
    expect(configurationXml(junosProfile, '')).toBe('<configuration/>');
  });
});

describe('reply parsers', () => {
  it('should accept <ok/> for ok-operations', () => {
    expect(lock.parse(parseRpcReply(ok('3'))).messageId).toBe('3');
  });

  it('should reject a reply with neither <ok/> nor <rpc-error>', () => {
    const reply = parseRpcReply('<rpc-reply message-id="4"><data/></rpc-reply>');
    expect(() => commit.parse(reply)).toThrow(RpcError);
    expect(() => commit.parse(reply)).toThrow(/commit failed: malformed-message/);
  });

  it('should parse get-config data', () => {
    const reply = parseRpcReply(
      '<rpc-reply message-id="5"><data><configuration><interfaces/></configuration></data></rpc-reply>',
    );
    expect(getConfig.parse(reply).data).toEqual({ configuration: { interfaces: '' } });
  });
});
