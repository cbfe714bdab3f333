// apps/provisioner: wiring only (configuration, clients, health endpoints, lifecycle).
import { createKafka, kafkaReady } from '@gohan-es/events';
import { createDb, dbReady } from '@gohan-es/readmodel';
import { runService, startHealthServer } from '@gohan-es/runtime';

void runService({
  name: 'provisioner',
  async start({ config, log }) {
    const kafka = createKafka(config.kafka, 'provisioner');
    const db = createDb(config.database.url, config.database.poolMax);
    const health = await startHealthServer({
      host: config.http.host,
      port: config.http.provisionerPort,
      checks: { kafka: () => kafkaReady(kafka), database: () => dbReady(db) },
    });
    log.info({ port: health.port }, 'health endpoints listening');
    return {
      async stop() {
        await health.close();
        await db.destroy();
      },
    };
  },
});
