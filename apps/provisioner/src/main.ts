// apps/provisioner: wiring only (configuration, clients, control and health endpoints, lifecycle).
// Consumes gohan.events, applies each change to its router pair over NETCONF and reports the
// results on gohan.provisioning (docs/provisioning.md). SIGTERM: the batch in flight finishes.
import { runService } from '@gohan-es/runtime';
import { startProvisionerApp } from './app';

void runService({
  name: 'provisioner',
  shutdownTimeoutMs: 20_000,
  async start({ config, log }) {
    const app = await startProvisionerApp({
      config,
      log,
      onFatal: () => process.kill(process.pid, 'SIGTERM'),
    });
    return { stop: () => app.stop() };
  },
});
