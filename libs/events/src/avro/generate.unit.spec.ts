import { resourceSchemas } from '@gohan-es/domain';
import { testCatalog } from '../../test/samples';
import { EVENT_NAMESPACE, generateEventSchema, generateEventSchemas, schemaFileText } from './generate';
import type { EventKind } from './generate';
import { avroType } from './logical-types';

const byName = (name: string) =>
  generateEventSchemas(testCatalog, resourceSchemas).find((s) => s.name === name)!;
const field = (schema: { fields: { name: string }[] }, name: string) =>
  schema.fields.find((f) => f.name === name) as Record<string, unknown>;
const ENVELOPE = [
  'event_id',
  'event_type',
  'aggregate_type',
  'aggregate_id',
  'aggregate_version',
  'tenant_id',
  'command_id',
  'causation_id',
  'request_id',
  'actor',
  'occurred_at',
  'parent',
];

describe('Avro generator', () => {
  describe('GwInterfaceCreated', () => {
    const schema = byName('GwInterfaceCreated');
    const resource = field(schema, 'resource').type as {
      name: string;
      namespace: string;
      fields: Record<string, unknown>[];
    };
    const prop = (name: string) => resource.fields.find((f) => f.name === name)!;

    it('should be a record in the events namespace with the envelope, then the resource', () => {
      expect(schema).toMatchObject({
        type: 'record',
        name: 'GwInterfaceCreated',
        namespace: EVENT_NAMESPACE,
      });
      expect(schema.fields.map((f) => f.name)).toEqual([...ENVELOPE, 'resource']);
      expect(field(schema, 'aggregate_version').type).toBe('long');
      expect(field(schema, 'causation_id')).toMatchObject({ type: ['null', 'string'], default: null });
      expect(resource).toMatchObject({
        type: 'record',
        name: 'GwInterface',
        namespace: 'com.gohan.events.gw_interface',
      });
    });

    it('should map required, defaulted and optional properties', () => {
      expect(prop('vrid')).toMatchObject({ type: 'long' });
      expect(prop('vrid')).not.toHaveProperty('default');
      expect(prop('gw_vipv4')).toMatchObject({ type: 'string' });
      expect(prop('status')).toMatchObject({ type: 'string', default: 'NO_STATE' });
      expect(prop('name')).toMatchObject({ type: 'string', default: '' });
      expect(prop('gw_vipv6')).toMatchObject({ type: ['null', 'string'], default: null });
      expect(prop('id')).toMatchObject({ type: 'string' });
      expect(prop('tenant_id')).toMatchObject({ type: 'string' });
      expect(String(prop('service_type').doc)).toContain('"vpn"');
    });

    it('should parse with avsc', () => {
      expect(() => avroType(schema)).not.toThrow();
    });
  });

  it('should carry secrets as gohan-secret strings', () => {
    const resource = field(byName('EdgeRouterCreated'), 'resource').type as {
      fields: Record<string, unknown>[];
    };
    expect(resource.fields.find((f) => f.name === 'password')).toMatchObject({
      type: { type: 'string', logicalType: 'gohan-secret' },
    });
    const changes = field(byName('EdgeRouterUpdated'), 'changes').type as {
      fields: Record<string, unknown>[];
    };
    expect(changes.fields.find((f) => f.name === 'password')).toMatchObject({
      type: ['null', { type: 'string', logicalType: 'gohan-secret' }],
      default: null,
    });
  });

  it('should map nested objects to records, arrays to arrays and tags to JSON text', () => {
    const resource = field(byName('PortCreated'), 'resource').type as { fields: Record<string, unknown>[] };
    const f = (name: string) => resource.fields.find((x) => x.name === name)!;
    expect(f('fixed_ips')).toMatchObject({
      type: { type: 'array', items: { type: 'record', name: 'PortFixedIpsItem' } },
      default: [],
    });
    expect(f('security_groups')).toMatchObject({ type: { type: 'array', items: 'string' }, default: [] });
    expect(f('tags')).toMatchObject({ type: { type: 'string', logicalType: 'gohan-json' }, default: '{ }' });
  });

  it('should rename a property that is not an Avro name and keep its name', () => {
    const resource = field(byName('PortCreated'), 'resource').type as { fields: Record<string, unknown>[] };
    expect(resource.fields.find((f) => f.name === 'binding_vif_type')).toMatchObject({
      gohan_name: 'binding:vif_type',
      default: 'vrouter',
    });
  });

  it('should make Updated carry changed_fields and an all-nullable changes record', () => {
    const schema = byName('GwInterfaceUpdated');
    expect(schema.fields.map((f) => f.name)).toEqual([...ENVELOPE, 'changed_fields', 'changes']);
    expect(field(schema, 'changed_fields').type).toEqual({ type: 'array', items: 'string' });
    const changes = field(schema, 'changes').type as { name: string; fields: Record<string, unknown>[] };
    expect(changes.name).toBe('GwInterfaceChanges');
    for (const f of changes.fields)
      expect(f).toMatchObject({ type: expect.arrayContaining(['null']), default: null });
  });

  it('should give Deleted events no payload and state events their fields', () => {
    expect(byName('GwInterfaceDeleted').fields.map((f) => f.name)).toEqual(ENVELOPE);
    const state = byName('GwInterfaceProvisioningSucceeded');
    expect(state.fields.slice(ENVELOPE.length)).toEqual([
      { name: 'orchestration_state', type: 'string', doc: 'Orchestration State' },
      { name: 'error', type: ['null', 'string'], default: null, doc: 'Error' },
      {
        name: 'details',
        type: ['null', { type: 'string', logicalType: 'gohan-json' }],
        default: null,
        doc: 'Details',
      },
    ]);
  });

  it('should generate a valid schema for every resource and kind', () => {
    const kinds: EventKind[] = ['created', 'updated', 'deleted', 'delete-requested'];
    for (const resource of resourceSchemas) {
      for (const kind of kinds) {
        const schema = generateEventSchema(
          { event_type: `Test${kind.replace('-', '')}`, aggregate_type: resource.id, kind },
          resourceSchemas,
        );
        expect(() => avroType(schema)).not.toThrow();
      }
    }
  });

  it('should refuse an unknown resource and an invalid event name', () => {
    expect(() =>
      generateEventSchema(
        { event_type: 'NopeCreated', aggregate_type: 'nope', kind: 'created' },
        resourceSchemas,
      ),
    ).toThrow('no resource schema');
    expect(() =>
      generateEventSchema(
        { event_type: 'Bad-Name', aggregate_type: 'port', kind: 'deleted' },
        resourceSchemas,
      ),
    ).toThrow('not a valid Avro name');
  });

  it('should format files stably', () => {
    const text = schemaFileText(byName('GwInterfaceDeleted'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(byName('GwInterfaceDeleted'));
  });
});
