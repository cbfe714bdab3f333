// Tenancy by types (STYLE.md #8): every read names its scope. A member read carries the caller's
// tenant id (and any `belongs_to` tenants its policy grants); an admin read has to say asAdmin().
// There is no default and no "unscoped" read.

const ADMIN: unique symbol = Symbol('gohan-readmodel-admin');

export interface TenantScope {
  readonly tenantId: string;
  /** Extra tenants the caller may read (Gohan's `belongs_to` policy condition). */
  readonly alsoTenantIds?: readonly string[];
}

export interface AdminScope {
  readonly [ADMIN]: true;
}

export type ReadScope = TenantScope | AdminScope;

const adminScope: AdminScope = Object.freeze({ [ADMIN]: true as const });

/** The scope of an admin read: every tenant's rows. */
export function asAdmin(): AdminScope {
  return adminScope;
}

export function isAdminScope(scope: ReadScope): scope is AdminScope {
  return (scope as AdminScope)[ADMIN] === true;
}

/** The tenant ids a scope may read, or undefined for an admin. Refuses an empty tenant id. */
export function scopeTenants(scope: ReadScope): string[] | undefined {
  if (isAdminScope(scope)) return undefined;
  if (typeof scope.tenantId !== 'string' || scope.tenantId === '') {
    throw new Error('read scope: a member read needs a non-empty tenantId (use asAdmin() for admin reads)');
  }
  return [scope.tenantId, ...(scope.alsoTenantIds ?? []).filter((t) => t !== '')];
}
