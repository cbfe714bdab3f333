import { resourceSchemas } from '@gohan-es/domain';
import { envelope, sampleResource, TEST_KEY, testCatalog } from '../../test/samples';
import { encryptSecret } from '../secrets';
import { EventEncodingError } from '../errors';
import { generateEventSchemas } from './generate';
import { avroType } from './logical-types';
import { EventSchemaSet } from './schema-set';
import type { RawRecordSchema } from './schema-set';

const raws = generateEventSchemas(testCatalog, resourceSchemas);
const set = new EventSchemaSet(raws);
const roundTrip = (e: ReturnType<typeof envelope>) =>
  set.fromBuffer(set.toBuffer(e), set.get(e.event_type).type);

describe('EventSchemaSet (envelope ⇄ Avro)', () => {
  it('should round-trip a Created event with the full resource', () => {
    const event = envelope({
      event_type: 'GwInterfaceCreated',
      aggregate_type: 'gw_interface',
      data: {
        resource: sampleResource('gw_interface', { vrid: 10, gw_vipv4: '10.0.0.1', vpn_gw_id: 'vpn-1' }),
      },
    });
    expect(roundTrip(event)).toEqual(event);
  });

  it('should keep parent, and JSON in free-form fields', () => {
    const event = envelope({
      event_type: 'PortCreated',
      aggregate_type: 'port',
      parent: { aggregate_type: 'gw_interface', aggregate_id: 'gw-1' },
      data: {
        resource: sampleResource('port', {
          tags: { env: 'lab', nested: [1, { a: null }] },
          fixed_ips: [{ subnet_id: 's-1', ip_address: '10.0.0.2' }],
          'binding:vif_type': 'vrouter',
        }),
      },
    });
    expect(roundTrip(event)).toEqual(event);
  });

  describe('Updated events', () => {
    it('should tell "set to null" from "not changed"', () => {
      const event = envelope({
        event_type: 'PortUpdated',
        aggregate_type: 'port',
        aggregate_version: 2,
        data: {
          changes: {
            name: 'renamed',
            ese_logical_port_id: null,
            'binding:vif_type': 'vhost',
            tags: { a: 1 },
          },
        },
      });
      const decoded = roundTrip(event);
      expect(decoded.data).toEqual({
        changes: { name: 'renamed', ese_logical_port_id: null, 'binding:vif_type': 'vhost', tags: { a: 1 } },
      });
      expect(Object.keys(decoded.data.changes as object)).not.toContain('description');
    });

    it('should refuse changes that are not an object', () => {
      expect(() =>
        set.toBuffer(envelope({ event_type: 'PortUpdated', aggregate_type: 'port', data: {} })),
      ).toThrow(EventEncodingError);
    });
  });

  describe('secrets', () => {
    const router = (password: string) =>
      envelope({
        event_type: 'EdgeRouterCreated',
        aggregate_type: 'edge_router',
        data: { resource: sampleResource('edge_router', { ip: '10.1.1.1', login: 'esi', password }) },
      });

    it('should refuse a clear secret, naming the field but not the value', () => {
      expect(() => set.toBuffer(router('hunter2'))).toThrow(/clear secret at resource\.password/);
      try {
        set.toBuffer(router('hunter2'));
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2');
      }
    });

    it('should refuse a clear secret in changes', () => {
      const event = envelope({
        event_type: 'EdgeRouterUpdated',
        aggregate_type: 'edge_router',
        data: { changes: { password: 'hunter2' } },
      });
      expect(() => set.toBuffer(event)).toThrow(/clear secret at changes\.password/);
    });

    it('should carry ciphertext (and an unset secret) unchanged', () => {
      const sealed = router(encryptSecret('hunter2', TEST_KEY));
      expect(roundTrip(sealed)).toEqual(sealed);
      expect(roundTrip(router(''))).toEqual(router(''));
    });
  });

  it('should refuse data fields and resource properties the schema does not carry', () => {
    const base = { event_type: 'GwInterfaceDeleted', aggregate_type: 'gw_interface' };
    expect(() => set.toBuffer(envelope({ ...base, data: { reason: 'x' } }))).toThrow(
      /does not carry: reason/,
    );
    const extra = envelope({
      event_type: 'GwInterfaceCreated',
      aggregate_type: 'gw_interface',
      data: { resource: sampleResource('gw_interface', { unknown_prop: 1 }) },
    });
    expect(() => set.toBuffer(extra)).toThrow(EventEncodingError);
  });

  it('should refuse an event type without a schema', () => {
    expect(() =>
      set.toBuffer(envelope({ event_type: 'NoSuchEvent', aggregate_type: 'x', data: {} })),
    ).toThrow('no Avro schema');
  });

  it('should read an old event with a newer schema, applying defaults of added fields', () => {
    const newer = raws.find((s) => s.name === 'GwInterfaceProvisioningSucceeded')!;
    const older: RawRecordSchema = {
      ...newer,
      fields: newer.fields.filter((f) => f.name !== 'error' && f.name !== 'details'),
    };
    const oldSet = new EventSchemaSet([older]);
    const old = envelope({
      event_type: 'GwInterfaceProvisioningSucceeded',
      aggregate_type: 'gw_interface',
      data: { orchestration_state: 'CREATE_COMPLETE' },
    });
    const decoded = set.fromBuffer(oldSet.toBuffer(old), avroType(older));
    expect(decoded.data).toEqual({ orchestration_state: 'CREATE_COMPLETE', error: null, details: null });
  });
});
