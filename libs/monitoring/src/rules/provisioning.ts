// Provisioning durations (pure): a ProvisioningSucceeded / ProvisioningFailed fact measured from the
// first ProvisioningStarted of the same resource, config version and action (the provisioner starts
// each router of a pair; the pair's change begins with the first). Event times, not clocks.
import type { LifecycleFact } from '@gohan-es/lifecycle';
import { timeOf } from '@gohan-es/lifecycle';

export interface ProvisioningOutcome {
  event_id: string;
  resource_type: string;
  action: string;
  outcome: 'succeeded' | 'failed';
  /** null when no start of the same change is known. */
  seconds: number | null;
}

const isResult = (f: LifecycleFact) =>
  f.event_type === 'ProvisioningSucceeded' || f.event_type === 'ProvisioningFailed';

/** The outcomes among `results` (new result facts), measured against the resource's facts. */
export function provisioningOutcomes(
  results: readonly LifecycleFact[],
  factsOf: (result: LifecycleFact) => readonly LifecycleFact[],
): ProvisioningOutcome[] {
  return results.filter(isResult).map((result) => {
    const action = String(result.data.action ?? '');
    const starts = factsOf(result)
      .filter(
        (f) =>
          f.event_type === 'ProvisioningStarted' && f.version === result.version && f.data.action === action,
      )
      .map((f) => timeOf(f.occurred_at))
      .filter((ms) => ms <= timeOf(result.occurred_at));
    const begun = starts.length > 0 ? Math.min(...starts) : undefined;
    return {
      event_id: result.event_id,
      resource_type: result.resource_type,
      action,
      outcome: result.event_type === 'ProvisioningSucceeded' ? 'succeeded' : 'failed',
      seconds: begun === undefined ? null : (timeOf(result.occurred_at) - begun) / 1000,
    };
  });
}
