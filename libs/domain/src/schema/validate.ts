// Gohan-style validation of create and update bodies (GOHAN_API.md §3, §1.4).
// The create schema holds the properties with `create` permission plus the schema's `required`; the
// update schema the properties with `update` permission and no `required`; both reject additional
// properties. Messages follow gojsonschema (locales.go) wrapped the way Gohan's API does:
//   Validation error: Json validation error:\n\t<field>: <reason>,
import { ValidationError } from '../errors';
import type { ResourceBody } from '../model/events';
import { cloneJson, isJsonObject, jsonTypeOf } from '../model/json';
import { matchesFormat } from './formats';
import type { JsonType, Permission, PropertySchema, ResourceSchema } from './types';

export interface SchemaViolation {
  /** gojsonschema field: `(root)` for the body itself, else a dotted path (`primary.ip_address`, `fixed_ips.0`). */
  field: string;
  reason: string;
}

const ROOT = '(root)';

function bodySchemaFor(schema: ResourceSchema, permission: Permission): PropertySchema {
  const properties = Object.fromEntries(
    Object.entries(schema.schema.properties).filter(([, p]) => p.permission?.includes(permission) === true),
  );
  const required =
    permission === 'create' ? (schema.schema.required ?? []).filter((r) => r in properties) : [];
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The JSON schema a create body must satisfy (properties with `create` permission). */
export function createBodySchema(schema: ResourceSchema): PropertySchema {
  return bodySchemaFor(schema, 'create');
}

/** The JSON schema an update body must satisfy (properties with `update` permission, nothing required). */
export function updateBodySchema(schema: ResourceSchema): PropertySchema {
  return bodySchemaFor(schema, 'update');
}

const typesOf = (p: PropertySchema): readonly JsonType[] =>
  Array.isArray(p.type) ? p.type : [p.type as JsonType];

function typeMatches(types: readonly JsonType[], value: unknown): boolean {
  const actual = jsonTypeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const childPath = (path: string, key: string | number): string =>
  path === ROOT ? String(key) : `${path}.${key}`;
const fieldName = (path: string): string => path.slice(path.lastIndexOf('.') + 1);

function checkScalar(p: PropertySchema, value: unknown, path: string, out: SchemaViolation[]): void {
  if (p.enum !== undefined && !p.enum.some((e) => e === value)) {
    const allowed = p.enum.map((e) => JSON.stringify(e)).join(', ');
    out.push({ field: path, reason: `${fieldName(path)} must be one of the following: ${allowed}` });
  }
  if (typeof value === 'string') {
    if (p.minLength !== undefined && [...value].length < p.minLength) {
      out.push({ field: path, reason: `String length must be greater than or equal to ${p.minLength}` });
    }
    if (p.maxLength !== undefined && [...value].length > p.maxLength) {
      out.push({ field: path, reason: `String length must be less than or equal to ${p.maxLength}` });
    }
    if (p.pattern !== undefined && !new RegExp(p.pattern).test(value)) {
      out.push({ field: path, reason: `Does not match pattern '${p.pattern}'` });
    }
    if (p.format !== undefined && !matchesFormat(p.format, value)) {
      out.push({ field: path, reason: `Does not match format '${p.format}'` });
    }
  }
  if (typeof value === 'number') {
    if (p.minimum !== undefined && value < p.minimum)
      out.push({ field: path, reason: `Must be greater than or equal to ${p.minimum}` });
    if (p.maximum !== undefined && value > p.maximum)
      out.push({ field: path, reason: `Must be less than or equal to ${p.maximum}` });
  }
}

function checkObject(
  p: PropertySchema,
  value: Record<string, unknown>,
  path: string,
  out: SchemaViolation[],
): void {
  const properties = p.properties ?? {};
  for (const name of p.required ?? []) {
    if (!(name in value)) out.push({ field: path, reason: `${name} is required` });
  }
  if (p.additionalProperties === false) {
    for (const key of Object.keys(value)) {
      if (!(key in properties))
        out.push({ field: path, reason: `Additional property ${key} is not allowed` });
    }
  }
  for (const [name, sub] of Object.entries(properties)) {
    if (name in value) collectViolations(sub, value[name], childPath(path, name), out);
  }
}

/** Appends every violation of `value` against `p` to `out` (gojsonschema's order: type first). */
export function collectViolations(
  p: PropertySchema,
  value: unknown,
  path = ROOT,
  out: SchemaViolation[] = [],
): SchemaViolation[] {
  const types = typesOf(p);
  if (!typeMatches(types, value)) {
    out.push({
      field: path,
      reason: `Invalid type. Expected: ${types.join(',')}, given: ${jsonTypeOf(value)}`,
    });
    return out;
  }
  checkScalar(p, value, path, out);
  if (Array.isArray(value)) {
    if (p.minItems !== undefined && value.length < p.minItems)
      out.push({ field: path, reason: `Array must have at least ${p.minItems} items` });
    if (p.maxItems !== undefined && value.length > p.maxItems)
      out.push({ field: path, reason: `Array must have at most ${p.maxItems} items` });
    if (p.items !== undefined)
      value.forEach((item, i) => collectViolations(p.items!, item, childPath(path, i), out));
  } else if (isJsonObject(value)) {
    checkObject(p, value, path, out);
  }
  return out;
}

/** Gohan's 400 message for a list of violations. */
export function validationMessage(violations: readonly SchemaViolation[]): string {
  return `Validation error: Json validation error:${violations.map((v) => `\n\t${v.field}: ${v.reason},`).join('')}`;
}

/** A ValidationError (400) with Gohan's message for one rule broken on one field. */
export function fieldError(field: string, reason: string): ValidationError {
  return new ValidationError(validationMessage([{ field, reason }]), { field });
}

function validateAgainst(p: PropertySchema, body: unknown): ResourceBody {
  const violations = collectViolations(p, body);
  if (violations.length > 0) {
    const first = violations[0]!;
    throw new ValidationError(validationMessage(violations), { field: first.field });
  }
  return body as ResourceBody;
}

/** Validates a create body; throws ValidationError (400) naming every offending field. */
export function validateCreate(schema: ResourceSchema, body: unknown): ResourceBody {
  return validateAgainst(createBodySchema(schema), body);
}

/** Validates an update body (only `update` fields, nothing required); throws ValidationError (400). */
export function validateUpdate(schema: ResourceSchema, body: unknown): ResourceBody {
  return validateAgainst(updateBodySchema(schema), body);
}

function fillDefaults(p: PropertySchema, value: unknown): unknown {
  if (value === undefined) {
    if (p.default === undefined) return undefined;
    return fillDefaults(p, cloneJson(p.default));
  }
  if (isJsonObject(value) && p.properties !== undefined) {
    const out: Record<string, unknown> = { ...value };
    for (const [name, sub] of Object.entries(p.properties)) {
      const filled = fillDefaults(sub, out[name]);
      if (filled !== undefined) out[name] = filled;
    }
    return out;
  }
  return value;
}

/** A copy of `body` with every absent property that has a default filled in, recursively. */
export function applyDefaults(schema: ResourceSchema, body: ResourceBody): ResourceBody {
  return fillDefaults({ type: 'object', properties: schema.schema.properties }, body) as ResourceBody;
}

/**
 * Gohan's nullability rule (GOHAN_API.md §3): a property is nullable when its type list contains
 * null, or when it is neither required nor has a default.
 */
export function isNullable(schema: ResourceSchema, name: string): boolean {
  const p = schema.schema.properties[name];
  if (p === undefined) return false;
  if (typesOf(p).includes('null')) return true;
  return !(schema.schema.required ?? []).includes(name) && p.default === undefined;
}

/** The full resource: defaults applied, and every property still absent set to null (GET shape). */
export function completeBody(schema: ResourceSchema, body: ResourceBody): ResourceBody {
  const out = applyDefaults(schema, body);
  for (const name of Object.keys(schema.schema.properties)) {
    if (!(name in out)) out[name] = null;
  }
  return out;
}

/** Names of the write-only properties of a schema (DOMAIN.md §10.10). */
export function secretProperties(schema: ResourceSchema): string[] {
  return Object.entries(schema.schema.properties)
    .filter(([, p]) => p.secret === true)
    .map(([name]) => name);
}
