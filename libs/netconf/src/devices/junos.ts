// RFC 6241 as Junos (MX) speaks it: :candidate, :validate (commit check), :confirmed-commit.
import type { DeviceProfile } from './profile';

/** Junos' native XML namespace for <configuration>, for callers that want it explicit. */
export const JUNOS_XNM_NAMESPACE = 'http://xml.juniper.net/xnm/1.1/xnm';

/** Real Junos MX: <configuration> inherits the base namespace; commit check before commit. */
export const junosProfile: DeviceProfile = {
  name: 'junos',
  configNamespace: undefined,
  supportsCommitCheck: true,
  supportsConfirmedCommit: true,
  postHelloDelayMs: 0,
  rpcTimeoutMs: 120_000,
  confirmTimeoutSec: 120,
};
