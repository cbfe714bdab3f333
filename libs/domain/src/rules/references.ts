// Generic rules on the references and unique values of a body (GOHAN_API.md §1.4, §3, §4):
// a relation must name an existing resource (400 "Related resource does not exist..."), and, when
// the target belongs to a tenant's own service, one of the same tenant (400 "Related resource
// <schema> ID "<id>" not found"); a unique value held by another resource is a 409.
import { ConflictError, ValidationError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import { relationRefs } from '../model/relations';
import { uniqueHolder } from '../model/write-model';
import type { ResourceSchema } from '../schema/types';

function masked(schema: ResourceSchema, body: ResourceBody): ResourceBody {
  const out: ResourceBody = { ...body };
  for (const [name, p] of Object.entries(schema.schema.properties))
    if (p.secret === true && name in out) out[name] = '***';
  return out;
}

/** Checks every reference of `body` (or only of the properties in `only`). */
export function assertRelationsExist(
  d: Decision,
  schema: ResourceSchema,
  body: ResourceBody,
  only?: readonly string[],
): void {
  const tenant = body['tenant_id'];
  for (const ref of relationRefs(schema, body, only)) {
    if (ref.target_type === schema.id && ref.target_id === body['id']) continue;
    const target = d.find(ref.target_type, ref.target_id);
    if (target === undefined) {
      throw new ValidationError(
        `Related resource does not exist. Please check your request: ${JSON.stringify(masked(schema, body))}`,
        {
          field: ref.field,
        },
      );
    }
    if (
      d.schema(ref.target_type).metadata.tenant_owned === true &&
      typeof tenant === 'string' &&
      target.tenant_id !== tenant
    ) {
      throw new ValidationError(`Related resource ${ref.target_type} ID "${ref.target_id}" not found`, {
        field: ref.field,
      });
    }
  }
}

/** 409 when another resource of the type already holds a unique value of `body`. */
export function assertUniquesFree(
  d: Decision,
  schema: ResourceSchema,
  body: ResourceBody,
  only?: readonly string[],
): void {
  for (const [name, p] of Object.entries(schema.schema.properties)) {
    if (p.unique !== true || (only !== undefined && !only.includes(name))) continue;
    const holder = uniqueHolder(d.model, schema.id, name, body[name]);
    if (holder !== undefined && holder !== body['id']) {
      throw new ConflictError(
        `Failed to store data in database: ${name} ${JSON.stringify(body[name])} is already used by ${schema.id} ${holder}`,
        { field: name },
      );
    }
  }
}
