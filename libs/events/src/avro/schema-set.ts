// The committed event schemas (schemas/avro/*.avsc), parsed once: envelope ⇄ Avro with validation
// that names the offending field (and refuses a secret in clear) — no registry needed here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Type } from 'avsc';
import type { EventEnvelope } from '../envelope';
import { EventDecodingError, EventEncodingError } from '../errors';
import { avroType, SecretType } from './logical-types';
import {
  envelopeToRecord,
  hasRenamedFields,
  payloadFieldsOf,
  recordToEnvelope,
  renameFields,
} from './record';
import type { AvroRecord } from './record';

/** schemas/avro at the repository root (same depth from src/avro and dist/avro). */
export const DEFAULT_SCHEMA_DIR = path.resolve(__dirname, '../../../../schemas/avro');

export interface RawRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  fields: { name: string; type: unknown; default?: unknown; doc?: string }[];
  [attribute: string]: unknown;
}

export interface EventSchema {
  eventType: string;
  fullName: string;
  raw: RawRecordSchema;
  type: Type;
  payloadFields: string[];
  /** Some field is renamed (property name not a valid Avro name): keys are mapped both ways. */
  renames: boolean;
}

export function fullNameOf(raw: RawRecordSchema): string {
  return raw.name.includes('.') || !raw.namespace ? raw.name : `${raw.namespace}.${raw.name}`;
}

function isSecretBranch(type: unknown): boolean {
  if (type instanceof SecretType) return true;
  const branches = (type as { types?: unknown[] } | undefined)?.types;
  return Array.isArray(branches) && branches.some((b) => b instanceof SecretType);
}

export class EventSchemaSet {
  private readonly byType = new Map<string, EventSchema>();
  private readonly byFullName = new Map<string, EventSchema>();

  constructor(schemas: readonly RawRecordSchema[]) {
    for (const raw of schemas) {
      const schema: EventSchema = {
        eventType: raw.name.split('.').pop()!,
        fullName: fullNameOf(raw),
        raw,
        type: avroType(raw),
        payloadFields: payloadFieldsOf(raw),
        renames: hasRenamedFields(raw),
      };
      if (this.byType.has(schema.eventType))
        throw new Error(`two schemas for event type ${schema.eventType}`);
      this.byType.set(schema.eventType, schema);
      this.byFullName.set(schema.fullName, schema);
    }
  }

  /** Reads every *.avsc of a directory (default: the committed schemas/avro). */
  static load(dir: string = DEFAULT_SCHEMA_DIR): EventSchemaSet {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.avsc'))
      .sort();
    return new EventSchemaSet(
      files.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as RawRecordSchema),
    );
  }

  get eventTypes(): string[] {
    return [...this.byType.keys()];
  }

  get(eventType: string): EventSchema {
    const schema = this.byType.get(eventType);
    if (!schema) throw new EventEncodingError(`no Avro schema for event type ${eventType}`);
    return schema;
  }

  getByFullName(fullName: string): EventSchema | undefined {
    return this.byFullName.get(fullName);
  }

  /** The Avro record of an envelope, validated against its schema (throws EventEncodingError). */
  toRecord(envelope: EventEnvelope): { schema: EventSchema; record: AvroRecord } {
    const schema = this.get(envelope.event_type);
    const fields = envelopeToRecord(envelope, schema.payloadFields);
    const record = schema.renames ? (renameFields(fields, schema.raw, 'toAvro') as AvroRecord) : fields;
    const problems: string[] = [];
    const valid = schema.type.isValid(record, {
      noUndeclaredFields: true,
      errorHook: (pathParts: string[], value: unknown, type: Type) => {
        const at = pathParts.join('.') || '(record)';
        // Never echo values: they may be secrets.
        if (isSecretBranch(type) && typeof value === 'string')
          problems.push(`refusing to encode a clear secret at ${at}`);
        else
          problems.push(
            `invalid ${value === null ? 'null' : typeof value} at ${at} (expected ${type.typeName ?? 'another type'})`,
          );
      },
    } as Parameters<Type['isValid']>[1]);
    if (!valid)
      throw new EventEncodingError(`${envelope.event_type}: ${problems.join('; ') || 'invalid record'}`);
    return { schema, record };
  }

  /** Avro binary (no registry framing) of an envelope. */
  toBuffer(envelope: EventEnvelope): Buffer {
    const { schema, record } = this.toRecord(envelope);
    return schema.type.toBuffer(record);
  }

  /** Decodes a record written with `writer` into this set's (reader) schema of the same name. */
  fromBuffer(payload: Buffer, writer: Type, resolverCache?: Map<Type, unknown>): EventEnvelope {
    const fullName = writer.name;
    const schema = fullName ? this.byFullName.get(fullName) : undefined;
    if (!schema)
      throw new EventDecodingError(`no reader schema for event record ${fullName ?? '(anonymous)'}`);
    let resolver = resolverCache?.get(writer);
    if (resolver === undefined) {
      resolver = schema.type.equals(writer) ? null : schema.type.createResolver(writer);
      resolverCache?.set(writer, resolver);
    }
    try {
      const decoded = (
        resolver ? schema.type.fromBuffer(payload, resolver as never) : schema.type.fromBuffer(payload)
      ) as AvroRecord;
      const record = schema.renames ? (renameFields(decoded, schema.raw, 'fromAvro') as AvroRecord) : decoded;
      return recordToEnvelope(record, schema.payloadFields);
    } catch (cause) {
      throw new EventDecodingError(`cannot decode ${fullName}`, { cause });
    }
  }
}
