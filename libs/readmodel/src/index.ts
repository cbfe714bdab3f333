// @gohan-es/readmodel: the read side — Postgres tables generated from the resource schemas, the
// projection of events into them (exactly-once effect), gohan list/show queries, read-your-writes
// offsets, and rebuild/checksum for replay audits.
export * from './db';
export * from './errors';
export { DEFAULT_SCHEMA, OFFSETS_TABLE, PARKED_TABLE, TOMBSTONES_TABLE } from './schema/names';
export {
  BOOKKEEPING_COLUMNS,
  STATUS_DETAIL_FIELD,
  hasStatusDetail,
  tableSpec,
  isNullable,
  visibleProperties,
} from './schema/columns';
export type { ColumnSpec, IndexSpec, TableSpec, PgType } from './schema/columns';
export { migrate } from './migrate';
export type { MigrateReport } from './migrate';
export { asAdmin, isAdminScope } from './query/scope';
export type { AdminScope, ReadScope, TenantScope } from './query/scope';
export { LIST_PARAMETERS, parseListQuery, parseShowQuery } from './query/parse';
export type { FilterValue, ListQuery, PropertyFilter, RawQuery } from './query/parse';
export { buildListQueries, buildShowQuery, likePattern } from './query/build';
export { toResource } from './query/rows';
export { listResources, showResource } from './query/execute';
export type { ListResult, ReadOptions } from './query/execute';
export { applyBatch } from './projection/apply';
export type { ApplyOptions, ApplyResult } from './projection/apply';
export { classifyByCatalog, createProjectionModel, defaultProjectionModel } from './projection/model';
export type { ProjectionModel } from './projection/model';
export { changesOf, reduceEvents } from './projection/reduce';
export type { EventKind, ParkedEvent, PositionedEvent, RowState } from './projection/types';
export {
  freshEvents,
  loadNextOffsets,
  offsetEnds,
  offsetMap,
  offsetsReach,
  projectedOffsets,
  projectedOffsets as projectedOffset,
  storeOffsets,
  toOffsetMap,
  topicPartitionKey,
  waitForOffset,
} from './projection/offsets';
export type { OffsetEnd, OffsetMap, StoredOffset, WaitOptions } from './projection/offsets';
export { checksum } from './checksum';
export type { Checksum, TableChecksum } from './checksum';
export { dropSchema, rebuild } from './rebuild';
export type { Position, RebuildOptions, RebuildReport } from './rebuild';
