// What the API takes from the pure domain: shape validation before publishing, and the error table
// for errors the HTTP layer did not raise (STYLE.md #5: DomainError kinds → status in one place).
import { ConsistencyTokenError } from '@gohan-es/decider';
import { httpStatusOf, isDomainError, validateCreate, validateUpdate } from '@gohan-es/domain';
import type { Validator } from '@gohan-es/http-api';
import { ProjectionTimeoutError, QueryError } from '@gohan-es/readmodel';

export const domainValidator: Validator = {
  validateCreate: (schema, body) => void validateCreate(schema, body),
  validateUpdate: (schema, body) => void validateUpdate(schema, body),
};

/** Domain errors by their kind; read-model query errors and bad consistency tokens are 400. */
export function statusOf(error: unknown): number {
  if (isDomainError(error)) return httpStatusOf(error);
  if (error instanceof QueryError || error instanceof ConsistencyTokenError) return 400;
  if (error instanceof ProjectionTimeoutError) return 504;
  return 500;
}
