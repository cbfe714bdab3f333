// The provisioner process, wired: topics, the registry codec, the Provisioner (rebuild from the
// logs, start-up reconcile, live events, drift checks), the drift topic and the control/health
// server. main.ts runs it as a service; the integration tests start it in-process or as a child
// process with their own topics.
import type { Kafka } from 'kafkajs';
import type { GohanConfig } from '@gohan-es/config';
import { EventCodec, createKafka, ensureKafkaTopics, kafkaReady } from '@gohan-es/events';
import { Provisioner, loadProvisionerSettings } from '@gohan-es/provisioning';
import type { ProvisionerOptions, ProvisionerSettings } from '@gohan-es/provisioning';
import type { Logger } from '@gohan-es/runtime';
import type { ControlServer } from './control-server';
import { startControlServer } from './control-server';
import { KafkaDriftSink, ensureDriftTopic } from './drift-topic';

export interface ProvisionerAppOptions {
  config: GohanConfig;
  log: Logger;
  settings?: ProvisionerSettings;
  /** Where the control/health server listens (default config.http.host / provisionerPort; 0 = free port). */
  listen?: { host: string; port: number };
  hooks?: ProvisionerOptions['hooks'];
  /** Called when another provisioner took over (its result publisher fenced this one). */
  onFatal?: (error: Error) => void;
}

export interface RunningProvisioner {
  url: string;
  kafka: Kafka;
  provisioner: Provisioner;
  settings: ProvisionerSettings;
  stop(): Promise<void>;
}

export async function startProvisionerApp(options: ProvisionerAppOptions): Promise<RunningProvisioner> {
  const { config, log } = options;
  const topics = config.kafka.topics;
  const settings = options.settings ?? loadProvisionerSettings(process.env, topics.provisioning);
  const kafka = createKafka(config.kafka, 'provisioner', { logger: log.child({ component: 'kafkajs' }) });
  await ensureKafkaTopics(kafka, config.kafka);
  await ensureDriftTopic(kafka, settings.driftTopic);
  const codec = await EventCodec.connect({
    registryUrl: config.schemaRegistry.url,
    topics: [topics.provisioning],
  });
  const driftSink = new KafkaDriftSink(kafka, settings.driftTopic);
  const provisioner = new Provisioner({
    kafka,
    codec,
    topics,
    groupId: config.kafka.groups.provisioner,
    settings,
    secretsKey: config.secrets.key,
    knownHostsFile: config.routers.knownHostsFile,
    logger: log,
    driftSink,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    onFatal: (error) => {
      log.fatal({ err: error }, 'provisioner fenced by a newer instance');
      options.onFatal?.(error);
    },
  });
  await provisioner.start();
  const listen = options.listen ?? { host: config.http.host, port: config.http.provisionerPort };
  let server: ControlServer;
  try {
    server = await startControlServer({
      ...listen,
      provisioner,
      log,
      checks: { kafka: () => kafkaReady(kafka), reconciled: () => provisioner.reconciledCheck() },
    });
  } catch (error) {
    await provisioner.stop();
    throw error;
  }
  log.info(
    { port: server.port, profile: settings.profileName, coalesce: settings.coalesce },
    'provisioner listening',
  );
  return {
    url: `http://${listen.host}:${server.port}`,
    kafka,
    provisioner,
    settings,
    async stop() {
      await server.close();
      await provisioner.stop();
      await driftSink.close();
    },
  };
}
