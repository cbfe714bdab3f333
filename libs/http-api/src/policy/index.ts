// The built-in policy set (default-policies.json) and its loader. GOHAN_POLICY_FILE replaces it.
import { readFileSync } from 'node:fs';
import defaultPolicies from './default-policies.json';
import { compilePolicies, PolicyFileError } from './policy';
import type { Policy } from './policy';

export * from './policy';

export const DEFAULT_POLICY_DOCUMENT: unknown = defaultPolicies;

export function defaultPolicySet(): Policy[] {
  return compilePolicies(defaultPolicies);
}

export function loadPolicies(file: string | undefined): Policy[] {
  if (!file) return defaultPolicySet();
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(`policy file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return compilePolicies(content);
}
