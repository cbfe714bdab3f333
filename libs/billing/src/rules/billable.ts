// What billing meters (DOMAIN.md §10.1): the tenant's provisioned network resources. A vpn_gateway
// is billed by the bandwidth of its qos_option (create-only on the qos_option, changeable on the
// gateway), so billing also keeps the qos_options' facts to look the bandwidth up.
import { factOf } from '@gohan-es/lifecycle';
import type { LifecycleFact, PositionedEnvelope } from '@gohan-es/lifecycle';

export const BILLABLE_TYPES = ['gw_interface', 'vpn_gateway', 'vpn_interface', 'static_route'] as const;
export type BillableType = (typeof BILLABLE_TYPES)[number];

/** Property values billing keeps from Created resources and updates. */
export const BILLING_KEYS = ['qos_option_id', 'bandwidth', 'qos_type'] as const;

const KEPT_TYPES = new Set<string>([...BILLABLE_TYPES, 'qos_option']);

export function isBillable(resourceType: string): resourceType is BillableType {
  return (BILLABLE_TYPES as readonly string[]).includes(resourceType);
}

/** The fact billing keeps for an event: billable resources and qos_options; undefined otherwise. */
export function billingFactOf(event: PositionedEnvelope): LifecycleFact | undefined {
  if (!KEPT_TYPES.has(event.envelope.aggregate_type)) return undefined;
  return factOf(event, BILLING_KEYS);
}

/** A vpn_gateway fact naming a qos_option refers to it (its facts re-meter the gateway). */
export function billingRefOf(fact: LifecycleFact): string | null {
  if (fact.resource_type !== 'vpn_gateway') return null;
  const body = (fact.data.resource ?? fact.data.changes) as Record<string, unknown> | undefined;
  const ref = body?.qos_option_id;
  return typeof ref === 'string' ? ref : null;
}

/** The bandwidth (Mbps) of a qos_option from its facts: its Created resource's `bandwidth`. */
export function bandwidthFromFacts(facts: readonly LifecycleFact[]): number | null {
  for (const fact of facts) {
    const resource = fact.data.resource as Record<string, unknown> | undefined;
    const value = resource?.bandwidth;
    if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  }
  return null;
}
