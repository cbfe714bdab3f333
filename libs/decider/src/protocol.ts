// Wire formats of the two transient topics between the API and the decider (ARCHITECTURE.md §2).
//
// Commands and outcomes are requests and answers, not facts: they are never replayed into a model,
// so they travel as versioned JSON (`"v": 1`) instead of registered Avro. A reader rejects an
// unknown `v` instead of guessing; a new version is added beside the old one, and the decider reads
// both until no producer of the old one is left. Both messages are keyed by command_id.
import type { Command } from '@gohan-es/domain';

export const COMMAND_WIRE_VERSION = 1;
export const OUTCOME_WIRE_VERSION = 1;
export const COMMAND_CONTENT_TYPE = 'application/vnd.gohan.command.v1+json';
export const OUTCOME_CONTENT_TYPE = 'application/vnd.gohan.outcome.v1+json';

/** One event a command appended, as the outcome names it. */
export interface EventRef {
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
}

export interface Outcome {
  command_id: string;
  status: 'accepted' | 'rejected';
  /** The gohan status for the API: 201/200/204 when accepted, the DomainError's 4xx (or 500) when rejected. */
  http_status: number;
  /** The message of the gohan error body `{"error": "..."}` (rejected only). */
  error?: string;
  /** The events the command appended (empty when rejected). */
  events: EventRef[];
  /** The resource after the command (accepted create/update), as the write model holds it. */
  resource?: Record<string, unknown>;
  /** Where the events are: `<topic>:<partition>:<offset>` per partition, comma-separated (see consistency-token.ts). */
  consistency_token: string;
  /**
   * True when this command_id had already been decided: the outcome repeats the first decision and
   * nothing was applied again (idempotent retry after a 504).
   */
  duplicate?: boolean;
}

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

export function encodeCommand(command: Command): Buffer {
  return Buffer.from(JSON.stringify({ v: COMMAND_WIRE_VERSION, command }));
}

export function encodeOutcome(outcome: Outcome): Buffer {
  return Buffer.from(JSON.stringify({ v: OUTCOME_WIRE_VERSION, outcome }));
}

function parse(value: Buffer | null, what: string, version: number): Record<string, unknown> {
  if (!value) throw new WireFormatError(`${what}: empty message`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new WireFormatError(`${what}: not JSON`, { cause: error });
  }
  if (!isObject(parsed)) throw new WireFormatError(`${what}: not an object`);
  if (parsed.v !== version)
    throw new WireFormatError(`${what}: unsupported wire version ${String(parsed.v)}`);
  const body = parsed[what];
  if (!isObject(body)) throw new WireFormatError(`${what}: missing body`);
  return body;
}

/** Decodes and checks the envelope of a command; the domain's decide validates the rest. */
export function decodeCommand(value: Buffer | null): Command {
  const command = parse(value, 'command', COMMAND_WIRE_VERSION);
  const meta = command.meta;
  if (!isObject(meta) || typeof meta.command_id !== 'string' || meta.command_id === '') {
    throw new WireFormatError('command: missing meta.command_id');
  }
  if (!['create', 'update', 'delete'].includes(command.kind as string)) {
    throw new WireFormatError(`command ${meta.command_id}: unknown kind ${String(command.kind)}`);
  }
  if (typeof command.resource_type !== 'string') {
    throw new WireFormatError(`command ${meta.command_id}: missing resource_type`);
  }
  if (
    !isObject(meta.actor) ||
    typeof meta.now !== 'string' ||
    !Array.isArray(meta.ids) ||
    !Array.isArray(meta.macs)
  ) {
    throw new WireFormatError(`command ${meta.command_id}: incomplete meta (actor, now, ids, macs)`);
  }
  return command as unknown as Command;
}

export function decodeOutcome(value: Buffer | null): Outcome {
  const outcome = parse(value, 'outcome', OUTCOME_WIRE_VERSION);
  if (
    typeof outcome.command_id !== 'string' ||
    (outcome.status !== 'accepted' && outcome.status !== 'rejected')
  ) {
    throw new WireFormatError('outcome: missing command_id or status');
  }
  return outcome as unknown as Outcome;
}

/** The command_id of a message that may not decode as a command, so it can still be answered. */
export function commandIdOf(key: Buffer | null, value: Buffer | null): string | undefined {
  try {
    const meta = (
      JSON.parse(value?.toString('utf8') ?? '') as { command?: { meta?: { command_id?: unknown } } }
    ).command?.meta;
    if (typeof meta?.command_id === 'string' && meta.command_id !== '') return meta.command_id;
  } catch {
    // fall back to the key
  }
  const fromKey = key?.toString('utf8');
  return fromKey ? fromKey : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
