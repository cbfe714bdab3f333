// What the decider needs from its neighbours, as narrow interfaces: the pure domain
// (@gohan-es/domain) and the event log codec (@gohan-es/events). The defaults wire the real libs
// (wiring.ts); tests and future apps can pass their own.
import type { Command, CommandMeta, DomainEvent, ResourceBody } from '@gohan-es/domain';
import type { IHeaders } from 'kafkajs';

/** The pure write-side domain: decide(model, command) → facts; evolve(model, fact) → model. */
export interface DeciderDomain<M> {
  createWriteModel(): M;
  /** Throws a DomainError (→ rejected outcome) when the command breaks a rule. */
  decide(model: M, command: Command): DomainEvent[];
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
}

/**
 * An input the decider decides. Commands come from `gohan.commands`.
 *
 * EXTENSION POINT — system inputs. A provisioning result that must become follow-up facts (the
 * domain's SystemCommand: `attach_port` → PortAttached, `complete_delete` → the *Deleted facts)
 * becomes a third variant here:
 *   | { kind: 'system'; command: SystemCommand; source: { topic: string; partition: number; offset: string } }
 * To add it: (1) subscribe the decider's consumer to the provisioning topic too (the consumer
 * group, the one transactional.id and the serialized batches stay as they are; offsets of every
 * input topic-partition go into the same `sendOffsets`, AppendTarget.inputOffsets is already a
 * list); (2) map a provisioning result to its SystemCommand (pure, in the domain); (3) let
 * planBatch pass it to `decide` (the gohan decide already takes AnyCommand) with the causation_id
 * of the result event; (4) publish no outcome unless someone waits (outcome: undefined). Its
 * command_id (deterministic from the source event id) makes a replayed result a duplicate.
 */
export type DeciderInput =
  | { kind: 'command'; command: Command }
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
