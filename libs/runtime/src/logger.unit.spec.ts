import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes one JSON object per line with app name and level label', () => {
    const { lines, stream } = capture();
    createLogger('api', 'info', stream).info({ port: 9091 }, 'listening');
    expect(lines[0]).toMatchObject({ app: 'api', level: 'info', msg: 'listening', port: 9091 });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('redacts secrets at any logged depth', () => {
    const { lines, stream } = capture();
    const log = createLogger('provisioner', 'info', stream);
    log.info({
      password: 'esi',
      router: { password: 'esi', login: 'esi' },
      body: { vpn_interface: { bgp_md5: 'k' } },
    });
    log.info({ headers: { 'x-auth-token': 'admin_token' } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('"password":"esi"');
    expect(lines[0]).toMatchObject({
      password: '[REDACTED]',
      router: { password: '[REDACTED]', login: 'esi' },
      body: { vpn_interface: { bgp_md5: '[REDACTED]' } },
    });
    expect(lines[1]).toMatchObject({ headers: { 'x-auth-token': '[REDACTED]' } });
  });
});
