// apps/collector: wiring only. Loads the monitored resources from the events, polls both routers
// over NETCONF every COLLECTOR_POLL_INTERVAL_MS and publishes status events on change
// (docs/collector.md). /readyz: Kafka answers and a poll cycle completed recently.
import { kafkaReady } from '@gohan-es/events';
import { runService, startHealthServer } from '@gohan-es/runtime';
import { startCollectorApp } from './app';
import { collectorSettings } from './settings';

void runService({
  name: 'collector',
  async start({ config, log }) {
    const settings = collectorSettings(config);
    const app = await startCollectorApp({
      config,
      settings,
      log,
      onFatal: (error) => {
        log.fatal({ err: error }, 'another collector took over (fenced): stopping');
        process.kill(process.pid, 'SIGTERM');
      },
    });
    const health = await startHealthServer({
      host: config.http.host,
      port: config.http.collectorPort,
      checks: { kafka: () => kafkaReady(app.kafka), polling: () => app.ready() },
    });
    log.info(
      {
        port: health.port,
        pollIntervalMs: settings.pollIntervalMs,
        holdPeriodMs: settings.holdPeriodMs,
        deviceProfile: settings.deviceProfile,
      },
      'collecting',
    );
    return {
      async stop() {
        await health.close();
        await app.stop();
      },
    };
  },
});
