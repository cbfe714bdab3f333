// What the HTTP API needs from its neighbours, as narrow interfaces (injected by apps/api, faked in
// unit tests): the domain's shape validation, the command bus of the decider, the read model and
// the event history. The API itself holds no state besides its configuration.
import type { Command, ResourceBody, ResourceSchema } from '@gohan-es/domain';
import type { TokenStore } from './auth/tokens';
import type { Policy } from './policy/policy';
import type { RawQuery } from './http/query';

/** The decider's answer to one command (mirrors @gohan-es/decider's Outcome). */
export interface CommandOutcome {
  command_id: string;
  status: 'accepted' | 'rejected';
  http_status: number;
  error?: string;
  events: { aggregate_type: string; aggregate_id: string; aggregate_version: number }[];
  resource?: Record<string, unknown>;
  consistency_token: string;
  duplicate?: boolean;
}

/** Thrown by a CommandSender when no outcome arrived in time (→ 504 with the command id). */
export class CommandTimeoutError extends Error {
  override readonly name = 'CommandTimeoutError';
  constructor(
    readonly commandId: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`No outcome for command ${commandId} within ${timeoutMs} ms`, options);
  }
}

export interface CommandSender {
  send(command: Command, options: { timeoutMs: number }): Promise<CommandOutcome>;
}

/** Whose rows a read may return: every tenant's, or the listed tenants' (STYLE.md #8). */
export type ReadScope = { kind: 'all' } | { kind: 'tenants'; tenantIds: readonly string[] };

export interface ReadSide {
  /** A list with Gohan's query parameters; throws a 400-classified error on a bad query. */
  list(
    schema: ResourceSchema,
    query: RawQuery,
    scope: ReadScope,
  ): Promise<{ items: ResourceBody[]; total: number }>;
  /** One resource, or undefined when missing or outside the scope. `version` feeds the ETag. */
  show(
    schema: ResourceSchema,
    id: string,
    query: RawQuery,
    scope: ReadScope,
  ): Promise<{ resource: ResourceBody; version?: number } | undefined>;
  /** Resolves once the projector has passed the token; rejects (or resolves false) after timeoutMs. */
  waitFor(token: string, timeoutMs: number): Promise<boolean>;
}

/** One entry of a resource's history, as the API returns it. */
export interface HistoryEntry {
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  tenant_id: string;
  command_id: string;
  actor: { user_name: string; tenant_id: string; roles: readonly string[]; is_admin: boolean };
  occurred_at: string;
  /** Created: { resource }; Updated: { changes }; state events: their fields. */
  data: ResourceBody;
  parent?: { aggregate_type: string; aggregate_id: string };
}

export interface HistorySource {
  /** The events of one resource in log order (and those of resources whose parent it is, when known). */
  of(schema: ResourceSchema, id: string): Promise<HistoryEntry[]>;
}

/** Shape validation before publishing (the domain's validateCreate/validateUpdate); throws a 400-classified error. */
export interface Validator {
  validateCreate(schema: ResourceSchema, body: ResourceBody): void;
  validateUpdate(schema: ResourceSchema, body: ResourceBody): void;
}

export interface ApiLogger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}

export interface ApiLimits {
  /** Largest accepted request body (413 above). Default 1 MiB. */
  bodyBytes: number;
  /** How long a write waits for its outcome (504 after). Default 10 s. */
  commandTimeoutMs: number;
  /** How long a read waits for its consistency token (504 after). Default 5 s. */
  consistencyWaitMs: number;
}

/** Filters of GET /v2.0/alerts (empty lists: no filter). */
export interface AlertFilter {
  state: readonly ('open' | 'resolved')[];
  kind: readonly string[];
  severity: readonly string[];
  resource_type: readonly string[];
  resource_id: readonly string[];
  limit?: number;
  offset?: number;
}

/** Period and filters of GET /v2.0/usage and /v2.0/usage_records (ISO-8601 UTC). */
export interface UsageFilter {
  period_start: string;
  period_end: string;
  /** Report only: running usage counts up to here. */
  as_of?: string;
  resource_type?: string;
  resource_id?: string;
}

/** The stream consumers' read side (monitoring alerts, billing usage), when the app wires it. */
export interface OperationsSource {
  alerts?: {
    list(filter: AlertFilter, scope: ReadScope): Promise<{ items: object[]; total: number }>;
    show(id: string, scope: ReadScope): Promise<object | undefined>;
  };
  usage?: {
    report(filter: UsageFilter, scope: ReadScope): Promise<object>;
    records(filter: UsageFilter, scope: ReadScope): Promise<object[]>;
  };
}

/**
 * The provisioner's control surface (dry-run, drift, re-apply / repair) for the extra member routes
 * `GET .../<id>/config`, `GET .../<id>/drift`, `POST .../<id>/sync`. Each resolves with the JSON
 * body to return, or undefined when the provisioner does not know the resource (404).
 */
export interface ProvisioningControl {
  config(schema: ResourceSchema, id: string): Promise<Record<string, unknown> | undefined>;
  drift(schema: ResourceSchema, id: string): Promise<Record<string, unknown> | undefined>;
  sync(schema: ResourceSchema, id: string): Promise<Record<string, unknown> | undefined>;
}

export interface ApiDeps {
  schemas: readonly ResourceSchema[];
  commands: CommandSender;
  reads: ReadSide;
  history?: HistorySource;
  /** Dry-run, drift and sync of provisioned resources (absent: those routes answer 404). */
  provisioning?: ProvisioningControl;
  /** Alerts and usage endpoints (GET /v2.0/alerts, /v2.0/usage, /v2.0/usage_records). */
  operations?: OperationsSource;
  validator: Validator;
  tokens: TokenStore;
  policies: readonly Policy[];
  /**
   * Encrypts the `secret: true` values of a validated body before it is published, so no secret
   * travels in clear on the commands topic or in events (DOMAIN.md §10.10). Absent: bodies go as they are.
   */
  sealSecrets?(schema: ResourceSchema, body: ResourceBody): ResourceBody;
  /** Status of an error the HTTP layer did not raise (domain errors, read-model query errors); else 500. */
  statusOf(error: unknown): number;
  log: ApiLogger;
  limits?: Partial<ApiLimits>;
  /** Inputs a command needs; injectable for tests. Defaults: wall clock, crypto UUIDs and random MACs. */
  clock?: () => Date;
  newId?: () => string;
  newMac?: () => string;
}
