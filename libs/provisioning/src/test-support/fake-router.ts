// An in-memory router for the unit tier: a NETCONF server (libs/netconf's FakeDevice framing) over
// a candidate / running store of config trees, with confirmed commits, cancel-commit, locks, and
// hooks to refuse an operation or slow it down. Merges only (removals are not modelled): enough to
// check the order of operations of a pair transaction. The real behaviour is the routers' (int tier).
import type { ConfigTree } from '@gohan-es/junos';
import { emptyConfig, mergeTrees, parseConfigXml, treeToXml } from '@gohan-es/junos';
import { NetconfSession, simulatorProfile } from '@gohan-es/netconf';
import type { DeviceProfile } from '@gohan-es/netconf';
import { FakeDevice } from '../../../netconf/test/fake-device';
import type { FakeRequest } from '../../../netconf/test/fake-device';

export const FAST_PROFILE: DeviceProfile = { ...simulatorProfile, postHelloDelayMs: 0 };

export const rpcErrorXml = (tag: string, message: string): string =>
  '<rpc-error><error-type>application</error-type>' +
  `<error-tag>${tag}</error-tag><error-severity>error</error-severity>` +
  `<error-message>${message}</error-message></rpc-error>`;

export class FakeRouter {
  running: ConfigTree = emptyConfig();
  private candidate: ConfigTree = emptyConfig();
  private beforeConfirmed: ConfigTree | undefined;
  private lockedBy: FakeDevice | undefined;
  /** Operations in order, e.g. "lock", "commit confirmed", "cancel-commit". */
  readonly ops: string[] = [];
  /** A lock asked for while another session held it. */
  contention = 0;
  /** Return an rpc-error body to refuse the operation. */
  refuse: ((op: string, xml: string) => string | undefined) | undefined;
  /** Reply delay of every RPC (ms). */
  delayMs = 0;
  sessions = 0;

  constructor(
    readonly name: string,
    private readonly profile: DeviceProfile = FAST_PROFILE,
  ) {}

  /** A new NETCONF session to this router. */
  open(): Promise<NetconfSession> {
    this.sessions++;
    const device: FakeDevice = new FakeDevice({ handler: (req) => this.handle(req, device) });
    device.onClose(() => {
      if (this.lockedBy === device) this.lockedBy = undefined;
      if (this.beforeConfirmed) this.rollback('session closed');
    });
    return NetconfSession.open(device, { profile: this.profile });
  }

  private rollback(why: string): void {
    this.ops.push(`rollback (${why})`);
    this.running = this.beforeConfirmed!;
    this.candidate = this.running;
    this.beforeConfirmed = undefined;
  }

  private handle(req: FakeRequest, device: FakeDevice): string | undefined {
    const body = this.answer(req, device);
    if (this.delayMs === 0) return body;
    setTimeout(() => device.reply(req.messageId, body), this.delayMs);
    return undefined;
  }

  private answer({ op, xml }: FakeRequest, device: FakeDevice): string {
    const confirmed = op === 'commit' && xml.includes('<confirmed/>');
    const name = confirmed ? 'commit confirmed' : op;
    if (op !== 'close-session') this.ops.push(name);
    const refused = this.refuse?.(name, xml);
    if (refused !== undefined) return refused;
    switch (op) {
      case 'lock':
        if (this.lockedBy !== undefined && this.lockedBy !== device) {
          this.contention++;
          return rpcErrorXml('lock-denied', 'lock held by another session');
        }
        this.lockedBy = device;
        return '<ok/>';
      case 'unlock':
        this.lockedBy = undefined;
        return '<ok/>';
      case 'get-config':
        return `<data>${treeToXml(this.running, { namespace: this.profile.configNamespace })}</data>`;
      case 'edit-config': {
        const config = /<config>([\s\S]*)<\/config>/.exec(xml)?.[1] ?? '';
        this.candidate = mergeTrees([this.candidate, parseConfigXml(config)], 'right');
        return '<ok/>';
      }
      case 'commit':
        if (confirmed) this.beforeConfirmed = this.running;
        else if (this.beforeConfirmed !== undefined) {
          this.beforeConfirmed = undefined; // the confirming commit
          return '<ok/>';
        }
        this.running = this.candidate;
        return '<ok/>';
      case 'cancel-commit':
        if (this.beforeConfirmed) this.rollback('cancel-commit');
        return '<ok/>';
      case 'discard-changes':
        this.candidate = this.running;
        return '<ok/>';
      default:
        return '<ok/>';
    }
  }
}
