// RFC 6241 §7-§8: every operation this client speaks, as `args → XML` builders and reply parsers.
export * from './operation';
export * from './lock';
export * from './edit-config';
export * from './validate';
export * from './commit';
export * from './discard-changes';
export * from './get-config';
export * from './close-session';
