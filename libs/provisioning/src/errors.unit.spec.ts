import { CommitError, LockError, RpcError, RpcTimeoutError, TransportError } from '@gohan-es/netconf';
import type { RpcErrorDetail } from '@gohan-es/netconf';
import { RenderError, RouterChangeError, VerifyError, deviceMessageOf, isRetriable } from './errors';

const rpcError = (tag: string, message = 'bad'): RpcError => {
  const detail: RpcErrorDetail = { type: 'application', tag, severity: 'error', message, info: {} };
  return new RpcError([detail], 'edit-config', '7', '<rpc-reply/>');
};

describe('isRetriable', () => {
  it('should retry transport failures, timeouts and a candidate held by someone else', () => {
    expect(isRetriable(new TransportError('connect ECONNREFUSED'))).toBe(true);
    expect(isRetriable(new RpcTimeoutError('commit', '3', 1000))).toBe(true);
    expect(isRetriable(new LockError('lock', rpcError('lock-denied')))).toBe(true);
    expect(isRetriable(new LockError('lock', rpcError('in-use')))).toBe(true);
  });
  it('should fail at once on rpc-errors, refused commits, verification, rendering and host keys', () => {
    expect(isRetriable(rpcError('invalid-value'))).toBe(false);
    expect(isRetriable(new CommitError('commit', rpcError('operation-failed')))).toBe(false);
    expect(isRetriable(new VerifyError('differs'))).toBe(false);
    expect(isRetriable(new RenderError('missing'))).toBe(false);
    expect(isRetriable(new TransportError('unknown host key', { fingerprint: 'SHA256:x' }))).toBe(false);
    expect(isRetriable(new RouterChangeError('MX-1', false, 'x', { cause: undefined }))).toBe(false);
  });
});

describe('deviceMessageOf', () => {
  it("should report the router's message and tag, secrets redacted", () => {
    expect(deviceMessageOf(new CommitError('commit', rpcError('invalid-value', 'value out of range')))).toBe(
      'value out of range (invalid-value)',
    );
    expect(deviceMessageOf(new Error('authentication-key "s3cret" refused'))).toBe(
      'authentication-key "********" refused',
    );
  });
});
