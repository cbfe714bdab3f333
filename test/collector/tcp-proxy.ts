// A TCP proxy in front of one simulated router, so a test can make "its" router unreachable without
// taking the shared router off the network for everyone else (controlRouter('down') drops every
// session of that router, other suites' included). Like the router's control endpoint:
//   down('refuse')  cuts the open connections and refuses new ones (ECONNREFUSED);
//   down('hang')    stops relaying: open sessions get no replies, new connections never see a banner;
//   up()            relays again on the same port (hung connections are dropped).
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private hanging = false;
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    readonly host = '127.0.0.1',
  ) {}

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  async up(): Promise<void> {
    this.hanging = false;
    for (const s of this.sockets) s.destroy();
    if (this.server) return;
    const server = net.createServer((client) => {
      this.track(client);
      if (this.hanging) return; // accepted, never relayed
      const upstream = net.connect(this.target);
      this.track(upstream);
      client.on('data', (chunk) => this.hanging || upstream.write(chunk));
      upstream.on('data', (chunk) => this.hanging || client.write(chunk));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(mode: 'refuse' | 'hang' = 'refuse'): Promise<void> {
    if (mode === 'hang') {
      this.hanging = true;
      return;
    }
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.down('refuse');
  }

  /** The known_hosts line for this proxy: the target's host key under the proxy's address. */
  knownHostsLine(knownHosts: string): string {
    const prefix = `[${this.target.host}]:${this.target.port} `;
    const line = knownHosts.split('\n').find((l) => l.startsWith(prefix));
    if (!line) throw new Error(`no known_hosts line for ${prefix.trim()}`);
    return `[${this.host}]:${this.port} ${line.slice(prefix.length)}`;
  }
}
