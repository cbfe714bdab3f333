// Gohan policies (GOHAN_API.md §4, schema/policy.go): a list of statements matched by action, path
// regexp, principal (a role of the token), optional token scope and tenant regexps. A matching
// `deny` wins; otherwise the FIRST matching allow applies; no match is 401. The grant tells the
// handlers which tenants the caller may touch (`is_owner`, `belongs_to`) and which properties it
// may see and send (`properties` whitelist or `blacklistProperties`).
//
// Supported conditions: `is_owner` and `{type: belongs_to, action, tenant_id}`. Anything else
// (property conditions, and/or/match, is_domain_owner) is refused when the file is loaded rather
// than silently ignored.
import type { Identity } from '../auth/tokens';
import { HttpError, MESSAGES } from '../errors';

export type PolicyAction = 'create' | 'read' | 'update' | 'delete' | '*' | (string & {});
export type TokenScope = 'tenant' | 'domain' | 'admin';

export interface BelongsToCondition {
  type: 'belongs_to';
  action: PolicyAction;
  tenant_id: string;
}
export type PolicyCondition = 'is_owner' | BelongsToCondition;

export interface PolicySpec {
  id: string;
  principal: string;
  action: PolicyAction;
  effect?: string;
  description?: string;
  scope?: TokenScope[];
  tenant_id?: string;
  tenant_name?: string;
  resource: { path: string; properties?: string[]; blacklistProperties?: string[] };
  condition?: PolicyCondition[];
}

export interface Policy {
  spec: PolicySpec;
  path: RegExp;
  tenant?: RegExp;
  tenantName?: RegExp;
  deny: boolean;
  isOwner: boolean;
  belongsTo: readonly BelongsToCondition[];
}

/** What a matching allow policy grants for one (action, path, caller). */
export interface Grant {
  policyId: string;
  /** undefined: every tenant. Otherwise the tenants whose rows the caller may see or change. */
  tenantIds?: readonly string[];
  /** false for a property hidden by `properties` / `blacklistProperties`. */
  visible(property: string): boolean;
}

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

function compileRegexp(pattern: string, where: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new PolicyFileError(`${where}: invalid regexp ${JSON.stringify(pattern)}`, { cause: error });
  }
}

function compileCondition(raw: unknown, where: string): PolicyCondition {
  if (raw === 'is_owner') return raw;
  const c = raw as Partial<BelongsToCondition> | null;
  if (
    typeof c === 'object' &&
    c !== null &&
    c.type === 'belongs_to' &&
    typeof c.action === 'string' &&
    typeof c.tenant_id === 'string'
  ) {
    return { type: 'belongs_to', action: c.action, tenant_id: c.tenant_id };
  }
  throw new PolicyFileError(
    `${where}: unsupported condition ${JSON.stringify(raw)} (supported: is_owner, belongs_to)`,
  );
}

export function compilePolicy(spec: PolicySpec, index = 0): Policy {
  const where = `policy ${spec?.id ?? `#${index}`}`;
  if (typeof spec !== 'object' || spec === null) throw new PolicyFileError(`${where}: not an object`);
  for (const key of ['id', 'principal', 'action'] as const) {
    if (typeof spec[key] !== 'string' || spec[key] === '')
      throw new PolicyFileError(`${where}: ${key} is required`);
  }
  if (typeof spec.resource?.path !== 'string')
    throw new PolicyFileError(`${where}: resource.path is required`);
  if (spec.resource.properties && spec.resource.blacklistProperties) {
    throw new PolicyFileError(`${where}: properties and blacklistProperties cannot both be set`);
  }
  if (spec.tenant_id !== undefined && spec.tenant_name !== undefined) {
    throw new PolicyFileError(`${where}: tenant_id and tenant_name cannot both be set`);
  }
  const conditions = (spec.condition ?? []).map((c) => compileCondition(c, where));
  const policy: Policy = {
    spec,
    path: compileRegexp(spec.resource.path, where),
    deny: (spec.effect ?? 'allow').toLowerCase() === 'deny',
    isOwner: conditions.includes('is_owner'),
    belongsTo: conditions.filter((c): c is BelongsToCondition => c !== 'is_owner'),
  };
  if (spec.tenant_id !== undefined) policy.tenant = compileRegexp(`^(?:${spec.tenant_id})$`, where);
  if (spec.tenant_name !== undefined) policy.tenantName = compileRegexp(`^(?:${spec.tenant_name})$`, where);
  return policy;
}

/** Compiles the content of a policy file: `{"policies": [...]}` or a bare list. */
export function compilePolicies(content: unknown): Policy[] {
  const list = Array.isArray(content) ? content : (content as { policies?: unknown } | null)?.policies;
  if (!Array.isArray(list)) throw new PolicyFileError('policy file: expected {"policies": [...]}');
  return list.map((spec, i) => compilePolicy(spec as PolicySpec, i));
}

export function tokenScopeOf(identity: Identity): TokenScope {
  return identity.is_admin ? 'admin' : 'tenant';
}

function actionMatches(policyAction: PolicyAction, action: string): boolean {
  return policyAction === '*' || policyAction === action;
}

export function matches(policy: Policy, action: string, path: string, identity: Identity): boolean {
  const spec = policy.spec;
  if (!actionMatches(spec.action, action)) return false;
  if (!policy.path.test(path)) return false;
  if (!identity.roles.includes(spec.principal)) return false;
  if (spec.scope && !spec.scope.includes(tokenScopeOf(identity))) return false;
  if (policy.tenant && !policy.tenant.test(identity.tenant_id)) return false;
  if (policy.tenantName && !policy.tenantName.test(identity.tenant_name)) return false;
  return true;
}

export function propertyFilter(policy: Policy): (property: string) => boolean {
  const { properties, blacklistProperties } = policy.spec.resource;
  if (properties) {
    const allowed = new Set(properties);
    return (p) => allowed.has(p);
  }
  if (blacklistProperties) {
    const hidden = new Set(blacklistProperties);
    return (p) => !hidden.has(p);
  }
  return () => true;
}

/** The grant for (action, path), or undefined when no allow policy applies (or a deny does). */
export function findGrant(
  policies: readonly Policy[],
  action: string,
  path: string,
  identity: Identity,
): Grant | undefined {
  const matching = policies.filter((p) => matches(p, action, path, identity));
  if (matching.length === 0 || matching.some((p) => p.deny)) return undefined;
  const policy = matching[0]!;
  const grant: Grant = { policyId: policy.spec.id, visible: propertyFilter(policy) };
  if (policy.isOwner && !identity.is_admin) {
    const also = policy.belongsTo.filter((c) => actionMatches(c.action, action)).map((c) => c.tenant_id);
    grant.tenantIds = [identity.tenant_id, ...also.filter((t) => t !== identity.tenant_id)];
  }
  return grant;
}

/** Like findGrant, but a missing grant is Gohan's 401 `No matching policy: <action> <path>`. */
export function authorize(
  policies: readonly Policy[],
  action: string,
  path: string,
  identity: Identity,
): Grant {
  const grant = findGrant(policies, action, path, identity);
  if (!grant) throw new HttpError('unauthorized', MESSAGES.noMatchingPolicy(action, path));
  return grant;
}

/** True when the grant lets the caller act on a resource of `tenantId`. */
export function grantCoversTenant(grant: Grant, tenantId: unknown): boolean {
  return (
    grant.tenantIds === undefined || (typeof tenantId === 'string' && grant.tenantIds.includes(tenantId))
  );
}
