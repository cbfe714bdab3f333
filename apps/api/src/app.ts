// The API process, wired: topics, the registry codec, Postgres, the in-process decider (one active
// per group, others stand by), the command bus, and the Gohan-style HTTP API behind the ops
// endpoints. main.ts runs it as a service; the e2e tests start it in-process with their own topics
// and read-model schema.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import type { GohanConfig } from '@gohan-es/config';
import { CommandBus, Decider, gohanDomain, kafkaEventLog } from '@gohan-es/decider';
import { resourceSchemas } from '@gohan-es/domain';
import type { WriteModel } from '@gohan-es/domain';
import {
  EventCodec,
  createKafka,
  encryptSecretFields,
  ensureKafkaTopics,
  kafkaReady,
} from '@gohan-es/events';
import type { EventSchemaSet } from '@gohan-es/events';
import { createApiServer, loadPolicies, loadTokenStore } from '@gohan-es/http-api';
import type { ApiDeps, ApiLimits } from '@gohan-es/http-api';
import { createDb, dbReady } from '@gohan-es/readmodel';
import { stopStack } from '@gohan-es/runtime';
import type { Logger } from '@gohan-es/runtime';
import { opsMiddleware } from './ops';
import { busSender } from './wiring/command-sender';
import { domainValidator, statusOf } from './wiring/domain';
import { logHistory } from './wiring/history';
import { operationsSource } from './wiring/operations';
import { provisionerControl } from '@gohan-es/provisioning';
import { readModelSide } from './wiring/read-side';

export interface ApiAppOptions {
  config: GohanConfig;
  log: Logger;
  /** Where to listen (default config.http.host / apiPort; port 0 picks a free one). */
  listen?: { host: string; port: number };
  /** Postgres schema of the read models (default `readmodel`). */
  dbSchema?: string;
  /** Policy file in Gohan's format (GOHAN_POLICY_FILE); default the built-in policies. */
  policyFile?: string;
  /** Event schemas of the codec (default: schemas/avro). */
  eventSchemas?: EventSchemaSet;
  /** Run a decider group member in this process (default true). */
  runDecider?: boolean;
  limits?: Partial<ApiLimits>;
}

export interface RunningApi {
  url: string;
  kafka: Kafka;
  db: Knex;
  codec: EventCodec;
  bus: CommandBus;
  decider: Decider<WriteModel> | undefined;
  deps: ApiDeps;
  stop(): Promise<void>;
}

export async function startApiApp(options: ApiAppOptions): Promise<RunningApi> {
  const { config, log } = options;
  const topics = config.kafka.topics;
  const kafka = createKafka(config.kafka, 'api', { logger: log.child({ component: 'kafkajs' }) });
  const stops = stopStack(log);
  try {
    await ensureKafkaTopics(kafka, config.kafka);
    const codec = await EventCodec.connect({
      registryUrl: config.schemaRegistry.url,
      topics: [topics.events],
      ...(options.eventSchemas ? { schemas: options.eventSchemas } : {}),
    });
    const db = createDb(config.database.url, config.database.poolMax);
    stops.push(() => db.destroy());

    let decider: Decider<WriteModel> | undefined;
    if (options.runDecider !== false) {
      decider = new Decider<WriteModel>({
        kafka,
        topics,
        groupId: config.kafka.groups.decider,
        domain: gohanDomain,
        eventLog: kafkaEventLog({ kafka, codec }),
        logger: log,
        onFatal: (error) =>
          log.fatal({ err: error }, 'decider stopped for good; this instance keeps serving reads'),
      });
      stops.push(() => decider!.stop());
      await decider.start();
    }
    const bus = new CommandBus({
      kafka,
      topics,
      listenerGroupPrefix: `${config.kafka.groups.decider}.api-outcomes`,
    });
    stops.push(() => bus.stop());
    await bus.start();

    const deps: ApiDeps = {
      schemas: resourceSchemas,
      commands: busSender(bus),
      reads: readModelSide(db, options.dbSchema ? { dbSchema: options.dbSchema } : {}),
      history: logHistory({
        kafka,
        decoder: codec,
        topics: [topics.events, topics.provisioning, topics.status],
      }),
      operations: operationsSource(db, {
        billingSchema: config.billing.dbSchema,
        monitoringSchema: config.monitoring.dbSchema,
      }),
      // Dry-run, drift and sync are answered by the provisioner's control endpoint.
      provisioning: provisionerControl(`http://${config.http.host}:${config.http.provisionerPort}`),
      validator: domainValidator,
      sealSecrets: (schema, body) => encryptSecretFields(schema, body, config.secrets.key),
      tokens: loadTokenStore(config.auth.tokenFile),
      policies: loadPolicies(options.policyFile),
      statusOf,
      log,
      ...(options.limits ? { limits: options.limits } : {}),
    };
    const checks = { kafka: () => kafkaReady(kafka), database: () => dbReady(db) };
    const app = createApiServer(deps, { before: [opsMiddleware(checks)] });
    const server = http.createServer(app.callback());
    const listen = options.listen ?? { host: config.http.host, port: config.http.apiPort };
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => resolve());
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    log.info({ port }, 'API listening');
    return {
      url: `http://${listen.host}:${port}`,
      kafka,
      db,
      codec,
      bus,
      decider,
      deps,
      stop: stops.stopAll,
    };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}
