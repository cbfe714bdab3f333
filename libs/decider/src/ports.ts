// What the decider needs from its neighbours, as narrow interfaces: the pure domain
// (@gohan-es/domain) and the event log codec (@gohan-es/events). The defaults wire the real libs
// (wiring.ts); tests and future apps can pass their own.
import type { AnyCommand, Command, CommandMeta, DomainEvent, ResourceBody } from '@gohan-es/domain';
import type { IHeaders } from 'kafkajs';

/** The pure write-side domain: decide(model, command) → facts; evolve(model, fact) → model. */
export interface DeciderDomain<M> {
  createWriteModel(): M;
  /** Throws a DomainError (→ rejected outcome) when the command breaks a rule. */
  decide(model: M, command: AnyCommand): DomainEvent[];
  /**
   * The system commands a provisioning result calls for (the gohan domain's followUpCommands).
   * When present (and the decider has a provisioning topic), results are system inputs.
   */
  followUps?(model: M, result: DomainEvent, meta: CommandMeta): AnyCommand[];
  /**
   * Applies one fact. The decider treats the model as a value: it keeps the committed model while
   * it decides a batch speculatively, so evolve must not mutate `model` in a way the committed
   * model can observe — unless `mutatesModel` is set, in which case the decider rebuilds the model
   * from the log after any failed transaction instead of falling back to the committed one.
   */
  evolve(model: M, event: DomainEvent): M;
  mutatesModel?: boolean;
  /** HTTP status of a thrown error: the DomainError table (400/401/403/404/409/412), else 500. */
  httpStatusOf(error: unknown): number;
  /** The resource as the write model holds it (the outcome's body), undefined when absent. */
  resourceOf?(model: M, resourceType: string, id: string): ResourceBody | undefined;
}

/** The envelope fields the decider supplies for every event it appends (ARCHITECTURE.md §3). */
export interface EventContext {
  meta: CommandMeta;
  /** The input that caused the event: the command_id, or a system input's id. */
  causation_id: string;
}

export interface EncodedEvent {
  key: string;
  value: Buffer;
  headers?: IHeaders;
  /** Kafka timestamp (ms since epoch as a string): the fact's occurred_at. */
  timestamp?: string;
}

/** A fact read back from the log during rebuild: the domain event plus its envelope's command_id. */
export interface LoggedEvent {
  event: DomainEvent;
  command_id: string | undefined;
  topic: string;
  partition: number;
  offset: string;
}

/** The event log as the decider sees it (Avro + registry + envelope live in @gohan-es/events). */
export interface EventLog {
  /** The Kafka message of one fact: key (the aggregate id), Avro value with its envelope, headers. */
  encode(topic: string, event: DomainEvent, context: EventContext): Promise<EncodedEvent>;
  /**
   * Reads the whole topic, read_committed, up to its end as of the call, in log order per
   * partition, calling `onEvent` for each fact.
   */
  readAll(topic: string, onEvent: (event: LoggedEvent) => void): Promise<void>;
  /** Decodes one message of an input topic of facts (provisioning results); needed for system inputs. */
  decode?(value: Buffer): Promise<DecodedFact>;
}

/** A fact decoded from an input topic, with the envelope fields a system input needs. */
export interface DecodedFact {
  event: DomainEvent;
  event_id: string;
  occurred_at: string;
  actor: CommandMeta['actor'];
}

/**
 * An input the decider decides. Commands come from `gohan.commands`.
 *
 * System inputs (the extension point, implemented in system-inputs.ts): a provisioning result read
 * from the provisioning topic (same consumer group, all partitions assigned to the active member,
 * offsets in the same transaction as the facts). planBatch asks `domain.followUps` for the system
 * commands it calls for (`attach_port` → PortAttached, `complete_delete` → the *Deleted facts),
 * decides them against the batch's model and appends their facts with causation_id = the result's
 * event_id. No outcome is published (nobody waits). The input's command_id `system:<event_id>` is
 * carried by the facts, so a result seen again (replay) is a duplicate.
 */
export type DeciderInput =
  | { kind: 'command'; command: Command }
  | { kind: 'system'; result: DomainEvent; meta: CommandMeta; causation_id: string }
  /** An input that cannot be decided: answered with `http_status` (400 unreadable, 500 unencodable facts). */
  | { kind: 'malformed'; command_id: string | undefined; reason: string; http_status: number };

/** The status of an accepted command: 201 create, 200 update, 204 delete (gohan). */
export function acceptedHttpStatus(command: Command): number {
  switch (command.kind) {
    case 'create':
      return 201;
    case 'update':
      return 200;
    case 'delete':
      return 204;
    default:
      throw new Error(`unknown command kind ${(command as { kind: string }).kind}`);
  }
}
