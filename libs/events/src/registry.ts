// Event codec backed by the schema registry (Confluent wire format: magic 0, 4-byte schema id, Avro).
// Subjects follow TopicRecordNameStrategy, `<topic>-<record full name>`, so one topic carries many
// event types; every subject is BACKWARD_TRANSITIVE (events are replayed forever: the newest schema
// must read the oldest event). Registration is idempotent and ids are cached.
//
// Apicurio 3 (ccompat v7) notes: PUT /config/<subject> works before the subject exists, and an
// incompatible version is refused with HTTP 409 like Confluent's registry. We set the subject's
// compatibility before the first version, so even a first registration after a crash is checked.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Type } from 'avsc';
import type { EventEnvelope } from './envelope';
import { EventDecodingError, IncompatibleSchemaError, SchemaRegistryError } from './errors';
import { avroTypeOptions } from './avro/logical-types';
import { EventSchemaSet } from './avro/schema-set';
import type { EventEncoder } from './publisher';

export const COMPATIBILITY = 'BACKWARD_TRANSITIVE';
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export function subjectName(topic: string, recordFullName: string): string {
  return `${topic}-${recordFullName}`;
}

export interface EventCodecOptions {
  registryUrl: string;
  schemas?: EventSchemaSet;
  /** Parallel registrations (default 8). */
  concurrency?: number;
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

export class EventCodec implements EventEncoder {
  readonly schemas: EventSchemaSet;
  readonly registry: SchemaRegistry;
  private readonly ids = new Map<string, number>();
  private readonly pending = new Map<string, Promise<number>>();
  private readonly resolvers = new Map<Type, unknown>();

  constructor(private readonly options: EventCodecOptions) {
    this.schemas = options.schemas ?? EventSchemaSet.load();
    this.registry = new SchemaRegistry(
      { host: options.registryUrl, clientId: 'gohan-es' },
      { AVRO: avroTypeOptions() },
    );
  }

  /** A codec with every event schema registered for each topic (call at start). */
  static async connect(options: EventCodecOptions & { topics: readonly string[] }): Promise<EventCodec> {
    const codec = new EventCodec(options);
    await codec.registerAll(options.topics);
    return codec;
  }

  subject(topic: string, eventType: string): string {
    return subjectName(topic, this.schemas.get(eventType).fullName);
  }

  /** Registers every schema under every topic (idempotent). Returns subject → schema id. */
  async registerAll(topics: readonly string[]): Promise<Map<string, number>> {
    const pairs = topics.flatMap((topic) =>
      this.schemas.eventTypes.map((eventType) => ({ topic, eventType })),
    );
    await inBatches(pairs, this.options.concurrency ?? 8, async ({ topic, eventType }) => {
      await this.register(topic, eventType);
    });
    return new Map(this.ids);
  }

  /** Registers one event schema for a topic (once per process; concurrent callers share the call). */
  register(topic: string, eventType: string): Promise<number> {
    const subject = this.subject(topic, eventType);
    const known = this.ids.get(subject);
    if (known !== undefined) return Promise.resolve(known);
    let running = this.pending.get(subject);
    if (!running) {
      running = this.registerNow(subject, eventType).finally(() => this.pending.delete(subject));
      this.pending.set(subject, running);
    }
    return running;
  }

  private async registerNow(subject: string, eventType: string): Promise<number> {
    await this.setCompatibility(subject);
    try {
      const { id } = await this.registry.register(this.schemas.get(eventType).raw as never, {
        subject,
        compatibility: COMPATIBILITY as never,
        updateConfig: false,
      });
      this.ids.set(subject, id);
      return id;
    } catch (error) {
      const status = statusOf(error);
      const message = `registering ${subject}: ${(error as Error).message}`;
      if (status === 409) throw new IncompatibleSchemaError(message, status, { cause: error });
      throw new SchemaRegistryError(message, status, { cause: error });
    }
  }

  /** PUT /config/<subject> {compatibility: BACKWARD_TRANSITIVE} — idempotent. */
  async setCompatibility(subject: string): Promise<void> {
    const url = `${this.options.registryUrl.replace(/\/$/, '')}/config/${encodeURIComponent(subject)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE },
        body: JSON.stringify({ compatibility: COMPATIBILITY }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new SchemaRegistryError(`setting compatibility of ${subject}: registry unreachable`, undefined, {
        cause,
      });
    }
    if (!response.ok) {
      throw new SchemaRegistryError(
        `setting compatibility of ${subject}: HTTP ${response.status} ${await response.text()}`,
        response.status,
      );
    }
  }

  /** Confluent-framed Avro of an envelope, validated first (clear secrets, unknown fields...). */
  async encode(topic: string, envelope: EventEnvelope): Promise<Buffer> {
    const { record } = this.schemas.toRecord(envelope);
    const id = await this.register(topic, envelope.event_type);
    return this.registry.encode(id, record);
  }

  /**
   * Decodes a framed message with the local (reader) schema of the same record name, so defaults
   * of fields added since the event was written apply (writer → reader resolution).
   */
  async decode(buffer: Buffer): Promise<EventEnvelope> {
    if (!Buffer.isBuffer(buffer) || buffer.length < 5 || buffer[0] !== 0) {
      throw new EventDecodingError('not a schema-registry framed Avro message');
    }
    const id = buffer.readInt32BE(1);
    let writer: Type;
    try {
      writer = (await this.registry.getSchema(id)) as unknown as Type;
    } catch (cause) {
      throw new SchemaRegistryError(
        `fetching writer schema ${id}: ${(cause as Error).message}`,
        statusOf(cause),
        { cause },
      );
    }
    return this.schemas.fromBuffer(buffer.subarray(5), writer, this.resolvers);
  }
}
