// Public API of the pure domain core (@gohan-es/domain). No I/O: ids, MACs and time come in the
// command's meta (STYLE.md #2).

// Schemas and validation
export * from './schema/types';
export { resourceSchemas, schemaById, schemaByPlural } from './resources';
export {
  applyDefaults,
  collectViolations,
  completeBody,
  createBodySchema,
  fieldError,
  isNullable,
  secretProperties,
  updateBodySchema,
  validateCreate,
  validateUpdate,
  validationMessage,
} from './schema/validate';
export type { SchemaViolation } from './schema/validate';
export { matchesFormat } from './schema/formats';

// Errors
export * from './errors';

// Events, commands, write model, decider
export * from './model/events';
export type { AnyCommand, SystemCommand } from './model/commands';
export { isSystemCommand } from './model/commands';
export {
  STATE_EVENT_TYPES,
  catalogEntry,
  eventCatalog,
  eventTypeFor,
  hasTwoStepDelete,
  pascalCase,
  resourceEventKind,
} from './model/event-catalog';
export type { EventCatalogEntry, EventKind, ResourceEventKind, StateEventType } from './model/event-catalog';
export {
  createWriteModel,
  evolve,
  getResource,
  listResources,
  referrersOf,
  replay,
} from './model/write-model';
export type { ResourceRecord, WriteModel } from './model/write-model';
export { decide } from './model/decide';
export { followUpCommands } from './model/follow-ups';
export { relationRefs } from './model/relations';
export type { RelationRef } from './model/relations';

// State: initial state, state events, state machines
export {
  initialStateFields,
  isGwInterfaceChild,
  isMonitoredResource,
  isProvisionedResource,
} from './state/initial-state';
export * from './state/values';
export * from './state/state-events';
export { applyStateEvent, recomputeStatus, stateFromCreated } from './state/state-machines';
export type { ResourceState, StateContext, StateOutcome } from './state/state-machines';

// Pure helpers others may reuse
export {
  countFree,
  decodePool,
  encodePool,
  isUsed,
  lowestFree,
  parseVlanRanges,
} from './vpn_gateway/vlan-pool';
export { blockContains, formatIpv4, parseCidr, parseIpv4 } from './ipv4/ipv4';
