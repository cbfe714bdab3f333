// The real schema registry (Apicurio 3, Confluent-compatible API): every committed event schema is
// registered under TopicRecordNameStrategy subjects with BACKWARD_TRANSITIVE, idempotently, and an
// incompatible change is refused (409). Subjects are unique per run and deleted afterwards.
import type { PropertySchema } from '@gohan-es/domain';
import { envelope } from '../test/samples';
import { deleteSubjects, subjectCompatibility } from '../test/registry-cleanup';
import { runId } from '../test/wait';
import { generateEventSchema } from './avro/generate';
import { EventSchemaSet } from './avro/schema-set';
import { IncompatibleSchemaError } from './errors';
import { EventCodec, subjectName } from './registry';

const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const run = runId();
const subjects = new Set<string>();

function probeSchema(fields: Record<string, PropertySchema>, required: string[]) {
  return generateEventSchema(
    { event_type: 'RegistryProbeObserved', aggregate_type: '*', kind: 'state', fields, required },
    [],
  );
}

function codecOf(...schemas: ReturnType<typeof probeSchema>[]) {
  return new EventCodec({ registryUrl, schemas: new EventSchemaSet(schemas) });
}

afterAll(async () => {
  await deleteSubjects(registryUrl, subjects);
});

describe('schema registry', () => {
  it('should register every committed event schema, BACKWARD_TRANSITIVE, idempotently', async () => {
    const topic = `gohan-it.${run}.events`;
    const codec = new EventCodec({ registryUrl });
    for (const eventType of codec.schemas.eventTypes) subjects.add(codec.subject(topic, eventType));
    const ids = await codec.registerAll([topic]);

    expect(ids.size).toBe(codec.schemas.eventTypes.length);
    const subject = subjectName(topic, 'com.gohan.events.GwInterfaceCreated');
    expect(ids.has(subject)).toBe(true);
    expect(await subjectCompatibility(registryUrl, subject)).toBe('BACKWARD_TRANSITIVE');

    const again = await new EventCodec({ registryUrl }).registerAll([topic]);
    expect(again).toEqual(ids);
  });

  describe('schema evolution', () => {
    const topic = `gohan-it.${run}.evolution`;
    const subject = subjectName(topic, 'com.gohan.events.RegistryProbeObserved');
    const v1 = probeSchema({ state: { type: 'string' } }, ['state']);
    const v2 = probeSchema(
      {
        state: { type: 'string' },
        note: { type: ['string', 'null'] },
        zone: { type: 'string', default: 'a' },
      },
      ['state'],
    );
    beforeAll(() => subjects.add(subject));

    it('should accept a compatible version and decode old events with the new reader schema', async () => {
      const oldCodec = codecOf(v1);
      const newCodec = codecOf(v2);
      const id1 = await oldCodec.register(topic, 'RegistryProbeObserved');
      const id2 = await newCodec.register(topic, 'RegistryProbeObserved');
      expect(id2).not.toBe(id1);

      const old = envelope({
        event_type: 'RegistryProbeObserved',
        aggregate_type: 'gw_interface',
        data: { state: 'UP' },
      });
      const bytes = await oldCodec.encode(topic, old);
      expect(bytes[0]).toBe(0);
      expect(bytes.readInt32BE(1)).toBe(id1);
      expect(await newCodec.decode(bytes)).toEqual({ ...old, data: { state: 'UP', note: null, zone: 'a' } });
    });

    it('should refuse an incompatible version with 409', async () => {
      const bad = codecOf(
        probeSchema({ state: { type: 'string' }, size: { type: 'integer' } }, ['state', 'size']),
      );
      const error = await bad.register(topic, 'RegistryProbeObserved').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IncompatibleSchemaError);
      expect((error as IncompatibleSchemaError).status).toBe(409);
    });

    it('should refuse a version that reads the latest but not the oldest (transitive)', async () => {
      // zone loses its default: fine for v2 events (they carry zone), not for v1 events.
      const v3 = codecOf(
        probeSchema(
          { state: { type: 'string' }, note: { type: ['string', 'null'] }, zone: { type: 'string' } },
          ['state', 'zone'],
        ),
      );
      await expect(v3.register(topic, 'RegistryProbeObserved')).rejects.toMatchObject({
        name: 'IncompatibleSchemaError',
        status: 409,
      });
    });
  });
});
