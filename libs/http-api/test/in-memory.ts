// An in-memory stand-in for the decider and the read model, for the API's unit tier only: it
// answers commands with Gohan's statuses (201/200/204, 404, 409 duplicate id, 412 stale If-Match),
// remembers command ids (idempotent retry) and serves reads from the same map. The e2e tier runs
// the same contract tests against the real stack.
import type { Command, ResourceBody, ResourceSchema } from '@gohan-es/domain';
import { CommandTimeoutError } from '../src/ports';
import type { ApiDeps, CommandOutcome, HistoryEntry, ReadScope, ReadSide, Validator } from '../src/ports';
import type { RawQuery } from '../src/http/query';
import { compilePolicies } from '../src/policy/policy';
import { tokenStore } from '../src/auth/tokens';
import { testPolicies, testSchemas } from './fixtures';

class StatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Row {
  schema: ResourceSchema;
  resource: ResourceBody;
  version: number;
}

const RESERVED = new Set([
  'sort_key',
  'sort_order',
  'limit',
  'offset',
  'search_field',
  'any_of',
  '_fields',
  '_details',
]);
const values = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

function inScope(scope: ReadScope, resource: ResourceBody): boolean {
  return scope.kind === 'all' || scope.tenantIds.includes(resource.tenant_id as string);
}

function defaultsOf(schema: ResourceSchema): ResourceBody {
  const out: ResourceBody = {};
  for (const [name, p] of Object.entries(schema.schema.properties))
    if (p.default !== undefined) out[name] = p.default as ResourceBody[string];
  return out;
}

export class InMemoryBackend implements ReadSide {
  readonly rows = new Map<string, Row>();
  readonly history: HistoryEntry[] = [];
  readonly sent: Command[] = [];
  private readonly decided = new Map<string, CommandOutcome>();
  private offset = 0;
  /** When set, send() times out (the decider is "down"). */
  hang = false;

  async send(command: Command, options: { timeoutMs: number }): Promise<CommandOutcome> {
    this.sent.push(command);
    if (this.hang) throw new CommandTimeoutError(command.meta.command_id, options.timeoutMs);
    const seen = this.decided.get(command.meta.command_id);
    if (seen) return { ...seen, duplicate: true };
    let outcome: CommandOutcome;
    try {
      outcome = this.decide(command);
    } catch (error) {
      const status = error instanceof StatusError ? error.status : 500;
      outcome = {
        command_id: command.meta.command_id,
        status: 'rejected',
        http_status: status,
        error: (error as Error).message,
        events: [],
        consistency_token: '',
      };
    }
    this.decided.set(command.meta.command_id, outcome);
    return outcome;
  }

  private decide(command: Command): CommandOutcome {
    const schema = testSchemas.find((s) => s.id === command.resource_type)!;
    const key = (id: string) => `${schema.id}/${id}`;
    const row = command.kind === 'create' ? undefined : this.rows.get(key(command.id));
    if (command.kind !== 'create') {
      // The domain's rule: a non-admin actor reaches only its own tenant's resources.
      const { actor } = command.meta;
      if (!row || !(actor.is_admin || row.resource.tenant_id === actor.tenant_id))
        throw new StatusError(404, 'Resource not found');
      if (command.if_match !== undefined && command.if_match !== row.version) {
        throw new StatusError(
          412,
          `Precondition failed: ${schema.id} ${command.id} is at version ${row.version}, not ${command.if_match}`,
        );
      }
    }
    let id: string;
    let resource: ResourceBody | undefined;
    let version: number;
    let eventType: string;
    if (command.kind === 'create') {
      id = typeof command.body.id === 'string' ? command.body.id : command.meta.ids[0]!;
      if (this.rows.has(key(id)))
        throw new StatusError(409, `Failed to store data in database: duplicate id ${id}`);
      resource = { ...defaultsOf(schema), ...command.body, id };
      version = 1;
      eventType = 'Created';
      this.rows.set(key(id), { schema, resource, version });
    } else if (command.kind === 'update') {
      id = command.id;
      resource = { ...row!.resource, ...command.body };
      version = row!.version + 1;
      eventType = 'Updated';
      this.rows.set(key(id), { schema, resource, version });
    } else {
      id = command.id;
      version = row!.version + 1;
      eventType = 'Deleted';
      this.rows.delete(key(id));
    }
    this.offset += 1;
    const tenant = (resource ?? row!.resource).tenant_id as string;
    const data: ResourceBody =
      command.kind === 'create'
        ? { resource: resource! }
        : command.kind === 'update'
          ? { changes: command.body }
          : {};
    this.history.push({
      event_type: `${schema.id}${eventType}`,
      aggregate_type: schema.id,
      aggregate_id: id,
      aggregate_version: version,
      tenant_id: tenant,
      command_id: command.meta.command_id,
      actor: { ...command.meta.actor },
      occurred_at: command.meta.now,
      data,
    });
    const status = command.kind === 'create' ? 201 : command.kind === 'update' ? 200 : 204;
    return {
      command_id: command.meta.command_id,
      status: 'accepted',
      http_status: status,
      events: [{ aggregate_type: schema.id, aggregate_id: id, aggregate_version: version }],
      ...(resource ? { resource } : {}),
      consistency_token: `memory:0:${this.offset}`,
    };
  }

  async list(
    schema: ResourceSchema,
    query: RawQuery,
    scope: ReadScope,
  ): Promise<{ items: ResourceBody[]; total: number }> {
    const unknown = Object.keys(query).filter((k) => !RESERVED.has(k) && !(k in schema.schema.properties));
    if (unknown.length > 0)
      throw new StatusError(
        400,
        `Unrecognized query parameters: map[${unknown.map((k) => `${k}:[${values(query[k]).join(' ')}]`).join(' ')}]`,
      );
    const filters = Object.entries(query).filter(([k]) => !RESERVED.has(k));
    const matching = [...this.rows.values()]
      .filter((r) => r.schema.id === schema.id && inScope(scope, r.resource))
      .map((r) => r.resource)
      .filter((r) => filters.every(([k, v]) => values(v).includes(String(r[k]))))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const offset = Number(values(query.offset)[0] ?? 0);
    const limit = Number(values(query.limit)[0] ?? 0) || undefined;
    return {
      items: matching.slice(offset, limit === undefined ? undefined : offset + limit),
      total: matching.length,
    };
  }

  async show(
    schema: ResourceSchema,
    id: string,
    query: RawQuery,
    scope: ReadScope,
  ): Promise<{ resource: ResourceBody; version?: number } | undefined> {
    const row = this.rows.get(`${schema.id}/${id}`);
    if (!row || !inScope(scope, row.resource)) return undefined;
    const fields = values(query._fields);
    const resource =
      fields.length > 0
        ? Object.fromEntries(Object.entries(row.resource).filter(([k]) => fields.includes(k)))
        : row.resource;
    return { resource, version: row.version };
  }

  async waitFor(token: string): Promise<boolean> {
    return Number(token.split(':').at(-1)) <= this.offset;
  }

  async of(_schema: ResourceSchema, id: string): Promise<HistoryEntry[]> {
    return this.history.filter((e) => e.aggregate_id === id);
  }
}

/** Gohan-like shape checks: only permitted properties, required ones on create. */
export const permissionValidator: Validator = {
  validateCreate(schema, body) {
    check(schema, body, 'create');
    for (const name of schema.schema.required ?? []) {
      if (body[name] === undefined)
        throw new StatusError(
          400,
          `Validation error: Json validation error:\n\t(root): ${name} is required,`,
        );
    }
  },
  validateUpdate(schema, body) {
    check(schema, body, 'update');
  },
};

function check(schema: ResourceSchema, body: ResourceBody, permission: 'create' | 'update'): void {
  for (const key of Object.keys(body)) {
    if (!schema.schema.properties[key]?.permission?.includes(permission)) {
      throw new StatusError(
        400,
        `Validation error: Json validation error:\n\t(root): Additional property ${key} is not allowed,`,
      );
    }
  }
}

export const statusOfTestError = (error: unknown): number =>
  error instanceof StatusError ? error.status : 500;

export function inMemoryDeps(backend: InMemoryBackend, overrides: Partial<ApiDeps> = {}): ApiDeps {
  const log = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() };
  return {
    schemas: testSchemas,
    commands: backend,
    reads: backend,
    history: backend,
    validator: permissionValidator,
    tokens: tokenStore(),
    policies: compilePolicies(testPolicies),
    statusOf: statusOfTestError,
    log,
    ...overrides,
  };
}
