// Building blocks shared by the resource schemas: the base properties every resource has
// (id, name, description, tenant_id), the three state fields of DOMAIN.md §1.2 and small
// property constructors. Permission shorthands follow DOMAIN.md §1.2: C = create-only,
// CU = create and update, none = server-managed.
import type { PropertySchema, ResourceSchema, ResourceSchemaMetadata } from '../schema/types';

export const C = ['create'] as const;
export const CU = ['create', 'update'] as const;

type Extra = Omit<PropertySchema, 'type' | 'title'>;

export const str = (title: string, extra: Extra = {}): PropertySchema => ({
  type: 'string',
  title,
  ...extra,
});
export const nullableStr = (title: string, extra: Extra = {}): PropertySchema => ({
  type: ['string', 'null'],
  title,
  ...extra,
});
export const int = (title: string, extra: Extra = {}): PropertySchema => ({
  type: 'integer',
  title,
  ...extra,
});
export const nullableInt = (title: string, extra: Extra = {}): PropertySchema => ({
  type: ['integer', 'null'],
  title,
  ...extra,
});
export const bool = (title: string, extra: Extra = {}): PropertySchema => ({
  type: 'boolean',
  title,
  ...extra,
});
export const obj = (title: string, extra: Extra = {}): PropertySchema => ({
  type: 'object',
  title,
  ...extra,
});
export const arr = (title: string, items: PropertySchema, extra: Extra = {}): PropertySchema => ({
  type: 'array',
  title,
  items,
  ...extra,
});
export const nullableArr = (title: string, items: PropertySchema, extra: Extra = {}): PropertySchema => ({
  type: ['array', 'null'],
  title,
  items,
  ...extra,
});

/** A free-form `tags` object, default {}. */
export const tags = (): PropertySchema => obj('Tags', { default: {}, permission: CU });

export const SERVICE_TYPES = ['aws', 'azure', 'gcp', 'vpn', 'internet', 'interdc'] as const;

/** Server-managed state fields; all default NO_STATE (DOMAIN.md §1.2). */
export const STATE_FIELDS = ['status', 'orchestration_state', 'operational_state'] as const;
export type StateField = (typeof STATE_FIELDS)[number];

const stateProperty = (title: string): PropertySchema => ({
  type: 'string',
  title,
  default: 'NO_STATE',
  indexed: true,
});

export function stateProperties(fields: readonly StateField[]): Record<string, PropertySchema> {
  const titles: Record<StateField, string> = {
    status: 'Status',
    orchestration_state: 'Orchestration State',
    operational_state: 'Operational State',
  };
  return Object.fromEntries(fields.map((f) => [f, stateProperty(titles[f])]));
}

export const ALL_STATE = STATE_FIELDS;
export const NO_OPERATIONAL = ['status', 'orchestration_state'] as const;
export const STATUS_ONLY = ['status'] as const;

export interface SchemaDefinition {
  id: string;
  plural: string;
  title: string;
  description: string;
  parent?: string;
  metadata?: ResourceSchemaMetadata;
  /** `name` property; defaults to an optional updatable string with default "". */
  name?: PropertySchema;
  properties: Record<string, PropertySchema>;
  required?: readonly string[];
}

/**
 * Adds the base properties (id, name, description, tenant_id) and Gohan's schema-level keys.
 * Every resource is state-versioned (DOMAIN.md §1.2): config version 1 at create, +1 per change.
 */
export function defineSchema(def: SchemaDefinition): ResourceSchema {
  const base: Record<string, PropertySchema> = {
    id: str('ID', { format: 'uuid', permission: C }),
    name: def.name ?? str('Name', { default: '', permission: CU }),
    description: str('Description', { default: '', permission: CU }),
    tenant_id: str('Tenant', { permission: C, indexed: true }),
  };
  const properties = { ...base, ...def.properties };
  return {
    id: def.id,
    singular: def.id,
    plural: def.plural,
    title: def.title,
    description: def.description,
    prefix: '/v2.0',
    ...(def.parent === undefined ? {} : { parent: def.parent, on_parent_delete_cascade: false }),
    metadata: { state_versioning: true, ...def.metadata },
    schema: {
      type: 'object',
      properties,
      required: def.required ?? [],
      propertiesOrder: Object.keys(properties),
    },
  };
}
