// Consumer lag per group, computed when Prometheus scrapes: for every partition, the topic's high
// watermark minus the group's position. Groups that store their offsets with their rows
// (projector, billing, monitoring) give them through `stored`; the others (decider, provisioner,
// collector) are read from Kafka's committed offsets (kafkajs admin fetchOffsets). Scrapes within
// `minIntervalMs` reuse the last figures; a failing source is logged and left out.
import type { Admin } from 'kafkajs';
import client from 'prom-client';
import type { OffsetMap } from '@gohan-es/readmodel';
import { metricsRegistry } from '@gohan-es/runtime';

export interface LagSource {
  group: string;
  /** Topics to report; for Kafka-committed groups default: every topic the group committed. */
  topics?: readonly string[];
  /** The group's stored positions (next offset to read), when it keeps them outside Kafka. */
  stored?: () => Promise<OffsetMap>;
}

export interface LagFigure {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/** The lag of every partition of every source (pure arithmetic over what admin and the stores say). */
export async function consumerLag(admin: Admin, sources: readonly LagSource[]): Promise<LagFigure[]> {
  const watermarks = new Map<string, Map<number, { low: bigint; high: bigint }>>();
  const ends = async (topic: string) => {
    let known = watermarks.get(topic);
    if (!known) {
      known = new Map(
        (await admin.fetchTopicOffsets(topic)).map((p) => [
          p.partition,
          { low: BigInt(p.low), high: BigInt(p.high) },
        ]),
      );
      watermarks.set(topic, known);
    }
    return known;
  };
  const figures: LagFigure[] = [];
  for (const source of sources) {
    let positions: OffsetMap;
    if (source.stored) positions = await source.stored();
    else {
      positions = {};
      const committed = await admin.fetchOffsets({
        groupId: source.group,
        ...(source.topics ? { topics: [...source.topics] } : {}),
      });
      for (const { topic, partitions } of committed)
        for (const p of partitions)
          if (BigInt(p.offset) >= 0n) (positions[topic] ??= {})[p.partition] = p.offset;
    }
    const topics = source.topics ?? Object.keys(positions);
    for (const topic of topics) {
      for (const [partition, { low, high }] of await ends(topic)) {
        const stored = positions[topic]?.[partition];
        if (stored === undefined && !source.topics) continue;
        const at = stored === undefined ? low : BigInt(stored);
        figures.push({ group: source.group, topic, partition, lag: Number(high > at ? high - at : 0n) });
      }
    }
  }
  return figures;
}

export interface LagExporterOptions {
  admin: Admin;
  sources: readonly LagSource[];
  log: { warn(obj: object, msg?: string): void };
  minIntervalMs?: number;
}

/** Registers gohan_consumer_lag{group,topic,partition} on the shared registry (once per process). */
export function registerConsumerLag(options: LagExporterOptions): client.Gauge {
  let last = 0;
  let running: Promise<void> | undefined;
  const existing = metricsRegistry.getSingleMetric('gohan_consumer_lag');
  if (existing) metricsRegistry.removeSingleMetric('gohan_consumer_lag');
  const gauge: client.Gauge = new client.Gauge({
    name: 'gohan_consumer_lag',
    help: 'Messages between the consumer group position and the high watermark, per partition',
    labelNames: ['group', 'topic', 'partition'],
    registers: [metricsRegistry],
    async collect() {
      if (Date.now() - last < (options.minIntervalMs ?? 5000)) return;
      running ??= (async () => {
        try {
          const figures = await consumerLag(options.admin, options.sources);
          gauge.reset();
          for (const f of figures)
            gauge.set({ group: f.group, topic: f.topic, partition: String(f.partition) }, f.lag);
          last = Date.now();
        } catch (error) {
          options.log.warn({ err: error }, 'consumer lag could not be read');
        } finally {
          running = undefined;
        }
      })();
      await running;
    },
  });
  return gauge;
}
