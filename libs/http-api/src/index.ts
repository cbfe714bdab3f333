// @gohan-es/http-api: the Gohan-style HTTP API, generated from the resource schemas.
export { createApiServer, gohanApi, handlerFor } from './server';
export * from './ports';
export * from './errors';
export * from './auth/tokens';
export * from './policy';
export type { ApiState, ApiContext } from './state';
export { commandMeta, randomMac, IDS_PER_COMMAND, MACS_PER_COMMAND } from './command';
export { DEFAULT_LIMITS } from './handlers/runtime';
export { schemaEntry } from './handlers/schemas';
export { ALERTS_PATH, USAGE_PATH, USAGE_RECORDS_PATH, operationRoute } from './handlers/operations';
export { readRawBody, parseJsonObject, unwrapEnvelope, DEFAULT_BODY_LIMIT_BYTES } from './http/body';
export {
  CONSISTENCY_TOKEN_HEADER,
  CONSISTENCY_TOKEN_PARAM,
  prepareListQuery,
  prepareShowQuery,
  parseIfMatch,
  parseCommandId,
  etagOf,
} from './http/query';
export type { RawQuery } from './http/query';
export {
  routeTable,
  normalizePath,
  collectionUrl,
  memberUrl,
  parentProperty,
  SCHEMAS_PATH,
  PROVISIONING_OPS,
} from './http/routes';
export type { ResolvedRoute, RouteTable, ParentRef, ProvisioningOp } from './http/routes';
