// The one place that builds kafkajs clients, so the Kafka client library can be swapped
// (kafkajs 2.2.4 is the last release; see docs/architecture.md).
import { Kafka, logLevel } from 'kafkajs';
import type { LogEntry, logCreator } from 'kafkajs';
import type { KafkaConfig } from '@gohan-es/config';

/** The slice of a pino logger that kafkajs logs go to. */
export interface KafkaLogSink {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface CreateKafkaOptions {
  /** Route kafkajs logs into this logger (default: kafkajs's console logger). */
  logger?: KafkaLogSink;
  /** Minimum kafkajs level to log (default WARN: kafkajs is chatty at INFO). */
  level?: logLevel;
}

/** A kafkajs logCreator that writes structured entries into a pino-style logger. */
export function pinoLogCreator(sink: KafkaLogSink): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const entry = { kafkajs: namespace, ...extra };
      if (level === logLevel.ERROR) sink.error(entry, message);
      else if (level === logLevel.WARN) sink.warn(entry, message);
      else if (level === logLevel.INFO) sink.info(entry, message);
      else sink.debug(entry, message);
    };
}

export function createKafka(
  config: KafkaConfig,
  clientSuffix: string,
  options: CreateKafkaOptions = {},
): Kafka {
  return new Kafka({
    clientId: `${config.clientId}-${clientSuffix}`,
    brokers: config.brokers,
    logLevel: options.level ?? logLevel.WARN,
    ...(options.logger ? { logCreator: pinoLogCreator(options.logger) } : {}),
    connectionTimeout: 3000,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 3000 },
  });
}

/** Readiness: the broker answers a metadata request. */
export async function kafkaReady(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}
