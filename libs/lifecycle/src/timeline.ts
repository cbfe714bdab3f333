// A resource's lifecycle timeline: its facts in their intrinsic order (compareFacts) run through the
// domain's state machine (applyStateEvent, with Gohan's version guards) — the same rules the
// projector applies — giving the state after every fact that changed something, and when.
//
// Like the projector, a state event that comes before the config it belongs to is *parked*: while
// the resource does not exist yet or the event's version is newer than the config version, and an
// observation also while the provisioning result of its version is missing. It applies when the
// config catches up and takes effect at the time of the fact that released it. A newer observation
// supersedes a parked older one. Stale results and observations are dropped by the guards.
// Pure: the same facts give the same timeline, whatever order they were stored in.
import { applyStateEvent } from '@gohan-es/domain';
import type { DomainEvent, ResourceBody, ResourceState } from '@gohan-es/domain';
import { compareFacts, factKind } from './facts';
import type { FactKind, LifecycleFact } from './facts';

export interface LifecycleStep {
  /** The fact applied at this step. */
  fact: LifecycleFact;
  /** When it took effect: the fact's occurred_at, or that of the fact that released it from parking. */
  at: string;
  /** The domain state after the step. */
  state: ResourceState;
  /** The kept property values after the step (Created resource merged with every update's changes). */
  values: ResourceBody;
  /** True for the Deleted step (the last one). */
  deleted: boolean;
}

type Readiness = 'apply' | 'park' | 'drop';

function domainEvent(fact: LifecycleFact): DomainEvent {
  return {
    event_type: fact.event_type,
    aggregate_type: fact.resource_type,
    aggregate_id: fact.resource_id,
    aggregate_version: fact.version,
    tenant_id: fact.tenant_id,
    data: fact.data,
  };
}

const objectOf = (value: unknown): ResourceBody =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as ResourceBody) : {};

/** The steps of one resource's facts (all facts must concern the same resource). */
export function lifecycleOf(facts: readonly LifecycleFact[]): LifecycleStep[] {
  const sorted = [...facts].sort(compareFacts);
  const steps: LifecycleStep[] = [];
  let state: ResourceState | undefined;
  let values: ResourceBody = {};
  let deleted = false;
  let parked: LifecycleFact[] = [];

  const readiness = (kind: FactKind, fact: LifecycleFact): Readiness => {
    if (deleted) return 'drop';
    if (kind === 'created') return state ? 'drop' : 'apply';
    if (!state) return 'park';
    if (kind !== 'result' && kind !== 'observation') return 'apply';
    if (fact.version > state.config_version) return 'park';
    if (kind === 'observation' && fact.version === state.config_version && state.state_version < fact.version)
      return 'park';
    return 'apply';
  };

  const record = (fact: LifecycleFact, at: string) =>
    steps.push({ fact, at, state: state!, values: { ...values }, deleted });

  const apply = (kind: FactKind, fact: LifecycleFact, at: string): void => {
    const event = domainEvent(fact);
    if (kind === 'deleted') {
      state = { ...state!, config_version: Math.max(state!.config_version, fact.version), deleted: true };
      deleted = true;
      parked = [];
      record(fact, at);
      return;
    }
    if (kind === 'created') values = { ...objectOf(fact.data.resource) };
    if (kind === 'updated') values = { ...values, ...objectOf(fact.data.changes) };
    const outcome = applyStateEvent(state, event);
    if (outcome.applied) state = outcome.state;
    else if (kind === 'result' || kind === 'observation')
      return; // refused by the version guards
    else if (state) state = { ...state, config_version: Math.max(state.config_version, fact.version) };
    else return;
    record(fact, at);
  };

  const park = (kind: FactKind, fact: LifecycleFact) => {
    if (kind === 'observation')
      parked = parked.filter((p) => factKind(p.event_type) !== 'observation' || compareFacts(p, fact) > 0);
    parked.push(fact);
    // Config first, then provisioning results, then observations; within a kind in fact order.
    parked.sort((a, b) => rankOfParked(a) - rankOfParked(b) || compareFacts(a, b));
  };

  const drain = (at: string) => {
    for (let progress = true; progress;) {
      progress = false;
      for (const p of parked) {
        const kind = factKind(p.event_type)!;
        const ready = readiness(kind, p);
        if (ready === 'park') continue;
        parked = parked.filter((x) => x !== p);
        if (ready === 'apply') apply(kind, p, at);
        progress = true;
        break;
      }
    }
  };

  for (const fact of sorted) {
    const kind = factKind(fact.event_type);
    if (kind === undefined) continue;
    const ready = readiness(kind, fact);
    if (ready === 'park') park(kind, fact);
    else if (ready === 'apply') {
      apply(kind, fact, fact.occurred_at);
      drain(fact.occurred_at);
    }
  }
  return steps;
}

function rankOfParked(fact: LifecycleFact): number {
  const kind = factKind(fact.event_type);
  return kind === 'observation' ? 2 : kind === 'result' ? 1 : 0;
}
