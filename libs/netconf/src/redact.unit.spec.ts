import { redactSecrets, REDACTED } from './redact';

describe('redactSecrets', () => {
  it('should mask authentication-key, password and secret contents', () => {
    const xml =
      '<neighbor><name>10.0.0.1</name><authentication-key>$9$abc</authentication-key></neighbor>' +
      '<user><password>hunter2</password><junos:secret xmlns:junos="j">s</junos:secret></user>';
    expect(redactSecrets(xml)).toBe(
      `<neighbor><name>10.0.0.1</name><authentication-key>${REDACTED}</authentication-key></neighbor>` +
        `<user><password>${REDACTED}</password><junos:secret xmlns:junos="j">${REDACTED}</junos:secret></user>`,
    );
  });

  it('should mask elements with attributes, CDATA and multiple lines', () => {
    const out = redactSecrets(
      '<authentication-key operation="replace">\n  a b\n</authentication-key><password><![CDATA[x<y]]></password>',
    );
    expect(out).toBe(
      `<authentication-key operation="replace">${REDACTED}</authentication-key><password>${REDACTED}</password>`,
    );
  });

  it('should mask Junos text forms with quoted values', () => {
    expect(redactSecrets('+ authentication-key "$9$xyz"; ## SECRET-DATA')).toBe(
      `+ authentication-key "${REDACTED}"; ## SECRET-DATA`,
    );
  });

  it('should leave other elements and empty secrets alone', () => {
    const xml =
      '<description>password policy</description><password/><passwords>x</passwords><key-id>1</key-id>';
    expect(redactSecrets(xml)).toBe(xml);
  });

  it('should mask every occurrence', () => {
    const out = redactSecrets('<secret>1</secret><secret>2</secret>');
    expect(out).toBe(`<secret>${REDACTED}</secret><secret>${REDACTED}</secret>`);
  });
});
