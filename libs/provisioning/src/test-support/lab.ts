// The golden VPN flow (libs/domain's lab, fixture ids) as the provisioner sees it: events with
// secrets encrypted as they travel (edge_router.password, vpn_interface.bgp_md5).
import { DEVELOPMENT_SECRETS_KEY } from '@gohan-es/config';
import { schemaById } from '@gohan-es/domain';
import type { DomainEvent, ResourceBody } from '@gohan-es/domain';
import { encryptSecretFields } from '@gohan-es/events';
import { labThrough } from '../../../domain/test/lab';
import { Tracker } from '../tracker';

export const KEY = DEVELOPMENT_SECRETS_KEY;
export const GW = '3dbcfce5-bca5-4182-991a-c23de685fcf1';
export const VPN_GW = 'b1da850c-3344-4de2-aa18-d96a30b54f69';
export const VPN_IF = '07d4f1fc-5142-4fae-b115-627fc009e222';
export const MX2 = '7a35974a-a19f-49e2-b907-ad7fd8692975'; // primary
export const MX1 = 'b7e6d8ad-5377-4380-bbb4-1a62566cbd6d'; // secondary

export function sealed(event: DomainEvent): DomainEvent {
  const schema = schemaById(event.aggregate_type);
  const resource = event.data['resource'] as ResourceBody | undefined;
  if (schema === undefined || resource === undefined) return event;
  return { ...event, data: { ...event.data, resource: encryptSecretFields(schema, resource, KEY) } };
}

/** The lab's events through `last` (a resource type of the flow), sealed. */
export function labEvents(last: string): DomainEvent[] {
  return labThrough(last).events.map(sealed);
}

/** A tracker fed with the lab through `last`; every resource before `applyBefore` marked applied. */
export function labTracker(last: string, appliedTypes: readonly string[] = []): Tracker {
  const tracker = new Tracker();
  for (const event of labEvents(last)) tracker.onEvent(event);
  for (const t of tracker.all())
    if (appliedTypes.includes(t.type)) tracker.markApplied(t, tracker.record(t.type, t.id)!.version);
  return tracker;
}
