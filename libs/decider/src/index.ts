// Public API of the write-side runtime (@gohan-es/decider): the API's command bus and the single
// decider (ARCHITECTURE.md §2).
export { CommandBus } from './command-bus';
export type { CommandBusOptions } from './command-bus';
export { Decider } from './decider';
export type { DeciderLogger, DeciderOptions, DeciderState, DeciderStats } from './decider';
export { kafkaEventLog } from './event-log';
export { gohanDomain } from './gohan-domain';
export type { KafkaEventLogOptions } from './event-log';
export type {
  DeciderDomain,
  DeciderInput,
  DecodedFact,
  EncodedEvent,
  EventContext,
  EventLog,
  LoggedEvent,
} from './ports';
export { ALL_ON_ONE_ASSIGNER, allOnOneAssigner, systemCommandId, systemInputOf } from './system-inputs';
export { acceptedHttpStatus } from './ports';
export type { EventRef, Outcome } from './protocol';
export {
  COMMAND_CONTENT_TYPE,
  COMMAND_WIRE_VERSION,
  OUTCOME_CONTENT_TYPE,
  OUTCOME_WIRE_VERSION,
  decodeCommand,
  decodeOutcome,
  encodeCommand,
  encodeOutcome,
  WireFormatError,
} from './protocol';
export {
  ConsistencyTokenError,
  encodeConsistencyToken,
  parseConsistencyToken,
  tokenSatisfied,
} from './consistency-token';
export type { LogPosition } from './consistency-token';
export {
  CommandBusClosedError,
  CommandTimeoutError,
  DeciderFencedError,
  EventEncodingError,
  TransactionOutcomeUnknownError,
  isFencingError,
  isRetriableTransactionError,
} from './errors';
export { DEFAULT_RECENT_COMMANDS, RecentCommands } from './recent-commands';
export { planBatch } from './plan';
export type { Plan, PlannedItem } from './plan';
