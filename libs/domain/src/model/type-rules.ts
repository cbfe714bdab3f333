// The hooks a resource type may add to the generic create / update / delete flow of model/decide.ts.
// A type without rules is plain bookkeeping: validated, defaulted, related and unique-checked.
import { ConflictError } from '../errors';
import { initialStateFields } from '../state/initial-state';
import { assertRelationsExist, assertUniquesFree } from '../rules/references';
import type { ResourceSchema } from '../schema/types';
import type { Decision, EventParent } from './decision';
import type { ResourceBody } from './events';
import type { ResourceRecord } from './write-model';

export interface TypeRules {
  /** Checks and derives a new resource (complete body, relations checked) and emits its events. */
  create?(d: Decision, schema: ResourceSchema, body: ResourceBody): void;
  /** Checks an update (changes = merged values of the keys sent) and emits its events. */
  update?(d: Decision, record: ResourceRecord, changes: ResourceBody): void;
  /** Extra reasons to refuse a delete (beyond resources still referencing it). */
  assertDeletable?(d: Decision, record: ResourceRecord): void;
  /** Resources deleted together with this one, in deletion order (children first). */
  family?(d: Decision, record: ResourceRecord): ResourceRecord[];
  /** Side effects of the final deletion: give back what the resource held, unlink it. */
  onDeleted?(d: Decision, record: ResourceRecord): void;
}

export interface EmitCreateOptions {
  parent?: EventParent;
  /** State fields to be born with instead of initialStateFields() (the DHCP port). */
  state?: ResourceBody;
}

/** Emits `<Type>Created` for a complete body after the generic relation and unique checks. */
export function emitCreate(
  d: Decision,
  schema: ResourceSchema,
  body: ResourceBody,
  options: EmitCreateOptions = {},
): ResourceBody {
  assertRelationsExist(d, schema, body);
  assertUniquesFree(d, schema, body);
  const resource = { ...body, ...(options.state ?? initialStateFields(schema, body)) };
  d.created(schema, resource, options.parent);
  return resource;
}

/** 409 for a change to a resource whose deletion is under way. */
export function assertNotBeingDeleted(record: ResourceRecord, field?: string): void {
  if (record.marked_for_deletion) {
    throw new ConflictError(
      `${record.resource_type} ${record.id} is being deleted`,
      field === undefined ? {} : { field },
    );
  }
}
