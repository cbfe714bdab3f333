// Process lifecycle shared by the four apps: load configuration (a bad value stops the app with a
// message naming the variable), start, and stop cleanly on SIGTERM/SIGINT within a deadline.
import { loadConfig } from '@gohan-es/config';
import type { GohanConfig } from '@gohan-es/config';
import { createLogger } from './logger';
import type { Logger } from './logger';

export interface RunningService {
  stop(): Promise<void>;
}

export interface ServiceDefinition {
  name: string;
  start(context: { config: GohanConfig; log: Logger }): Promise<RunningService>;
  shutdownTimeoutMs?: number;
}

export async function runService(definition: ServiceDefinition): Promise<void> {
  let config: GohanConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${definition.name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(definition.name, config.logLevel);
  if (config.secrets.usingDevelopmentKey) {
    log.warn('GOHAN_SECRETS_KEY is not set: using the development key (never do this in production)');
  }
  let running: RunningService;
  try {
    running = await definition.start({ config, log });
  } catch (error) {
    log.fatal({ err: error }, 'failed to start');
    process.exit(1);
  }
  log.info('started');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      log.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, definition.shutdownTimeoutMs ?? 15000);
    deadline.unref();
    running
      .stop()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * The stop functions of a process's parts, in start order: stopAll runs them in reverse, logs (and
 * goes past) a failed one, and empties the stack, so a second call does nothing.
 */
export interface StopStack {
  push(stop: () => Promise<void>): void;
  stopAll(): Promise<void>;
}

export function stopStack(log: Logger): StopStack {
  const stops: (() => Promise<void>)[] = [];
  return {
    push: (stop) => {
      stops.push(stop);
    },
    stopAll: async () => {
      for (const stop of stops.splice(0).reverse())
        await stop().catch((error: unknown) => log.error({ err: error }, 'stop failed'));
    },
  };
}
