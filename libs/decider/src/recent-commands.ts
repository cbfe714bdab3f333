// The decider's memory of recently decided command_ids, so that a retried command (same command_id,
// e.g. after a 504) is answered with its first decision instead of being applied twice.
//
// Bounded: the oldest entries are forgotten first (insertion order). Accepted commands are rebuilt
// from the event log at start (every event's envelope carries its command_id); rejections live only
// in memory, so after a restart a retried rejected command is decided again — harmless, since it was
// applied zero times and is applied at most once.
import type { EventRef, Outcome } from './protocol';
import type { LogPosition } from './consistency-token';
import { encodeConsistencyToken } from './consistency-token';

export interface RememberedDecision {
  status: Outcome['status'];
  /** Known for decisions made by this process; rebuilt ones get it from the retried command's kind. */
  http_status?: number;
  error?: string;
  events: EventRef[];
  positions: LogPosition[];
}

export const DEFAULT_RECENT_COMMANDS = 100_000;

export class RecentCommands {
  private readonly entries = new Map<string, RememberedDecision>();

  constructor(readonly capacity: number = DEFAULT_RECENT_COMMANDS) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(commandId: string): RememberedDecision | undefined {
    return this.entries.get(commandId);
  }

  has(commandId: string): boolean {
    return this.entries.has(commandId);
  }

  remember(commandId: string, decision: RememberedDecision): void {
    this.entries.delete(commandId);
    this.entries.set(commandId, decision);
    this.evict();
  }

  /** Replay: one event of an accepted command, read back from the log. */
  rememberEvent(commandId: string, event: EventRef, position: LogPosition): void {
    const known = this.entries.get(commandId);
    if (known) {
      known.events.push(event);
      known.positions.push(position);
      return;
    }
    this.entries.set(commandId, { status: 'accepted', events: [event], positions: [position] });
    this.evict();
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

export function tokenOf(decision: RememberedDecision): string {
  return encodeConsistencyToken(decision.positions);
}
