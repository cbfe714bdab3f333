import { TransportError } from './errors';
import {
  buildClientHello,
  CAP_BASE_10,
  CAP_BASE_11,
  chooseFraming,
  hasCapability,
  parseServerHello,
} from './hello';

const serverHello = (caps: string[], sessionId = '<session-id>5</session-id>'): string =>
  '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>' +
  caps.map((c) => `<capability>${c}</capability>`).join('') +
  `</capabilities>${sessionId}</hello>`;

describe('hello', () => {
  it('should offer base 1.0 and 1.1 by default and only 1.0 when forced', () => {
    expect(buildClientHello()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>' +
        '<capability>urn:ietf:params:netconf:base:1.0</capability><capability>urn:ietf:params:netconf:base:1.1</capability>' +
        '</capabilities></hello>',
    );
    expect(buildClientHello('eom')).not.toContain('base:1.1');
  });

  it('should choose chunked framing only when both sides advertise base:1.1', () => {
    const both = parseServerHello(serverHello([CAP_BASE_10, CAP_BASE_11]));
    const old = parseServerHello(serverHello([CAP_BASE_10]));
    expect(chooseFraming('auto', both)).toBe('chunked');
    expect(chooseFraming('eom', both)).toBe('eom');
    expect(chooseFraming('auto', old)).toBe('eom');
  });

  it('should parse the session-id and match capabilities with parameters', () => {
    const hello = parseServerHello(
      serverHello([
        CAP_BASE_11,
        'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
        'urn:x?module=a&amp;revision=1',
      ]),
    );
    expect(hello.sessionId).toBe('5');
    expect(hasCapability(hello, 'urn:ietf:params:netconf:capability:confirmed-commit:1.1')).toBe(true);
    expect(hasCapability(hello, 'urn:x')).toBe(true);
    expect(hasCapability(hello, 'urn:ietf:params:netconf:capability:startup:1.0')).toBe(false);
  });

  it('should reject a hello without session-id', () => {
    expect(() => parseServerHello(serverHello([CAP_BASE_10], ''))).toThrow(TransportError);
  });
});
