export * from './config';
export { ConfigError, redactUrl } from './parsers';
export type { Env } from './parsers';
