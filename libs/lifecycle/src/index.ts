// @gohan-es/lifecycle: what the stream consumers (billing, monitoring) share — a resource's facts
// keyed by event id, its lifecycle timeline through the domain's state machine (pure), and the
// Postgres store that applies a batch of facts with its offsets in one transaction, plus replay.
export * from './facts';
export * from './timeline';
export {
  FACTS_TABLE,
  OFFSETS_TABLE,
  assertSchemaName,
  createFactTables,
  migrateWithLock,
  tableExists,
} from './store/tables';
export { applyFactBatch, factFromRow, factLockKey, loadFacts } from './store/apply';
export type {
  DeriveInput,
  FactBatchOptions,
  FactBatchResult,
  FactConsumerSpec,
  ResourceRef,
} from './store/apply';
export { auditReplay, combineDigests, replayTopics, snapshot, tableDigest } from './store/replay';
export type {
  ApplyReplayed,
  AuditOptions,
  AuditReport,
  Position,
  ReplayOptions,
  Snapshot,
  TableDigest,
} from './store/replay';
export { eventScript, positioned, topicKindOf } from './script';
export type { EventScript, ScriptOptions, TopicKind } from './script';
