// apps/api: wiring only (configuration, clients, HTTP server, lifecycle). The process serves the
// Gohan-style API (libs/http-api) and runs a member of the decider group (ARCHITECTURE.md §2).
import { runService } from '@gohan-es/runtime';
import { startApiApp } from './app';

void runService({
  name: 'api',
  async start({ config, log }) {
    const api = await startApiApp({
      config,
      log,
      ...(config.auth.policyFile ? { policyFile: config.auth.policyFile } : {}),
    });
    return { stop: () => api.stop() };
  },
});
