// RFC 6242 §3 (starting NETCONF over SSH: the "netconf" subsystem, default port 830) and §6
// (host-key verification). One TCP socket with TCP_NODELAY, keepalives from ssh2.
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { Client } from 'ssh2';
import { TransportError } from './errors';
import type { KnownHostEntry } from './known-hosts';
import { fingerprintSha256, knownKeyTypes, parseKnownHosts, verifyHostKey } from './known-hosts';
import type { NetconfLogger } from './logger';
import { silentLogger } from './logger';

/** A byte pipe carrying one NETCONF session (an SSH channel, or an in-memory pair in tests). */
export interface NetconfTransport {
  /** e.g. "esi@127.0.0.11:8830". */
  readonly description: string;
  readonly host: string;
  readonly port: number;
  /** Writes one framed message; callers pass the whole frame at once. */
  write(frame: Buffer): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once when the transport is gone; `cause` is the error that closed it, if any. */
  onClose(listener: (cause?: Error) => void): void;
  /** Graceful end (EOF, then close). */
  end(): void;
  /** Immediate teardown. */
  destroy(): void;
}

export interface SshTransportOptions {
  host: string;
  /** Default 830 (RFC 6242 §3). */
  port?: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  passphrase?: string;
  /** OpenSSH known_hosts file the server key must appear in. Required unless acceptAnyHostKey. */
  knownHostsFile?: string;
  /** Skip host-key verification. For tests only; never a default. */
  acceptAnyHostKey?: boolean;
  /** TCP connect + SSH handshake + auth + subsystem; default 15000. */
  connectTimeoutMs?: number;
  /** SSH keepalive interval; default 15000 (0 disables). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  logger?: NetconfLogger;
}

/** ssh2 host-key algorithm names for each known_hosts key type. */
const HOST_KEY_ALGOS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

async function loadKnownHosts(opts: SshTransportOptions): Promise<KnownHostEntry[] | undefined> {
  if (opts.acceptAnyHostKey === true) return undefined;
  if (!opts.knownHostsFile) {
    throw new TypeError('ssh: knownHostsFile is required (acceptAnyHostKey: true is for tests only)');
  }
  try {
    return parseKnownHosts(await readFile(opts.knownHostsFile, 'utf8'));
  } catch (err) {
    throw new TransportError(
      `cannot read known_hosts ${opts.knownHostsFile}`,
      { host: opts.host },
      { cause: err },
    );
  }
}

/** Connects, verifies the host key, authenticates and opens the "netconf" subsystem. */
export async function openSshTransport(opts: SshTransportOptions): Promise<NetconfTransport> {
  const { host, port = 830, username } = opts;
  const logger = opts.logger ?? silentLogger;
  const timeoutMs = opts.connectTimeoutMs ?? 15_000;
  const description = `${username}@${host}:${port}`;
  const knownHosts = await loadKnownHosts(opts);
  const details = { host, port };

  return new Promise<NetconfTransport>((resolve, reject) => {
    const client = new Client();
    let hostKeyError: TransportError | undefined;
    let settled = false;
    const sock = createConnection({ host, port, noDelay: true });
    const fail = (err: TransportError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      sock.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new TransportError(`connect to ${description} timed out after ${timeoutMs} ms`, details)),
      timeoutMs,
    );

    const hostVerifier = (key: Buffer): boolean => {
      if (!knownHosts) {
        logger.warn(
          { host, port, fingerprint: fingerprintSha256(key) },
          'netconf: host key NOT verified (acceptAnyHostKey)',
        );
        return true;
      }
      const verdict = verifyHostKey(knownHosts, host, port, key);
      if (!verdict.ok)
        hostKeyError = new TransportError(verdict.message, { ...details, fingerprint: verdict.fingerprint });
      return verdict.ok;
    };

    client.on('error', (err: Error & { level?: string }) => {
      if (hostKeyError) return fail(hostKeyError);
      const what =
        err.level === 'client-authentication' ? `authentication as ${username} failed` : err.message;
      fail(new TransportError(`ssh to ${description}: ${what}`, details, { cause: err }));
    });
    client.on('close', () =>
      fail(hostKeyError ?? new TransportError(`ssh to ${description} closed while connecting`, details)),
    );
    client.on('ready', () => {
      client.subsys('netconf', (err, channel) => {
        if (err)
          return fail(
            new TransportError(`ssh to ${description}: netconf subsystem refused`, details, { cause: err }),
          );
        if (settled) return channel.close();
        settled = true;
        clearTimeout(timer);
        client.removeAllListeners('error').removeAllListeners('close');
        resolve(channelTransport(client, channel, description, host, port));
      });
    });

    const preferred = knownHosts
      ? knownKeyTypes(knownHosts, host, port).flatMap((t) => HOST_KEY_ALGOS[t] ?? [])
      : [];
    const config: ConnectConfig = {
      sock,
      username,
      hostVerifier,
      readyTimeout: timeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(opts.privateKey !== undefined ? { privateKey: opts.privateKey } : {}),
      ...(opts.passphrase !== undefined ? { passphrase: opts.passphrase } : {}),
      ...(preferred.length > 0
        ? // ssh2 applies the keys in order; remove-then-prepend moves the known types to the front.
          { algorithms: { serverHostKey: { remove: preferred, prepend: preferred, append: [] } as never } }
        : {}),
    };
    client.connect(config);
  });
}

function channelTransport(
  client: Client,
  channel: ClientChannel,
  description: string,
  host: string,
  port: number,
): NetconfTransport {
  let cause: Error | undefined;
  let closed = false;
  const closeListeners: Array<(cause?: Error) => void> = [];
  const onGone = (): void => {
    if (closed) return;
    closed = true;
    client.end();
    for (const l of closeListeners) l(cause);
  };
  client.on('error', (err: Error) => {
    cause ??= err;
  });
  client.on('close', onGone);
  channel.on('close', onGone);
  channel.on('error', (err: Error) => {
    cause ??= err;
  });
  return {
    description,
    host,
    port,
    write: (frame) => {
      channel.write(frame);
    },
    onData: (listener) => {
      channel.on('data', listener);
    },
    onClose: (listener) => {
      closeListeners.push(listener);
    },
    end: () => {
      channel.end();
      client.end();
    },
    destroy: () => client.destroy(),
  };
}
