// Test data: complete resources built from the resource schemas (every property present, as the
// decider emits them in Created events), envelopes, and a small event catalog for generator tests.
import type { PropertySchema, ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { resourceSchemas } from '@gohan-es/domain';
import type { Json } from '@gohan-es/domain';
import type { CatalogEntry } from '../src/avro/generate';
import type { EventEnvelope } from '../src/envelope';

export const TEST_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
export const TENANT = 'f'.repeat(32);

export function schemaOf(id: string): ResourceSchema {
  const schema = resourceSchemas.find((s) => s.id === id);
  if (!schema) throw new Error(`no resource schema ${id}`);
  return schema;
}

function sampleValue(name: string, property: PropertySchema): Json {
  if (property.default !== undefined) return property.default as Json;
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (types.includes('null')) return null;
  switch (types[0]) {
    case 'integer':
      return property.minimum ?? 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return property.properties ? sampleObject(property.properties) : {};
    default:
      return property.enum ? (property.enum[0] as Json) : `${name}-value`;
  }
}

function sampleObject(properties: Readonly<Record<string, PropertySchema>>): ResourceBody {
  return Object.fromEntries(Object.entries(properties).map(([name, p]) => [name, sampleValue(name, p)]));
}

/** A complete resource body: defaults, else a value of the property's type (nullable → null). */
export function sampleResource(id: string, overrides: ResourceBody = {}): ResourceBody {
  return { ...sampleObject(schemaOf(id).schema.properties), tenant_id: TENANT, ...overrides };
}

export function envelope(
  overrides: Partial<EventEnvelope> & Pick<EventEnvelope, 'event_type' | 'aggregate_type' | 'data'>,
): EventEnvelope {
  return {
    event_id: 'evt-1',
    aggregate_id: 'agg-1',
    aggregate_version: 1,
    tenant_id: TENANT,
    command_id: 'cmd-1',
    causation_id: 'cmd-1',
    request_id: null,
    actor: { user_name: 'admin', tenant_id: TENANT, roles: ['admin'], is_admin: true },
    occurred_at: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

export const testCatalog: CatalogEntry[] = [
  { event_type: 'GwInterfaceCreated', aggregate_type: 'gw_interface', kind: 'created' },
  { event_type: 'GwInterfaceUpdated', aggregate_type: 'gw_interface', kind: 'updated' },
  { event_type: 'GwInterfaceDeleted', aggregate_type: 'gw_interface', kind: 'deleted' },
  { event_type: 'PortCreated', aggregate_type: 'port', kind: 'created' },
  { event_type: 'PortUpdated', aggregate_type: 'port', kind: 'updated' },
  { event_type: 'EdgeRouterCreated', aggregate_type: 'edge_router', kind: 'created' },
  { event_type: 'EdgeRouterUpdated', aggregate_type: 'edge_router', kind: 'updated' },
  {
    event_type: 'GwInterfaceProvisioningSucceeded',
    aggregate_type: 'gw_interface',
    kind: 'state',
    fields: {
      orchestration_state: { type: 'string', title: 'Orchestration State' },
      error: { type: ['string', 'null'], title: 'Error' },
      details: { type: 'object', title: 'Details' },
    },
    required: ['orchestration_state'],
  },
];
