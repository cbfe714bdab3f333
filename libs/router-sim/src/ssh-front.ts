// The SSH side of one simulated router (RFC 6242 §3: NETCONF runs in the SSH "netconf" subsystem).
// A plain net.Server accepts TCP on the router's loopback address and hands each socket to an ssh2
// Server, which authenticates the login and, on `subsystem netconf`, spawns Debian's
// netconf-subsystem relay to this router's netconfd, piping the channel both ways through the
// HelloGate (netconfd bug #1) and, unless turned off, the JunosOpsRelay (which answers the Junos
// operational RPCs netconfd does not know from the router's simulator-state). Owning the listener lets the control endpoint take the router "off
// the network": refuse connections (listener closed) or hang them (TCP accepted, SSH never starts).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import {
  Server,
  utils,
  type AuthContext,
  type AuthenticationType,
  type ClientInfo,
  type Connection,
  type ParsedKey,
  type ServerChannel,
} from 'ssh2';
import { HelloGate } from './hello-gate';
import { JunosOpsRelay } from './junos-ops';
import type { SimRouter, SimSettings } from './settings';

export type DownMode = 'refuse' | 'hang';
export type Log = (message: string) => void;

export interface RouterFrontOptions {
  router: SimRouter;
  hostKey: string;
  login: string;
  password: string;
  authorizedKeysFile: string;
  helloHoldMs: number;
  netconfSubsystem: string;
  /** Answer get-vrrp-information, get-bgp-neighbor-information, get-interface-information itself. */
  junosRpcs: boolean;
  log: Log;
}

/** The options of a router's front as the stack settings give them (login, keys, relays). */
export function frontOptions(
  settings: SimSettings,
  router: SimRouter,
  hostKey: string,
  log: Log,
  overrides: Partial<RouterFrontOptions> = {},
): RouterFrontOptions {
  return {
    router,
    hostKey,
    login: settings.login,
    password: settings.password,
    authorizedKeysFile: settings.authorizedKeysFile,
    helloHoldMs: settings.helloHoldMs,
    netconfSubsystem: settings.netconfSubsystem,
    junosRpcs: settings.junosRpcs,
    log,
    ...overrides,
  };
}

export interface FrontHealth {
  router: string;
  name: string;
  address: string;
  port: number;
  state: 'up' | 'down';
  downMode: DownMode | null;
  connections: number;
  sessions: number;
}

const AUTH_METHODS: AuthenticationType[] = ['password', 'publickey'];

function digest(value: string): Buffer {
  return crypto.createHash('sha256').update(value, 'utf8').digest();
}

function sameSecret(given: string, expected: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

export class RouterFront {
  private readonly ssh: Server;
  private listener: net.Server | undefined;
  private downMode: DownMode | null = 'refuse';
  private readonly sockets = new Set<net.Socket>();
  private readonly children = new Set<ChildProcess>();

  constructor(private readonly options: RouterFrontOptions) {
    this.ssh = new Server({ hostKeys: [options.hostKey], ident: 'gohan-router-sim' }, (client, info) =>
      this.onClient(client, info),
    );
    this.ssh.on('error', (err: Error) => options.log(`ssh server error: ${err.message}`));
  }

  get router(): SimRouter {
    return this.options.router;
  }

  health(): FrontHealth {
    const { id, name, address, port } = this.options.router;
    return {
      router: id,
      name,
      address,
      port,
      state: this.downMode === null ? 'up' : 'down',
      downMode: this.downMode,
      connections: this.sockets.size,
      sessions: this.children.size,
    };
  }

  /** Starts (or resumes) accepting SSH connections. Idempotent. */
  async up(): Promise<void> {
    if (this.downMode === 'hang') this.dropConnections();
    this.downMode = null;
    if (this.listener) return;
    const listener = net.createServer((socket) => this.onSocket(socket));
    const { address, port } = this.options.router;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ host: address, port, exclusive: true }, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    listener.on('error', (err) => this.options.log(`listener error: ${err.message}`));
    this.listener = listener;
    this.options.log(`listening on ${address}:${port}`);
  }

  /**
   * Takes the router off the network and drops every open session (netconfd then releases their
   * locks). 'refuse': the port is closed, connects fail at once (ECONNREFUSED). 'hang': TCP
   * connects succeed but no SSH banner ever comes, so clients hit their own timeouts.
   */
  async down(mode: DownMode = 'refuse'): Promise<void> {
    this.downMode = mode;
    this.dropConnections();
    if (mode === 'refuse' && this.listener) {
      const listener = this.listener;
      this.listener = undefined;
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
    if (mode === 'hang' && !this.listener) {
      // Listen again so that TCP connects succeed (and then stall).
      this.downMode = null;
      await this.up();
      this.downMode = 'hang';
    }
    this.options.log(`down (${mode})`);
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const child of this.children) child.kill('SIGTERM');
  }

  private onSocket(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.downMode === 'hang') {
      socket.pause();
      return;
    }
    socket.setNoDelay(true);
    this.ssh.injectSocket(socket);
  }

  private onClient(client: Connection, info: ClientInfo): void {
    const { log } = this.options;
    const children = new Set<ChildProcess>();
    client.on('error', (err: Error) => log(`connection from ${info.ip}:${info.port}: ${err.message}`));
    client.on('close', () => {
      for (const child of children) child.kill('SIGTERM');
    });
    client.on('authentication', (ctx) => this.authenticate(ctx, info));
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('subsystem', (accept, reject, request) => {
          if (request.name !== 'netconf') {
            reject();
            return;
          }
          const child = this.startNetconf(accept, info);
          children.add(child);
          child.once('close', () => children.delete(child));
        });
      });
    });
  }

  private authenticate(ctx: AuthContext, info: ClientInfo): void {
    const { login, password, log } = this.options;
    if (ctx.username !== login) {
      log(`auth rejected: unknown user ${JSON.stringify(ctx.username)} from ${info.ip}`);
      ctx.reject(AUTH_METHODS);
      return;
    }
    if (ctx.method === 'password') {
      if (sameSecret(ctx.password, password)) {
        ctx.accept();
      } else {
        log(`auth rejected: wrong password for ${ctx.username} from ${info.ip}`);
        ctx.reject(AUTH_METHODS);
      }
      return;
    }
    if (ctx.method === 'publickey') {
      const key = this.authorizedKeys().find(
        (k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data),
      );
      if (!key) {
        ctx.reject(AUTH_METHODS);
        return;
      }
      // Without a signature the client only asks whether this key would be acceptable.
      if (ctx.signature && ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
        ctx.reject(AUTH_METHODS);
        return;
      }
      ctx.accept();
      return;
    }
    ctx.reject(AUTH_METHODS);
  }

  private authorizedKeys(): ParsedKey[] {
    let text: string;
    try {
      text = fs.readFileSync(this.options.authorizedKeysFile, 'utf8');
    } catch {
      return [];
    }
    const keys: ParsedKey[] = [];
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const parsed = utils.parseKey(trimmed);
      if (parsed instanceof Error) continue;
      keys.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    }
    return keys;
  }

  private startNetconf(accept: () => ServerChannel, info: ClientInfo): ChildProcess {
    const { router, login, helloHoldMs, netconfSubsystem, log } = this.options;
    const channel = accept();
    const child = spawn(netconfSubsystem, [`--ncxserver-sockname=${router.port}@${router.ncxSocket}`], {
      env: {
        ...process.env,
        USER: login,
        // netconf-subsystem passes these to netconfd, which drops the session unless the 4th field
        // (the server port) is one of its --port values.
        SSH_CONNECTION: `${info.ip} ${info.port} ${router.address} ${router.port}`,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.children.add(child);
    const gate = new HelloGate(helloHoldMs, (chunk) => {
      if (child.stdin?.writable) child.stdin.write(chunk);
    });
    child.stdin?.on('error', () => undefined);
    const relay = this.options.junosRpcs
      ? new JunosOpsRelay(
          (chunk) => gate.push(chunk),
          (chunk) => channel.write(chunk),
        )
      : undefined;
    // A stream the relay cannot frame ends the session (as netconfd would), not the process.
    const relayed = (push: (chunk: Buffer) => void) => (chunk: Buffer) => {
      try {
        push(chunk);
      } catch (err) {
        log(`netconf session from ${info.ip}:${info.port}: ${(err as Error).message}`);
        child.kill('SIGTERM');
        channel.close();
      }
    };
    child.stdout?.on(
      'data',
      relay ? relayed((chunk) => relay.fromServer(chunk)) : (chunk: Buffer) => channel.write(chunk),
    );
    child.stderr?.on('data', (chunk: Buffer) => log(`netconf-subsystem: ${chunk.toString().trim()}`));
    child.on('error', (err) => {
      log(`cannot start ${netconfSubsystem}: ${err.message}`);
      channel.close();
    });
    child.once('close', (code, signal) => {
      this.children.delete(child);
      gate.dispose();
      if (channel.writable) {
        if (typeof code === 'number') channel.exit(code);
        else if (signal) channel.exit(signal, false, '');
        channel.end();
      }
    });
    channel.on(
      'data',
      relay ? relayed((chunk) => relay.fromClient(chunk)) : (chunk: Buffer) => gate.push(chunk),
    );
    channel.on('end', () => {
      gate.open();
      child.stdin?.end();
    });
    channel.on('close', () => {
      gate.dispose();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    return child;
  }
}
