// Generates one Avro record schema per event type (schemas/avro/<EventType>.avsc) from the resource
// schemas and the event catalog of @gohan-es/domain. The files are committed; CI regenerates and
// compares (avro-generated.unit.spec.ts) and checks each against its previous committed version
// (avro-compat.unit.spec.ts). Run: npm run avro:generate [-- --check] [-- --out <dir>]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resourceSchemas } from '@gohan-es/domain';
import type { PropertySchema, ResourceSchema } from '@gohan-es/domain';
import { domainCatalog } from './catalog';
import { pascal, recordOf, fieldOf, checkName } from './mapping';
import type { AvroField, AvroSchema } from './mapping';
import { DEFAULT_SCHEMA_DIR } from './schema-set';
import type { RawRecordSchema } from './schema-set';

export const EVENT_NAMESPACE = 'com.gohan.events';
export const ENVELOPE_NAMESPACE = 'com.gohan.events.envelope';

export type EventKind = 'created' | 'updated' | 'deleted' | 'delete-requested' | 'attached' | 'state';

/** What the generator needs of an event catalog entry. */
export interface CatalogEntry {
  event_type: string;
  aggregate_type: string;
  kind: EventKind;
  description?: string;
  /** State events: their payload fields. */
  fields?: Readonly<Record<string, PropertySchema>>;
  required?: readonly string[];
}

const ENVELOPE_DOC = {
  event_id: 'Unique id of this event (UUID)',
  event_type: 'The record name, e.g. GwInterfaceCreated',
  aggregate_type: 'Schema id of the resource, e.g. gw_interface',
  aggregate_id: 'Id of the resource (the Kafka key)',
  aggregate_version: 'Config version of the resource after this event',
  tenant_id: 'Owner tenant of the resource',
  command_id: 'Correlation: the command this event belongs to',
  causation_id: 'The message that directly caused this event',
  request_id: 'The HTTP request id, when there was one',
  actor: 'Who asked',
  occurred_at: 'ISO-8601 UTC timestamp with milliseconds (string, kept exactly as decided)',
  parent: 'The parent resource when the event is a side effect of it',
};

function envelopeFields(): AvroField[] {
  const s = (name: keyof typeof ENVELOPE_DOC): AvroField => ({
    name,
    type: 'string',
    doc: ENVELOPE_DOC[name],
  });
  const nullable = (name: keyof typeof ENVELOPE_DOC): AvroField => ({
    name,
    type: ['null', 'string'],
    default: null,
    doc: ENVELOPE_DOC[name],
  });
  return [
    s('event_id'),
    s('event_type'),
    s('aggregate_type'),
    s('aggregate_id'),
    { name: 'aggregate_version', type: 'long', doc: ENVELOPE_DOC.aggregate_version },
    s('tenant_id'),
    s('command_id'),
    nullable('causation_id'),
    nullable('request_id'),
    {
      name: 'actor',
      doc: ENVELOPE_DOC.actor,
      type: {
        type: 'record',
        name: 'Actor',
        namespace: ENVELOPE_NAMESPACE,
        fields: [
          { name: 'user_name', type: 'string' },
          { name: 'tenant_id', type: 'string' },
          { name: 'roles', type: { type: 'array', items: 'string' } },
          { name: 'is_admin', type: 'boolean', default: false },
        ],
      },
    },
    s('occurred_at'),
    {
      name: 'parent',
      doc: ENVELOPE_DOC.parent,
      default: null,
      type: [
        'null',
        {
          type: 'record',
          name: 'AggregateRef',
          namespace: ENVELOPE_NAMESPACE,
          fields: [
            { name: 'aggregate_type', type: 'string' },
            { name: 'aggregate_id', type: 'string' },
          ],
        },
      ],
    },
  ];
}

function withNamespace(record: AvroSchema, namespace: string): AvroSchema {
  return { ...(record as object), namespace };
}

function payloadFields(entry: CatalogEntry, resource: ResourceSchema | undefined): AvroField[] {
  const where = entry.event_type;
  const needResource = (): ResourceSchema => {
    if (!resource) throw new Error(`${where}: no resource schema ${entry.aggregate_type}`);
    return resource;
  };
  const namespace = () => `${EVENT_NAMESPACE}.${checkName(entry.aggregate_type, where)}`;
  const base = pascal(entry.aggregate_type);
  switch (entry.kind) {
    case 'created': {
      const r = needResource();
      const record = recordOf(
        base,
        r.schema.properties,
        r.schema.required ?? [],
        `${where}.resource`,
        'full',
        r.schema.propertiesOrder,
      );
      return [
        { name: 'resource', type: withNamespace(record, namespace()), doc: `The full ${r.id} as created` },
      ];
    }
    case 'updated':
    case 'attached': {
      // attached (PortAttached) is a config change like updated: { changes: { attached: true } }.
      const r = needResource();
      const record = recordOf(
        `${base}Changes`,
        r.schema.properties,
        [],
        `${where}.changes`,
        'changes',
        r.schema.propertiesOrder,
      );
      return [
        {
          name: 'changed_fields',
          type: { type: 'array', items: 'string' },
          doc: 'Names of the changed properties; a listed property may have become null',
        },
        {
          name: 'changes',
          type: withNamespace(record, namespace()),
          doc: 'New values; only the properties in changed_fields count',
        },
      ];
    }
    case 'deleted':
    case 'delete-requested':
      return [];
    case 'state': {
      const required = entry.required ?? [];
      return Object.entries(entry.fields ?? {}).map(([name, property]) =>
        fieldOf(name, property, required.includes(name), 'full', `${entry.event_type}`, where),
      );
    }
  }
}

function describe(entry: CatalogEntry): string {
  if (entry.description) return entry.description;
  const what: Record<EventKind, string> = {
    created: 'was created (carries the full resource)',
    updated: 'was updated (carries what changed)',
    deleted: 'was deleted',
    'delete-requested': 'was asked to be deleted (deprovisioning starts)',
    attached: 'was attached',
    state: 'changed state',
  };
  return `A ${entry.aggregate_type} ${what[entry.kind]}.`;
}

/** The Avro record schema of one event type (pure). */
export function generateEventSchema(
  entry: CatalogEntry,
  resources: readonly ResourceSchema[],
): RawRecordSchema {
  checkName(entry.event_type, 'event_type');
  const resource = resources.find((r) => r.id === entry.aggregate_type);
  const envelope = envelopeFields();
  const payload = payloadFields(entry, resource);
  const clash = payload.find((f) => envelope.some((e) => e.name === f.name));
  if (clash) throw new Error(`${entry.event_type}: payload field ${clash.name} clashes with the envelope`);
  return {
    type: 'record',
    name: entry.event_type,
    namespace: EVENT_NAMESPACE,
    doc: describe(entry),
    fields: [...envelope, ...payload] as RawRecordSchema['fields'],
  };
}

export function generateEventSchemas(
  catalog: readonly CatalogEntry[],
  resources: readonly ResourceSchema[],
): RawRecordSchema[] {
  return catalog.map((entry) => generateEventSchema(entry, resources));
}

/** The committed file text of a schema (stable formatting, trailing newline). */
export function schemaFileText(schema: RawRecordSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
  /** .avsc files with no event type in the catalog (never deleted: old events still need them). */
  orphaned: string[];
}

/** Formats a file's text (the CLI uses the repository's prettier, so `npm run lint` agrees). */
export type Formatter = (text: string, file: string) => Promise<string>;

export async function writeEventSchemas(
  schemas: readonly RawRecordSchema[],
  dir: string,
  options: { check?: boolean; format?: Formatter } = {},
): Promise<WriteResult> {
  mkdirSync(dir, { recursive: true });
  const result: WriteResult = { written: [], unchanged: [], orphaned: [] };
  const names = new Set(schemas.map((s) => `${s.name}.avsc`));
  for (const schema of schemas) {
    const file = path.join(dir, `${schema.name}.avsc`);
    const text = options.format ? await options.format(schemaFileText(schema), file) : schemaFileText(schema);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) result.unchanged.push(file);
    else {
      if (!options.check) writeFileSync(file, text);
      result.written.push(file);
    }
  }
  result.orphaned = readdirSync(dir).filter((f) => f.endsWith('.avsc') && !names.has(f));
  return result;
}

/** prettier with the repository's configuration, when installed (a dev dependency). */
async function prettierFormatter(): Promise<Formatter | undefined> {
  let prettier: {
    format(text: string, options: object): Promise<string>;
    resolveConfig(file: string): Promise<object | null>;
  };
  try {
    prettier = require('prettier') as typeof prettier; // eslint-disable-line @typescript-eslint/no-require-imports
  } catch {
    return undefined;
  }
  return async (text, file) =>
    prettier.format(text, { ...((await prettier.resolveConfig(file)) ?? {}), filepath: file });
}

/** Every event schema of the domain catalog, as the committed files must be. */
export function generateDomainSchemas(): RawRecordSchema[] {
  return generateEventSchemas(domainCatalog(), resourceSchemas);
}

/** CLI: node libs/events/dist/avro/generate.js [--check] [--out <dir>] */
export async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const at = argv.indexOf('--out');
  const dir = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]!) : DEFAULT_SCHEMA_DIR;
  const format = await prettierFormatter();
  const result = await writeEventSchemas(generateDomainSchemas(), dir, {
    check,
    ...(format ? { format } : {}),
  });
  const verb = check ? 'out of date' : 'written';
  for (const file of result.written) process.stdout.write(`${verb}: ${path.relative(process.cwd(), file)}\n`);
  for (const file of result.orphaned) process.stdout.write(`kept (no longer in the catalog): ${file}\n`);
  process.stdout.write(`${result.written.length} ${verb}, ${result.unchanged.length} unchanged (${dir})\n`);
  return check && result.written.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`avro:generate: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
