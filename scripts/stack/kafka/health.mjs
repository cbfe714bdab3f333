// Health probe for the local Kafka broker, used by scripts/stack/kafka.sh (up and status).
// Asks the broker for cluster metadata with kafkajs (the client the project uses), so "healthy"
// means a real client can talk to it, not just that the port is open.
//   node health.mjs [--wait <seconds>]   (brokers from KAFKA_BROKERS, default 127.0.0.1:9092)
// Exit 0 and one JSON line {clusterId, controller, brokers} when healthy; exit 1 with the last error.
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim());
const waitIndex = process.argv.indexOf('--wait');
const waitSeconds = waitIndex > 0 ? Number(process.argv[waitIndex + 1]) : 0;
const deadline = Date.now() + waitSeconds * 1000;

const kafka = new Kafka({
  clientId: 'gohan-stack-health',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 3000,
  retry: { retries: 0 },
});

async function probe() {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('metadata lists no broker');
    if (cluster.controller === null || cluster.controller < 0) throw new Error('no active controller');
    return cluster;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

let lastError;
for (;;) {
  try {
    const cluster = await probe();
    console.log(
      JSON.stringify({
        clusterId: cluster.clusterId,
        controller: cluster.controller,
        brokers: cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`),
      }),
    );
    process.exit(0);
  } catch (error) {
    lastError = error;
  }
  if (Date.now() >= deadline) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.error(`kafka health: ${brokers.join(',')}: ${lastError?.message ?? lastError}`);
process.exit(1);
