// @gohan-es/collector: status collection (DOMAIN.md §5.3, §10.4–§10.5, ARCHITECTURE.md §6). Pure
// parts: targets from the write model, the mapping rules, change detection / hold / heartbeat.
// Adapters: the NETCONF poller (one session per router, one request per poll) and Kafka.
export * from './targets';
export * from './snapshot';
export * from './rules';
export * from './tracker';
export * from './endpoints';
export * from './collector';
export * from './resource-feed';
export * from './router-poller';
export * from './kafka';
export * from './lab';
export * from './lab-state';
export * from './junos-state';
