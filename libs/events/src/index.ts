// Public API of @gohan-es/events: Avro event schemas and registry, the envelope, topics, the
// transactional publisher, the consumer and replay. kafkajs stays behind this package.
export * from './kafka';
export * from './errors';
export * from './retry';
export * from './secrets';
export * from './envelope';
export * from './headers';
export * from './topics';
export * from './publisher';
export * from './consumer';
export * from './replay';
export * from './registry';
export { EventSchemaSet, DEFAULT_SCHEMA_DIR } from './avro/schema-set';
export type { EventSchema, RawRecordSchema } from './avro/schema-set';
export {
  generateDomainSchemas,
  generateEventSchema,
  generateEventSchemas,
  writeEventSchemas,
  EVENT_NAMESPACE,
} from './avro/generate';
export type { CatalogEntry, EventKind, Formatter, WriteResult } from './avro/generate';
export { domainCatalog, STATE_EVENT_FIELDS } from './avro/catalog';
export { JSON_LOGICAL_TYPE, SECRET_LOGICAL_TYPE, avroType, avroTypeOptions } from './avro/logical-types';
