// The references a resource body holds to other resources, read from the schema's `relation`
// keywords: a top-level property, the items of an array, or a property of the objects in an array
// (port.fixed_ips[].subnet_id). Used for "related resource must exist" and for delete protection.
import type { PropertySchema, ResourceSchema } from '../schema/types';
import type { Json, ResourceBody } from './events';
import { isJsonObject } from './json';

export interface RelationRef {
  /** Dotted path of the referencing value, e.g. network_id, uplink_interfaces.0, fixed_ips.1.subnet_id. */
  field: string;
  target_type: string;
  target_id: string;
}

function refsOf(p: PropertySchema, value: Json | undefined, field: string, out: RelationRef[]): void {
  if (value === undefined || value === null) return;
  if (p.relation !== undefined && typeof value === 'string' && value !== '') {
    out.push({ field, target_type: p.relation, target_id: value });
  }
  if (Array.isArray(value) && p.items !== undefined) {
    value.forEach((item, i) => refsOf(p.items!, item, `${field}.${i}`, out));
  }
  if (isJsonObject(value) && p.properties !== undefined) {
    for (const [name, sub] of Object.entries(p.properties)) refsOf(sub, value[name], `${field}.${name}`, out);
  }
}

/** Every reference in `body` (only the properties listed in `only`, when given). */
export function relationRefs(
  schema: ResourceSchema,
  body: ResourceBody,
  only?: readonly string[],
): RelationRef[] {
  const out: RelationRef[] = [];
  for (const [name, p] of Object.entries(schema.schema.properties)) {
    if (only === undefined || only.includes(name)) refsOf(p, body[name], name, out);
  }
  return out;
}
