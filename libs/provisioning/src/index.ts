// @gohan-es/provisioning: the provisioner's logic (ARCHITECTURE.md §5) — resource graph and
// applied versions from the logs, desired config per router, pair transactions over NETCONF,
// convergence with coalescing, drift, dry-run. apps/provisioner wires it.
export * from './errors';
export * from './tracker';
export * from './source';
export * from './device-pool';
export * from './router-commit';
export * from './pair';
export * from './planner';
export * from './results';
export * from './batch';
export * from './scheduler';
export * from './drift';
export * from './settings';
export * from './provisioner';
export * from './control-client';
export * from './desired';
