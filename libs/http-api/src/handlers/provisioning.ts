// The provisioner's extra member routes, next to the generic ones (ARCHITECTURE.md §5):
//   GET  <prefix>/<plural>/<id>/config  the per-router diff the provisioner would push (dry-run)
//   GET  <prefix>/<plural>/<id>/drift   the resource's routers compared with their desired config
//   POST <prefix>/<plural>/<id>/sync    re-apply the resource (also a failed one), repairing drift
// The resource must be visible to the caller (same tenant scope as a show); config and drift need
// the read permission on `<member url>/<op>`, sync the update permission (the default policies
// give them to the admin only: router configuration is an operator view).
import type { ResourceSchema } from '@gohan-es/domain';
import { notFound } from '../errors';
import type { ProvisioningOp } from '../http/routes';
import { memberUrl } from '../http/routes';
import { authorize } from '../policy/policy';
import type { ApiContext } from '../state';
import type { ApiRuntime } from './runtime';
import { scopeOf } from './runtime';

export const PROVISIONING_METHODS: Readonly<Record<ProvisioningOp, readonly string[]>> = {
  config: ['GET', 'HEAD'],
  drift: ['GET', 'HEAD'],
  sync: ['POST'],
};

export async function provisioningRoute(
  rt: ApiRuntime,
  ctx: ApiContext,
  schema: ResourceSchema,
  id: string,
  op: ProvisioningOp,
): Promise<void> {
  const action = op === 'sync' ? 'update' : 'read';
  const grant = authorize(rt.deps.policies, action, `${memberUrl(schema, id)}/${op}`, ctx.state.auth);
  const control = rt.deps.provisioning;
  if (!control) throw notFound('Provisioning is not available');
  const visible = await rt.deps.reads.show(schema, id, {}, scopeOf(grant));
  if (!visible) throw notFound();
  const body = await control[op](schema, id);
  if (body === undefined) throw notFound(`${schema.singular} ${id} has no router configuration`);
  ctx.body = { [op]: body };
}
