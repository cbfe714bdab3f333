// The collector process, wired: topics, the registry codec, the monitored resources loaded from the
// events topic and followed live, what was already reported (status topic), the NETCONF poller
// (one session per router) and the poll loop publishing status events. main.ts runs it as a
// service; the integration tests start it in-process with their own topics and known_hosts.
import type { Kafka } from 'kafkajs';
import type { GohanConfig } from '@gohan-es/config';
import {
  Collector,
  DEFAULT_POSITIVE_STATES,
  KafkaStatusSink,
  NetconfRouterPoller,
  ResourceFeed,
  followEvents,
  loadHistory,
} from '@gohan-es/collector';
import type { CycleReport } from '@gohan-es/collector';
import {
  EventCodec,
  ProducerFencedError,
  createKafka,
  ensureKafkaTopics,
  isFencingError,
} from '@gohan-es/events';
import { stopStack } from '@gohan-es/runtime';
import type { Logger } from '@gohan-es/runtime';
import { recordCycle } from './metrics';
import type { CollectorSettings } from './settings';

export interface CollectorAppOptions {
  config: GohanConfig;
  settings: CollectorSettings;
  log: Logger;
  /** Called after every cycle (tests wait on it). */
  onCycle?: (report: CycleReport) => void;
  /** Called when the collector cannot go on (fenced by another instance). */
  onFatal?: (error: unknown) => void;
}

export interface RunningCollector {
  kafka: Kafka;
  feed: ResourceFeed;
  collector: Collector;
  poller: NetconfRouterPoller;
  /** Throws when the collector is not ready (history not loaded, or no recent cycle). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCollectorApp(options: CollectorAppOptions): Promise<RunningCollector> {
  const { config, settings, log } = options;
  const topics = config.kafka.topics;
  const kafka = createKafka(config.kafka, 'collector', { logger: log.child({ component: 'kafkajs' }) });
  const stops = stopStack(log);
  try {
    await ensureKafkaTopics(kafka, config.kafka);
    const codec = await EventCodec.connect({
      registryUrl: config.schemaRegistry.url,
      topics: [topics.status],
    });
    const feed = new ResourceFeed({ secretsKey: config.secrets.key, aliases: settings.aliases });
    const history = await loadHistory({ kafka, decoder: codec, topics, feed });
    for (const r of feed.rejected) log.warn(r, 'event not applied to the collector model');
    log.info({ events: history.events, reports: history.reports.size, targets: feed.size }, 'history loaded');

    const consumer = await followEvents({
      kafka,
      decoder: codec,
      topic: topics.events,
      groupId: config.kafka.groups.collector,
      feed,
      from: history.eventsEnd,
    });
    stops.push(() => consumer.stop());

    const sink = new KafkaStatusSink({
      kafka,
      encoder: codec,
      topic: topics.status,
      transactionalId: `${config.kafka.groups.collector}-status`,
    });
    await sink.connect();
    stops.push(() => sink.disconnect());

    const poller = new NetconfRouterPoller({
      knownHostsFile: config.routers.knownHostsFile,
      connectTimeoutMs: settings.connectTimeoutMs,
      rpcTimeoutMs: settings.rpcTimeoutMs,
      deviceProfile: settings.deviceProfile,
      logger: log.child({ component: 'netconf' }),
    });
    stops.push(() => poller.close());

    let last = 0;
    const collector = new Collector({
      resources: feed,
      poller,
      sink,
      options: {
        holdPeriodMs: settings.holdPeriodMs,
        heartbeatMs: settings.heartbeatMs,
        positiveStates: DEFAULT_POSITIVE_STATES,
      },
      log,
      onCycle: (report) => {
        last = Date.now();
        recordCycle(report);
        if (report.events > 0 || report.routers.some((r) => r.status !== 'ok'))
          log.info({ ...report, routers: report.routers }, 'poll cycle');
        else log.debug(report, 'poll cycle');
        options.onCycle?.(report);
      },
      onError: (error) => {
        if (error instanceof ProducerFencedError || isFencingError(error)) options.onFatal?.(error);
      },
    });
    collector.restore(history.reports);
    collector.start(settings.pollIntervalMs);
    stops.push(() => collector.stop());

    return {
      kafka,
      feed,
      collector,
      poller,
      async ready() {
        if (Date.now() - last > 3 * settings.pollIntervalMs + settings.rpcTimeoutMs)
          throw new Error('no poll cycle completed recently');
      },
      stop: stops.stopAll,
    };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}
