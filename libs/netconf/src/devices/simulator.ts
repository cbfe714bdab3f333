// RFC 6241 as the simulated MX (yuma123 netconfd, junos-conf-root subset) speaks it, with its two
// bugs (docs: local-stack.md §1): the hello race (RFC 6241 §8.1) and validate-then-commit (§8.6).
import type { DeviceProfile } from './profile';

export const JUNOS_CONF_ROOT_NAMESPACE = 'http://yang.juniper.net/junos/conf/root';

/**
 * The simulator: <configuration> must carry the YANG module namespace; no commit check (netconfd
 * loses the edits when <validate> is followed by <commit>); 50 ms after the client <hello>
 * (netconfd drops bytes that arrive in the same read as the hello; the router-sim SSH front may
 * already hold them, then `{ ...simulatorProfile, postHelloDelayMs: 0 }` saves 50 ms per connect).
 * Also observed: netconfd refuses <lock> (in-use, app-tag outstanding-confirmed-commit) while a
 * confirmed commit is pending, and fires a confirm-timeout only after ~1 s without any request, so
 * polling it faster than once a second postpones the rollback indefinitely.
 */
export const simulatorProfile: DeviceProfile = {
  name: 'simulator',
  configNamespace: JUNOS_CONF_ROOT_NAMESPACE,
  supportsCommitCheck: false,
  supportsConfirmedCommit: true,
  postHelloDelayMs: 50,
  rpcTimeoutMs: 30_000,
  confirmTimeoutSec: 60,
};
