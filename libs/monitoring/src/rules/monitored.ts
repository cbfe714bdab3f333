// What monitoring keeps: the resources whose state can go bad — provisioned ones (router config can
// fail), monitored ones (operational state) and those that follow a parent (a gw_interface's ports
// and ese_logical_ports).
import { schemaById } from '@gohan-es/domain';
import { factOf } from '@gohan-es/lifecycle';
import type { LifecycleFact, PositionedEnvelope } from '@gohan-es/lifecycle';

export function isWatched(resourceType: string): boolean {
  const metadata = schemaById(resourceType)?.metadata;
  if (!metadata) return false;
  return (
    metadata.provisioned === true || metadata.monitored === true || metadata.follows_parent !== undefined
  );
}

export function monitoringFactOf(event: PositionedEnvelope): LifecycleFact | undefined {
  return isWatched(event.envelope.aggregate_type) ? factOf(event) : undefined;
}
