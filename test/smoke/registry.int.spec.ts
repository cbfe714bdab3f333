// Smoke test of the local schema registry (Apicurio Registry, Confluent API at /apis/ccompat/v7;
// scripts/stack/registry.sh) with the client the services use, @kafkajs/confluent-schema-registry.
// It registers under a TopicRecordNameStrategy subject unique to this run, checks the Confluent wire
// format, and checks that BACKWARD_TRANSITIVE is enforced: a field added with a default is accepted,
// a field added without one (or a type change) is refused with HTTP 409, and so is a version that is
// backward compatible with the latest version but not with the first one.
import { randomUUID } from 'node:crypto';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

interface AvroField {
  name: string;
  type: string;
  default?: unknown;
}
interface RawAvroSchema {
  type: 'record';
  name: string;
  namespace: string;
  fields: AvroField[];
}

const registryUrl = (process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7').replace(
  /\/+$/,
  '',
);
const runId = randomUUID().replace(/-/g, '').slice(0, 12);
const topic = `gohan.smoke.${runId}`;
const recordName = 'com.gohan.events.GwInterfaceCreated';
// TopicRecordNameStrategy: <topic>-<fully qualified record name>, several event types per topic.
const subject = `${topic}-${recordName}`;

const v1: RawAvroSchema = {
  type: 'record',
  name: 'GwInterfaceCreated',
  namespace: 'com.gohan.events',
  fields: [
    { name: 'gatewayId', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'vlan', type: 'int' },
  ],
};
// Compatible with v1: a new field with a default.
const v2: RawAvroSchema = { ...v1, fields: [...v1.fields, { name: 'mtu', type: 'int', default: 1500 }] };
// Incompatible with v1: a new field without a default (old events lack it).
const addedRequired: RawAvroSchema = { ...v1, fields: [...v1.fields, { name: 'vrf', type: 'string' }] };
// Incompatible with v1: vlan changes from int to string.
const typeChanged: RawAvroSchema = {
  ...v1,
  fields: v1.fields.map((f) => (f.name === 'vlan' ? { name: 'vlan', type: 'string' } : f)),
};
// Backward compatible with v2 (v2 data always has mtu) but not with v1: only a transitive check refuses it.
const mtuRequired: RawAvroSchema = { ...v1, fields: [...v1.fields, { name: 'mtu', type: 'int' }] };

const event = { gatewayId: 'gw-1', name: 'ge-0/0/1', vlan: 101 };
const transitive = { subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE };

// The fields of the registry's JSON answers that these checks read (lists are compared whole).
interface RegistryJson {
  compatibilityLevel?: string;
  schema?: string;
  is_compatible?: boolean;
  error_code?: number;
  message?: string;
}

async function http(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: RegistryJson }> {
  const res = await fetch(`${registryUrl}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/vnd.schemaregistry.v1+json',
      Accept: 'application/vnd.schemaregistry.v1+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** The HTTP status of the error a client call rejects with (the client's ResponseError has `status`). */
async function rejectionStatus(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { status?: number }).status;
  }
  throw new Error('expected the registry to refuse the schema');
}

const enc = (s: string) => encodeURIComponent(s);

describe('schema registry (Confluent API) with @kafkajs/confluent-schema-registry', () => {
  const registry = new SchemaRegistry({ host: registryUrl });
  let v1Id: number;

  afterAll(async () => {
    // Confluent semantics: soft delete, then permanent delete of the run's subject.
    await http('DELETE', `/subjects/${enc(subject)}`);
    await http('DELETE', `/subjects/${enc(subject)}?permanent=true`);
  });

  it('registers v1 under a TopicRecordNameStrategy subject and sets BACKWARD_TRANSITIVE', async () => {
    expect((await http('GET', `/subjects/${enc(subject)}/versions`)).status).toBe(404);

    // On a subject's first registration the client PUTs /config/<subject> with this compatibility.
    const { id } = await registry.register(v1, transitive);
    expect(Number.isInteger(id) && id > 0).toBe(true);
    v1Id = id;

    const config = await http('GET', `/config/${enc(subject)}`);
    expect(config.status).toBe(200);
    expect(config.json.compatibilityLevel).toBe('BACKWARD_TRANSITIVE');
    expect((await http('GET', '/subjects')).json).toContain(subject);
  });

  it('returns the same id when the same schema is registered or looked up again', async () => {
    expect((await registry.register(v1, transitive)).id).toBe(v1Id);
    expect(await registry.getRegistryIdBySchema(subject, v1)).toBe(v1Id);
    expect(await registry.getLatestSchemaId(subject)).toBe(v1Id);
    expect(await registry.getRegistryId(subject, 1)).toBe(v1Id);
    expect((await http('GET', `/subjects/${enc(subject)}/versions`)).json).toEqual([1]);
  });

  it('encodes in the Confluent wire format and decodes back', async () => {
    const bytes = await registry.encode(v1Id, event);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(v1Id);
    expect(await registry.decode(bytes)).toEqual(event);

    // A fresh client has no cache: it must fetch the writer schema by id from the registry.
    const fresh = new SchemaRegistry({ host: registryUrl });
    expect(await fresh.decode(bytes)).toEqual(event);
    const schema = (await fresh.getSchema(v1Id)) as { name?: string };
    expect(schema.name).toBe(recordName);

    const byId = await http('GET', `/schemas/ids/${v1Id}`);
    expect(byId.status).toBe(200);
    expect(JSON.parse(byId.json.schema ?? 'null')).toEqual(v1);
  });

  it('accepts a compatible v2 (a new field with a default)', async () => {
    const { id } = await registry.register(v2, transitive);
    expect(id).not.toBe(v1Id);
    expect((await http('GET', `/subjects/${enc(subject)}/versions`)).json).toEqual([1, 2]);
    expect(await registry.getLatestSchemaId(subject)).toBe(id);

    // Old events read with the new schema get the default (only with an explicit reader schema).
    const old = await registry.encode(v1Id, event);
    expect(await registry.decode(old, { [SchemaType.AVRO]: { readerSchema: v2 } })).toEqual({
      ...event,
      mtu: 1500,
    });
    const current = await registry.encode(id, { ...event, mtu: 9000 });
    expect(current.readInt32BE(1)).toBe(id);
    expect(await registry.decode(current)).toEqual({ ...event, mtu: 9000 });
  });

  it('refuses incompatible versions with HTTP 409', async () => {
    expect(await rejectionStatus(registry.register(addedRequired, transitive))).toBe(409);
    expect(await rejectionStatus(registry.register(typeChanged, transitive))).toBe(409);

    // Compatible with the latest version (v2) but not with v1: refused only because the check is transitive.
    const latestOnly = await http('POST', `/compatibility/subjects/${enc(subject)}/versions/latest`, {
      schema: JSON.stringify(mtuRequired),
    });
    expect(latestOnly.status).toBe(200);
    expect(latestOnly.json.is_compatible).toBe(true);
    expect(await rejectionStatus(registry.register(mtuRequired, transitive))).toBe(409);

    expect((await http('GET', `/subjects/${enc(subject)}/versions`)).json).toEqual([1, 2]);
  });
});
