// RFC 6241 §8 (capabilities) as they differ per device: what a device needs from the client beyond
// the base protocol. One profile per device family; nothing device-specific lives elsewhere.
import { escapeXml } from '../xml';

export interface DeviceProfile {
  readonly name: string;
  /**
   * Namespace of the <configuration> element inside <config>; undefined = no xmlns attribute, so it
   * inherits the NETCONF base namespace (the usual Junos client form).
   */
  readonly configNamespace: string | undefined;
  /** Run <validate> (Junos "commit check") before commit. */
  readonly supportsCommitCheck: boolean;
  /** Supports :confirmed-commit (commit with <confirmed>, <cancel-commit>). */
  readonly supportsConfirmedCommit: boolean;
  /** Pause after the client <hello> before the first <rpc> (device drops bytes that follow it). */
  readonly postHelloDelayMs: number;
  /** Default per-RPC timeout; commits on real routers take seconds. */
  readonly rpcTimeoutMs: number;
  /** Default confirm-timeout of confirmed commits, in seconds. */
  readonly confirmTimeoutSec: number;
}

/** Wraps configuration content in the device's <configuration> element. */
export function configurationXml(profile: DeviceProfile, inner: string): string {
  const ns = profile.configNamespace === undefined ? '' : ` xmlns="${escapeXml(profile.configNamespace)}"`;
  return inner ? `<configuration${ns}>${inner}</configuration>` : `<configuration${ns}/>`;
}
