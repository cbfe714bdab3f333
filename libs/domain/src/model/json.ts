// JSON value helpers: type names as gojsonschema reports them, deep clone, deep equality and
// Gohan's update merge (schema/resource.go CloneWithUpdate: objects merge key by key, arrays and
// scalars are replaced whole, null sets null).
import type { Json } from './events';

export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON-Schema type name of a value: integer for whole numbers, number otherwise. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v)) as T;
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Gohan's update merge of one value: nested objects merge, everything else replaces. */
export function mergeJson(current: Json | undefined, update: Json): Json {
  if (isJsonObject(current) && isJsonObject(update)) {
    const out: JsonObject = cloneJson(current);
    for (const [k, v] of Object.entries(update)) out[k] = mergeJson(current[k], v);
    return out;
  }
  return cloneJson(update);
}
