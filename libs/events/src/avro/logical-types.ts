// Two Avro logical types over `string`, named in the generated schemas (schemas/avro/*.avsc):
//   gohan-json    free-form JSON (tags, untyped objects): the value is JSON text on the wire and the
//                 parsed value in memory.
//   gohan-secret  a secret property: on the wire only ciphertext (secrets.ts) or the empty string
//                 (an unset secret, e.g. the default ''); encoding a clear value fails, so no event
//                 can carry a secret in clear.
// Readers that do not know them (other languages, the registry) see plain strings, as the Avro spec
// prescribes for unknown logical types.
import { types, Type } from 'avsc';
import type { ForSchemaOptions } from 'avsc';
import { isEncryptedSecret } from '../secrets';

export const JSON_LOGICAL_TYPE = 'gohan-json';
export const SECRET_LOGICAL_TYPE = 'gohan-secret';

function isPlainString(type: Type): boolean {
  return type.typeName === 'string';
}

export class JsonType extends types.LogicalType {
  protected override _fromValue(value: unknown): unknown {
    return JSON.parse(value as string) as unknown;
  }
  protected override _toValue(value: unknown): unknown {
    // null/undefined belong to the null branch of a nullable union, never to JSON text.
    return value === null || value === undefined ? undefined : JSON.stringify(value);
  }
  protected override _resolve(writer: Type): ((value: unknown) => unknown) | undefined {
    if (writer instanceof JsonType) return (value) => value; // the writer already parsed it
    if (isPlainString(writer)) return (value) => this._fromValue(value);
    return undefined;
  }
}

export class SecretType extends types.LogicalType {
  protected override _fromValue(value: unknown): unknown {
    return value;
  }
  protected override _toValue(value: unknown): unknown {
    return value === '' || isEncryptedSecret(value) ? value : undefined;
  }
  protected override _resolve(writer: Type): ((value: unknown) => unknown) | undefined {
    if (writer instanceof SecretType || isPlainString(writer)) return (value) => value;
    return undefined;
  }
}

/** avsc options that give the generated schemas their logical types (also for the registry client). */
export function avroTypeOptions(): Partial<ForSchemaOptions> {
  return { logicalTypes: { [JSON_LOGICAL_TYPE]: JsonType, [SECRET_LOGICAL_TYPE]: SecretType } };
}

/** Parses an Avro schema with the Gohan-ES logical types. */
export function avroType(schema: object): Type {
  return Type.forSchema(schema as Parameters<typeof Type.forSchema>[0], avroTypeOptions());
}
