// Drift reports as notifications on their own topic (PROVISIONER_DRIFT_TOPIC, default
// `<provisioning topic>.drift`): versioned JSON keyed by the router id, like the decider's outcomes —
// observations for operators and alerting, not facts the read models are rebuilt from.
import type { Kafka, Producer } from 'kafkajs';
import type { DriftSink, RouterDrift } from '@gohan-es/provisioning';

export const DRIFT_CONTENT_TYPE = 'application/vnd.gohan.drift.v1+json';

export interface DriftMessage {
  v: 1;
  drift: RouterDrift;
}

export async function ensureDriftTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return;
    await admin
      .createTopics({
        topics: [
          {
            topic,
            numPartitions: 1,
            replicationFactor: 1,
            configEntries: [{ name: 'retention.ms', value: String(7 * 86_400_000) }],
          },
        ],
        waitForLeaders: true,
      })
      .catch((error: { type?: string }) => {
        if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
      });
  } finally {
    await admin.disconnect();
  }
}

export class KafkaDriftSink implements DriftSink {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  async report(drift: RouterDrift): Promise<void> {
    if (this.producer === undefined) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    const message: DriftMessage = { v: 1, drift };
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: drift.router.id,
          value: JSON.stringify(message),
          headers: { 'content-type': DRIFT_CONTENT_TYPE },
        },
      ],
    });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }
}
