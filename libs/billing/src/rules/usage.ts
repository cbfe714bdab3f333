// Usage records: a billable resource's existence cut into intervals of constant billing state —
// ACTIVE or not, and (vpn_gateway) the bandwidth of its qos_option — from its lifecycle timeline.
// Every time is an event's occurred_at, never a clock, so a replay gives the same records. A
// record is keyed by the event id of the fact that opened it; the last one stays open (ended_at
// null) until the resource is deleted. Zero-length intervals (two facts at the same instant) are
// left out: they bill nothing.
import { Status } from '@gohan-es/domain';
import type { LifecycleStep } from '@gohan-es/lifecycle';
import { timeOf } from '@gohan-es/lifecycle';

export interface UsageRecord {
  /** Event id of the fact that opened the interval. */
  record_id: string;
  tenant_id: string;
  resource_type: string;
  resource_id: string;
  /** The resource's status was ACTIVE during the whole interval. */
  active: boolean;
  /** vpn_gateway: its qos_option's bandwidth in Mbps (null while unknown); null for other types. */
  bandwidth_mbps: number | null;
  started_at: string;
  /** null: still running. */
  ended_at: string | null;
  /** Event id of the fact that closed the interval. */
  closed_by: string | null;
}

export type BandwidthOf = (qosOptionId: string) => number | null;

function bandwidthAt(step: LifecycleStep, bandwidthOf: BandwidthOf): number | null {
  if (step.fact.resource_type !== 'vpn_gateway') return null;
  const qos = step.values.qos_option_id;
  return typeof qos === 'string' ? bandwidthOf(qos) : null;
}

/** The usage records of one billable resource from its lifecycle steps. */
export function usageRecords(steps: readonly LifecycleStep[], bandwidthOf: BandwidthOf): UsageRecord[] {
  const records: UsageRecord[] = [];
  let open: UsageRecord | undefined;
  const close = (step: LifecycleStep) => {
    if (!open) return;
    if (timeOf(step.at) > timeOf(open.started_at))
      records.push({ ...open, ended_at: step.at, closed_by: step.fact.event_id });
    open = undefined;
  };
  for (const step of steps) {
    if (step.deleted) {
      close(step);
      break;
    }
    const active = step.state.status === Status.ACTIVE;
    const bandwidth = bandwidthAt(step, bandwidthOf);
    if (open && open.active === active && open.bandwidth_mbps === bandwidth) continue;
    close(step);
    open = {
      record_id: step.fact.event_id,
      tenant_id: step.fact.tenant_id,
      resource_type: step.fact.resource_type,
      resource_id: step.fact.resource_id,
      active,
      bandwidth_mbps: bandwidth,
      started_at: step.at,
      ended_at: null,
      closed_by: null,
    };
  }
  if (open) records.push(open);
  return records;
}
