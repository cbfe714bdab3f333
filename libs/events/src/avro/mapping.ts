// Resource schema properties → Avro types (pure). The rules, also in schemas/avro/README.md:
//   string → string; integer → long; number → double; boolean → boolean; enum → string (the domain
//   validates it; adding a symbol later needs no schema change).
//   object with properties → a nested record; free-form object (tags) → map when
//   additionalProperties is a scalar schema, else a `gohan-json` string (JSON text).
//   array → array of its items (items missing → gohan-json).
//   `secret: true` → a `gohan-secret` string (ciphertext only).
//   A field is non-null when its type excludes null and it is required, has a default (which
//   becomes the Avro default) or is `id`/`tenant_id`; every other field is ["null", T] default null.
import type { JsonType, PropertySchema } from '@gohan-es/domain';
import { JSON_LOGICAL_TYPE, SECRET_LOGICAL_TYPE } from './logical-types';

export type AvroSchema = string | AvroSchema[] | { [key: string]: unknown };

export interface AvroField {
  name: string;
  type: AvroSchema;
  default?: unknown;
  doc?: string;
  /** The property name when it is not a valid Avro name (e.g. `binding:vif_type`). */
  gohan_name?: string;
}

/** Field attribute that keeps the original property name of a renamed field. */
export const GOHAN_NAME = 'gohan_name';

export const ALWAYS_PRESENT = new Set(['id', 'tenant_id']);
const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A valid Avro field name for a property name: other characters become `_` (`binding:vif_type` → `binding_vif_type`). */
export function avroFieldName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

export function checkName(name: string, where: string): string {
  if (!AVRO_NAME.test(name)) throw new Error(`${where}: "${name}" is not a valid Avro name`);
  return name;
}

function typesOf(property: PropertySchema): JsonType[] {
  return Array.isArray(property.type) ? [...property.type] : [property.type];
}

export function allowsNull(property: PropertySchema): boolean {
  return typesOf(property).includes('null');
}

const SCALARS: Partial<Record<JsonType, string>> = {
  string: 'string',
  integer: 'long',
  number: 'double',
  boolean: 'boolean',
};

/** Avro branches of one property, without null (a nested record is named `<recordName>`). */
function branches(property: PropertySchema, recordName: string, where: string): AvroSchema[] {
  if (property.secret) return [{ type: 'string', logicalType: SECRET_LOGICAL_TYPE }];
  const kinds = typesOf(property).filter((t) => t !== 'null');
  // integer|number both present: one double branch (an unwrapped union cannot hold two numbers).
  const numeric = kinds.includes('number') ? kinds.filter((k) => k !== 'integer') : kinds;
  return numeric.map((kind) => {
    const scalar = SCALARS[kind];
    if (scalar) return scalar;
    if (kind === 'array') {
      return property.items
        ? { type: 'array', items: typeOf(property.items, false, `${recordName}Item`, `${where}[]`) }
        : { type: 'string', logicalType: JSON_LOGICAL_TYPE };
    }
    if (kind === 'object') {
      if (property.properties && Object.keys(property.properties).length > 0) {
        return recordOf(recordName, property.properties, property.required ?? [], where);
      }
      const values = property.additionalProperties;
      if (
        values &&
        typeof values === 'object' &&
        !Array.isArray(values.type) &&
        SCALARS[values.type as JsonType] &&
        !values.secret
      ) {
        return { type: 'map', values: SCALARS[values.type as JsonType]! };
      }
      return { type: 'string', logicalType: JSON_LOGICAL_TYPE };
    }
    throw new Error(`${where}: unsupported JSON type ${kind}`);
  });
}

/** The Avro type of a property; nullable ⇒ ["null", ...]. */
export function typeOf(
  property: PropertySchema,
  nullable: boolean,
  recordName: string,
  where: string,
): AvroSchema {
  const found = branches(property, recordName, where);
  if (found.length === 0) return 'null';
  if (nullable) return ['null', ...found];
  return found.length === 1 ? found[0]! : found;
}

function isJsonType(type: AvroSchema): boolean {
  return typeof type === 'object' && !Array.isArray(type) && type.logicalType === JSON_LOGICAL_TYPE;
}

/** The Avro default of a non-null field from the property default, when it fits. */
function avroDefault(type: AvroSchema, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (isJsonType(type)) {
    // Apicurio 3.3 cannot detect the artifact type of a schema holding the string default "{}"
    // (HTTP 422 "Failed to discover artifact type"); "{ }" is the same JSON.
    const text = JSON.stringify(value);
    return text === '{}' ? '{ }' : text;
  }
  if (Array.isArray(type)) return undefined; // a union default must match its first branch: skip
  const name = typeof type === 'string' ? type : (type.type as string);
  const ok =
    (name === 'string' && typeof value === 'string') ||
    (name === 'long' && Number.isInteger(value)) ||
    (name === 'double' && typeof value === 'number') ||
    (name === 'boolean' && typeof value === 'boolean') ||
    (name === 'array' && Array.isArray(value) && value.length === 0) ||
    (name === 'map' && typeof value === 'object' && Object.keys(value as object).length === 0);
  return ok ? value : undefined;
}

function docOf(property: PropertySchema): string | undefined {
  const parts = [property.title, property.description].filter(Boolean);
  if (property.format) parts.push(`format ${property.format}`);
  if (property.enum) parts.push(`one of ${property.enum.map((v) => JSON.stringify(v)).join('|')}`);
  if (property.relation) parts.push(`→ ${property.relation}`);
  if (property.secret) parts.push('encrypted (AES-256-GCM, enc:v1:...)');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/**
 * One field. `mode` 'full': nullability as in the module comment; 'changes': always nullable.
 */
export function fieldOf(
  name: string,
  property: PropertySchema,
  required: boolean,
  mode: 'full' | 'changes',
  recordName: string,
  where: string,
): AvroField {
  const avroName = checkName(avroFieldName(name), where);
  const nestedName = `${recordName}${pascal(name)}`;
  const present = required || property.default !== undefined || ALWAYS_PRESENT.has(name);
  const nullable = mode === 'changes' || allowsNull(property) || !present;
  const type = typeOf(property, nullable, nestedName, `${where}.${name}`);
  const field: AvroField = { name: avroName, type };
  if (avroName !== name) field.gohan_name = name;
  const doc = docOf(property);
  if (doc) field.doc = doc;
  if (nullable) field.default = null;
  else {
    const fallback = avroDefault(type, property.default);
    if (fallback !== undefined) field.default = fallback;
  }
  return field;
}

export function recordOf(
  name: string,
  properties: Readonly<Record<string, PropertySchema>>,
  required: readonly string[],
  where: string,
  mode: 'full' | 'changes' = 'full',
  order?: readonly string[],
): AvroSchema {
  checkName(name, where);
  const names = [...(order ?? []), ...Object.keys(properties).filter((k) => !order?.includes(k))].filter(
    (k) => k in properties,
  );
  const fields = names.map((key) =>
    fieldOf(key, properties[key]!, required.includes(key), mode, name, where),
  );
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.name)) throw new Error(`${where}: two properties map to the Avro field ${field.name}`);
    seen.add(field.name);
  }
  return { type: 'record', name, fields };
}
