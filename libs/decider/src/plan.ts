// Deciding a batch of inputs against the write model, without I/O: the pure half of the decider.
//
// Each command is decided against the model as the previous commands of the same batch left it
// (so two conflicting creates in one batch cannot both pass), but the result is only a PLAN: the
// caller appends the plan's facts and outcomes in one Kafka transaction and adopts `plan.model`
// only once that transaction has committed. Duplicates (a command_id already decided, here or
// earlier in the batch) repeat the first decision and decide nothing.
import type { Command, DomainEvent } from '@gohan-es/domain';
import type { DeciderDomain, DeciderInput, EventContext } from './ports';
import { acceptedHttpStatus } from './ports';
import type { EventRef, Outcome } from './protocol';
import type { RecentCommands, RememberedDecision } from './recent-commands';
import { tokenOf } from './recent-commands';
import { planSystem } from './system-inputs';

export interface PlannedItem {
  command_id: string | undefined;
  command?: Command;
  /** Facts to append (accepted, first decision only). */
  events: DomainEvent[];
  /** The outcome; the caller fills consistency_token once the events have offsets. */
  outcome: Outcome | undefined;
  /**
   * The decision the outcome reports: this command's first decision, or for a duplicate the one it
   * repeats. Its `positions` are filled once the events are appended; then the outcome's token.
   */
  decision?: RememberedDecision;
  /** True for a duplicate: nothing to remember, nothing appended. */
  duplicate?: boolean;
  /** A non-domain error thrown by decide (a bug): rejected with 500, and worth logging. */
  unexpected?: unknown;
  /** Envelope context of a system input's facts (commands use their own meta). */
  context?: EventContext;
}

export interface Plan<M> {
  model: M;
  items: PlannedItem[];
  eventCount: number;
  /**
   * evolve threw half-way through a command's facts on a model it mutates in place: the model is
   * no longer trustworthy. The command is rejected (500); the caller must rebuild from the log.
   */
  corruptedBy?: string;
}

export function refOf(event: DomainEvent): EventRef {
  return {
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    aggregate_version: event.aggregate_version,
  };
}

/** The resource a command is about once decided: the one it created, or its target. */
function targetOf(command: Command, events: readonly EventRef[]): { type: string; id: string } | undefined {
  if (command.kind === 'delete') return undefined;
  if (command.kind === 'update') return { type: command.resource_type, id: command.id };
  const created =
    events.find((e) => e.aggregate_type === command.resource_type && e.aggregate_version === 1) ?? events[0];
  return created ? { type: created.aggregate_type, id: created.aggregate_id } : undefined;
}

function resourceAfter<M>(
  domain: DeciderDomain<M>,
  model: M,
  command: Command,
  events: readonly (EventRef | DomainEvent)[],
): Outcome['resource'] {
  const target = targetOf(command, events);
  if (!target) return undefined;
  const fromModel = domain.resourceOf?.(model, target.type, target.id);
  if (fromModel) return fromModel;
  for (const e of events) {
    const resource = 'data' in e && e.aggregate_id === target.id ? e.data.resource : undefined;
    if (resource && typeof resource === 'object' && !Array.isArray(resource)) return resource;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The outcome a duplicate gets: the first decision, flagged, with the resource as it is now. */
export function repeatDecision<M>(
  domain: DeciderDomain<M>,
  model: M,
  command: Command,
  first: RememberedDecision,
): Outcome {
  const accepted = first.status === 'accepted';
  return {
    command_id: command.meta.command_id,
    status: first.status,
    http_status: first.http_status ?? (accepted ? acceptedHttpStatus(command) : 500),
    ...(first.error !== undefined ? { error: first.error } : {}),
    events: [...first.events],
    ...(accepted ? { resource: resourceAfter(domain, model, command, first.events) } : {}),
    consistency_token: tokenOf(first),
    duplicate: true,
  };
}

export function planBatch<M>(
  domain: DeciderDomain<M>,
  committed: M,
  recent: RecentCommands,
  inputs: readonly DeciderInput[],
): Plan<M> {
  let model = committed;
  let eventCount = 0;
  let corruptedBy: string | undefined;
  const inBatch = new Map<string, RememberedDecision>();
  const items = inputs.map((input): PlannedItem => {
    if (input.kind === 'malformed') {
      const outcome: Outcome | undefined = input.command_id
        ? {
            command_id: input.command_id,
            status: 'rejected',
            http_status: input.http_status,
            error: input.reason,
            events: [],
            consistency_token: '',
          }
        : undefined;
      return { command_id: input.command_id, events: [], outcome };
    }
    if (input.kind === 'system') {
      const planned = planSystem(domain, model, recent, inBatch, input);
      model = planned.model;
      eventCount += planned.item.events.length;
      if (planned.corrupted) corruptedBy ??= input.meta.command_id;
      return planned.item;
    }
    const command = input.command;
    const id = command.meta.command_id;
    const first = inBatch.get(id) ?? recent.get(id);
    if (first) {
      return {
        command_id: id,
        command,
        events: [],
        outcome: repeatDecision(domain, model, command, first),
        decision: first,
        duplicate: true,
      };
    }

    let events: DomainEvent[];
    try {
      events = domain.decide(model, command);
    } catch (error) {
      const http_status = domain.httpStatusOf(error);
      const decision: RememberedDecision = {
        status: 'rejected',
        http_status,
        error: errorMessage(error),
        events: [],
        positions: [],
      };
      inBatch.set(id, decision);
      const outcome: Outcome = {
        command_id: id,
        status: 'rejected',
        http_status,
        error: decision.error,
        events: [],
        consistency_token: '',
      };
      return {
        command_id: id,
        command,
        events: [],
        outcome,
        decision,
        ...(http_status >= 500 ? { unexpected: error } : {}),
      };
    }
    const before = model;
    try {
      for (const event of events) model = domain.evolve(model, event);
    } catch (error) {
      model = before; // enough for a value model; a mutated one is flagged for a rebuild below
      if (domain.mutatesModel) corruptedBy ??= id;
      const outcome: Outcome = {
        command_id: id,
        status: 'rejected',
        http_status: 500,
        error: errorMessage(error),
        events: [],
        consistency_token: '',
      };
      return { command_id: id, command, events: [], outcome, unexpected: error };
    }
    eventCount += events.length;
    const decision: RememberedDecision = {
      status: 'accepted',
      http_status: acceptedHttpStatus(command),
      events: events.map(refOf),
      positions: [],
    };
    inBatch.set(id, decision);
    const outcome: Outcome = {
      command_id: id,
      status: 'accepted',
      http_status: decision.http_status!,
      events: decision.events,
      resource: resourceAfter(domain, model, command, events),
      consistency_token: '',
    };
    return { command_id: id, command, events, outcome, decision };
  });
  return corruptedBy === undefined ? { model, items, eventCount } : { model, items, eventCount, corruptedBy };
}
