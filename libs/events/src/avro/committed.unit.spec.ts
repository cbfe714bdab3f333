// The committed schemas (schemas/avro) are exactly what the generator makes from the domain now, and
// every event the domain decides in the golden VPN flow (../shared/domain/vpn_flow_fixtures.json,
// replayed through decide/evolve by the domain's test lab) encodes and decodes back unchanged.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  eventCatalog,
  operationalStateObserved,
  provisioningFailed,
  provisioningSucceeded,
  schemaById,
} from '@gohan-es/domain';
import type { DomainEvent, ResourceBody } from '@gohan-es/domain';
import { attachPortCmd, completeDeleteCmd, deleteCmd, labThrough, updateCmd } from '../../../domain/test/lab';
import { TEST_KEY } from '../../test/samples';
import { buildEnvelope } from '../envelope';
import { encryptSecretFields } from '../secrets';
import { generateDomainSchemas } from './generate';
import { DEFAULT_SCHEMA_DIR, EventSchemaSet } from './schema-set';

const committedFiles = readdirSync(DEFAULT_SCHEMA_DIR)
  .filter((f) => f.endsWith('.avsc'))
  .sort();
const set = EventSchemaSet.load();
const context = {
  command_id: 'cmd-1',
  actor: { user_name: 'admin', tenant_id: 't', roles: ['admin'] },
  occurred_at: '2018-04-16T00:12:29.000Z',
};

/** What the API does before a command reaches the decider: secrets are encrypted at the edge. */
function sealSecrets(event: DomainEvent): DomainEvent {
  const schema = schemaById(event.aggregate_type);
  if (!schema) return event;
  const data = { ...event.data };
  for (const key of ['resource', 'changes'] as const) {
    if (data[key] && typeof data[key] === 'object')
      data[key] = encryptSecretFields(schema, data[key] as ResourceBody, TEST_KEY);
  }
  return { ...event, data };
}

const roundTrip = (event: DomainEvent, i: number) => {
  const envelope = buildEnvelope(event, context, `evt-${i}`);
  return { envelope, decoded: set.fromBuffer(set.toBuffer(envelope), set.get(event.event_type).type) };
};

describe('committed event schemas', () => {
  it('should be what `npm run avro:generate` writes (run it after changing a resource schema)', () => {
    const generated = generateDomainSchemas();
    expect(committedFiles).toEqual(expect.arrayContaining(generated.map((s) => `${s.name}.avsc`)));
    for (const schema of generated) {
      // Same JSON (the files are prettier-formatted; field order is part of the comparison).
      const committed = readFileSync(path.join(DEFAULT_SCHEMA_DIR, `${schema.name}.avsc`), 'utf8');
      expect(JSON.stringify(JSON.parse(committed))).toBe(JSON.stringify(schema));
    }
  });

  it('should cover every event type of the catalog', () => {
    expect(set.eventTypes.sort()).toEqual(
      expect.arrayContaining(eventCatalog.map((e) => e.event_type).sort()),
    );
  });

  describe('events of the golden VPN flow', () => {
    const lab = labThrough(-1); // every step
    const gw = lab.events.find((e) => e.event_type === 'GwInterfaceCreated')!;
    const port = lab.events.find(
      (e) => e.event_type === 'PortCreated' && e.parent?.aggregate_type === 'gw_interface',
    )!;
    const network = lab.events.find((e) => e.event_type === 'NetworkCreated')!;
    lab.run(updateCmd('network', network.aggregate_id, { name: 'renamed', description: '' }));
    lab.run(attachPortCmd(port.aggregate_id));
    lab.run(deleteCmd('gw_interface', gw.aggregate_id));
    lab.run(completeDeleteCmd('port', port.aggregate_id));
    const events = lab.events.map(sealSecrets);

    it('should include every config kind', () => {
      const kinds = new Set(events.map((e) => eventCatalog.find((c) => c.event_type === e.event_type)?.kind));
      expect([...kinds].sort()).toEqual(['attached', 'created', 'delete-requested', 'deleted', 'updated']);
    });

    it('should round-trip every event', () => {
      events.forEach((event, i) => {
        const { envelope, decoded } = roundTrip(event, i);
        expect(decoded).toEqual(envelope);
      });
    });

    it('should refuse the flow events with secrets in clear', () => {
      const router = lab.events.find((e) => e.event_type === 'EdgeRouterCreated')!;
      expect(() => set.toBuffer(buildEnvelope(router, context, 'e'))).toThrow(
        /clear secret at resource\.password/,
      );
    });
  });

  it('should round-trip the state events the domain builds', () => {
    const target = { resource_type: 'gw_interface', id: 'gw-1', tenant_id: 't' };
    const events = [
      provisioningSucceeded(target, { action: 'create', config_version: 1, router: null }),
      provisioningFailed(target, {
        action: 'update',
        config_version: 2,
        error: 'error: commit failed',
        router: 'MX-1',
      }),
      operationalStateObserved(target, {
        operational_state: 'UP',
        config_version: 2,
        detail: {
          observed_at: '2018-04-16T00:20:00.000Z',
          since: null,
          master: 'primary',
          vrrp: { 'MX-1': 'MASTER', 'MX-2': 'BACKUP' },
        },
      }),
    ];
    events.forEach((event, i) => {
      const { envelope, decoded } = roundTrip(event, i);
      expect(decoded).toEqual(envelope);
    });
  });
});
