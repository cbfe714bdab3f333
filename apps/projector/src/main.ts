// apps/projector: wiring only. Migrates the read models, then consumes the events, provisioning
// and status topics (read_committed) from the offsets stored in Postgres — not the group's — and
// projects each batch with its offsets in one transaction. /readyz: Kafka and Postgres answer and
// the projection is caught up (lag ≤ READY_LAG). SIGTERM: the batch in hand finishes and commits.
// The billing and monitoring consumers run here too (stream-consumers.ts), with their own groups.
import { EventCodec, EventConsumer, createKafka, ensureTopics, kafkaReady } from '@gohan-es/events';
import { createDb, dbReady, migrate } from '@gohan-es/readmodel';
import { runService, startHealthServer } from '@gohan-es/runtime';
import { projectionLag, startPositions } from './positions';
import { projectionLoop } from './projection-loop';
import { startStreamConsumers } from './stream-consumers';

/** Ready when at most this many messages wait across all partitions. */
const READY_LAG = 100n;

void runService({
  name: 'projector',
  async start({ config, log }) {
    const kafka = createKafka(config.kafka, 'projector');
    const db = createDb(config.database.url, config.database.poolMax);
    const consumerName = config.kafka.groups.projector;
    const t = config.kafka.topics;
    const topics = [t.events, t.provisioning, t.status];

    const report = await migrate(db);
    log.info(
      {
        tables: report.createdTables.length,
        columns: report.addedColumns,
        indexes: report.createdIndexes.length,
      },
      'read models migrated',
    );

    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, config.kafka);
    const startAt = await startPositions(admin, db, consumerName, topics);
    log.info({ startAt }, 'resuming from the projected offsets');

    const loop = projectionLoop(db, consumerName, log);
    const decoder = new EventCodec({ registryUrl: config.schemaRegistry.url });
    const consumer = new EventConsumer({
      kafka,
      groupId: consumerName,
      topics,
      decoder,
      commitToKafka: false,
      fromBeginning: true,
      startAt,
      maxWaitTimeInMs: 250,
      sessionTimeout: config.projector.sessionTimeoutMs,
    });
    await consumer.start(loop.handler);
    const streams = await startStreamConsumers({ config, kafka, admin, db, decoder, log });

    const health = await startHealthServer({
      host: config.http.host,
      port: config.http.projectorPort,
      checks: {
        kafka: () => kafkaReady(kafka),
        database: () => dbReady(db),
        projection: async () => {
          const lag = await projectionLag(admin, db, consumerName, topics);
          if (lag > READY_LAG) throw new Error(`projection lags ${lag} messages behind`);
        },
      },
    });
    log.info({ port: health.port, topics }, 'projecting');
    return {
      async stop() {
        await streams.stop();
        await consumer.stop(); // waits for the batch in hand: its transaction commits or rolls back
        await health.close();
        await admin.disconnect();
        await db.destroy();
      },
    };
  },
});
