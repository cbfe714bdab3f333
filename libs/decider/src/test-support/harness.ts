// Integration harness for the decider: real Kafka and schema registry, unique topics and groups per
// test (configuration overrides), the real @gohan-es/events codec and readAll, and one waitFor.
import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { loadConfig, runScopedEnv } from '@gohan-es/config';
import type { GohanConfig } from '@gohan-es/config';
import type { ResourceSchema } from '@gohan-es/domain';
import {
  createKafka,
  ensureTopics,
  EventCodec,
  EventSchemaSet,
  generateEventSchemas,
  readAll,
} from '@gohan-es/events';
import type { CatalogEntry, ConsumedEvent } from '@gohan-es/events';
import { CommandBus } from '../command-bus';
import { Decider } from '../decider';
import type { DeciderOptions } from '../decider';
import { kafkaEventLog } from '../event-log';
import type { DeciderDomain, EventLog } from '../ports';

export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; message: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const widgetResource: ResourceSchema = {
  id: 'widget',
  singular: 'widget',
  plural: 'widgets',
  title: 'Widget',
  description: 'Test resource of the decider suite',
  prefix: '/v2.0',
  metadata: {},
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      tenant_id: { type: 'string' },
      size: { type: 'integer', default: 1 },
    },
    required: ['id', 'name', 'tenant_id'],
  },
};

const widgetCatalog: CatalogEntry[] = [
  { event_type: 'WidgetCreated', aggregate_type: 'widget', kind: 'created' },
  { event_type: 'WidgetUpdated', aggregate_type: 'widget', kind: 'updated' },
  { event_type: 'WidgetDeleted', aggregate_type: 'widget', kind: 'deleted' },
];

export const widgetSchemas = (): EventSchemaSet =>
  new EventSchemaSet(generateEventSchemas(widgetCatalog, [widgetResource]));

/** One isolated world: its own topics, groups and clients. Call `close()` in afterAll/afterEach. */
export class DeciderWorld<M> {
  readonly config: GohanConfig;
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly eventLog: EventLog;
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(
    readonly domain: DeciderDomain<M>,
    schemas: EventSchemaSet = widgetSchemas(),
  ) {
    const run = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    this.config = loadConfig({
      ...process.env,
      ...runScopedEnv(`decider-test.${run}`),
    });
    // kafkajs logs the broker errors these tests provoke on purpose (fencing); DEBUG_KAFKAJS shows them.
    this.kafka = createKafka(this.config.kafka, `decider-test-${run}`, {
      level: process.env.DEBUG_KAFKAJS ? logLevel.INFO : logLevel.NOTHING,
    });
    this.codec = new EventCodec({ registryUrl: this.config.schemaRegistry.url, schemas });
    this.eventLog = kafkaEventLog({ kafka: this.kafka, codec: this.codec, readTimeoutMs: 30_000 });
  }

  get topics() {
    return this.config.kafka.topics;
  }

  async setup(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.config.kafka, {
        commandRetentionMs: 3_600_000,
        outcomeRetentionMs: 3_600_000,
      });
    } finally {
      await admin.disconnect();
    }
    await this.codec.registerAll([this.topics.events]);
    this.closers.push(() => this.deleteTopics());
  }

  decider(overrides: Partial<DeciderOptions<M>> = {}): Decider<M> {
    const decider = new Decider<M>({
      kafka: this.kafka,
      topics: this.topics,
      groupId: this.config.kafka.groups.decider,
      domain: this.domain,
      eventLog: this.eventLog,
      ...overrides,
    });
    this.closers.unshift(() => decider.stop());
    return decider;
  }

  async startDecider(overrides: Partial<DeciderOptions<M>> = {}): Promise<Decider<M>> {
    const decider = this.decider(overrides);
    await decider.start();
    await decider.waitFor('active', 30_000);
    return decider;
  }

  async startBus(timeoutMs = 15_000): Promise<CommandBus> {
    const bus = new CommandBus({
      kafka: this.kafka,
      topics: this.topics,
      listenerGroupPrefix: `${this.config.kafka.groups.decider}.outcomes`,
      timeoutMs,
    });
    this.closers.unshift(() => bus.stop());
    await bus.start();
    return bus;
  }

  /** Every committed fact of the events topic (read_committed, to its end). */
  async events(): Promise<ConsumedEvent[]> {
    return (
      await readAll({ kafka: this.kafka, topic: this.topics.events, decoder: this.codec, timeoutMs: 30_000 })
    ).events;
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close().catch(() => undefined);
  }

  private async deleteTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const t = this.topics;
      await admin.deleteTopics({ topics: [t.commands, t.outcomes, t.events, t.provisioning, t.status] });
      // The decider groups of this world (their committed offsets would outlive the topics).
      const prefix = this.config.kafka.groups.decider;
      const groups = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g.startsWith(prefix));
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}
