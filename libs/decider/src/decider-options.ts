// Options, states and counters of the Decider (decider.ts).
import type { Kafka } from 'kafkajs';
import type { DeciderDomain, EventLog } from './ports';

export interface DeciderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DeciderOptions<M> {
  kafka: Kafka;
  /** `provisioning`: results read as system inputs when the domain has followUps (system-inputs.ts). */
  topics: { commands: string; outcomes: string; events: string; provisioning?: string };
  /** The decider consumer group (config.kafka.groups.decider). */
  groupId: string;
  /** One fixed id per command partition; default `<groupId>-0`. */
  transactionalId?: string;
  domain: DeciderDomain<M>;
  eventLog: EventLog;
  logger?: DeciderLogger;
  /** Most inputs decided in one transaction (default 500). */
  maxBatch?: number;
  /** How many decided command_ids are remembered for idempotent retries (default 100 000). */
  recentCommands?: number;
  /** Fetch wait when no command is pending (default 25 ms; latency-sensitive, see kafka-es.md). */
  maxWaitTimeInMs?: number;
  transactionTimeoutMs?: number;
  /**
   * Group session timeout (default 10 000 ms): how long a crashed active decider holds the
   * partition before a stand-by takes over. Heartbeats every `heartbeatIntervalMs` (default 1000).
   */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Called once when the decider must stop for good (fenced, or its consumer crashed). */
  onFatal?: (error: Error) => void;
  /** Instrumentation hook, awaited inside each open transaction just before commit. */
  beforeCommit?: (info: { inputs: number; events: number }) => Promise<void> | void;
}

/** 'fenced': another instance took the transactional.id; 'failed': the consumer crashed for good. */
export type DeciderState = 'stopped' | 'standby' | 'activating' | 'active' | 'fenced' | 'failed';

export interface DeciderStats {
  transactions: number;
  inputs: number;
  events: number;
  activations: number;
  aborted: number;
}

export const silentLogger: DeciderLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
