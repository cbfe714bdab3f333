// For people who have Docker: the same services as the local stack, started with testcontainers.
// Images and variable names match docker-compose.yml. (This machine has no Docker engine; the local
// stack is used instead, see test/harness/global-setup.ts.)
import path from 'node:path';

interface Started {
  stop(): Promise<unknown>;
}
const holder = globalThis as typeof globalThis & { __gohanContainers?: Started[] };

export async function startContainers(): Promise<Record<string, string>> {
  const tc = await import('testcontainers');
  const { GenericContainer, Network, Wait } = tc;
  const network = await new Network().start();
  const started: Started[] = [];
  holder.__gohanContainers = started;

  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withNetwork(network)
    .withNetworkAliases('kafka')
    .withExposedPorts({ container: 9092, host: 9092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,INTERNAL://:29092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:9092,INTERNAL://kafka:29092',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  started.push(kafka);

  const registry = await new GenericContainer('confluentinc/cp-schema-registry:7.7.1')
    .withNetwork(network)
    .withExposedPorts(8081)
    .withEnvironment({
      SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
      SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'PLAINTEXT://kafka:29092',
    })
    .withWaitStrategy(Wait.forHttp('/subjects', 8081))
    .start();
  started.push(registry);

  const postgres = await new GenericContainer('postgres:16')
    .withExposedPorts(5432)
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  started.push(postgres);

  const routerImage = await GenericContainer.fromDockerfile(
    path.resolve(__dirname, '../..'),
    'docker/router/Dockerfile',
  ).build('gohan-es-router:test');
  const routers = [];
  for (const name of ['mx1', 'mx2']) {
    const router = await routerImage.withEnvironment({ ROUTER_NAME: name }).withExposedPorts(8830).start();
    started.push(router);
    routers.push(router);
  }

  return {
    KAFKA_BROKERS: `127.0.0.1:9092`,
    SCHEMA_REGISTRY_URL: `http://${registry.getHost()}:${registry.getMappedPort(8081)}`,
    TEST_DATABASE_URL: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/gohan_test`,
    MX1_ADDRESS: '127.0.0.1',
    MX2_ADDRESS: '127.0.0.1',
    MX1_PORT: String(routers[0]!.getMappedPort(8830)),
    MX2_PORT: String(routers[1]!.getMappedPort(8830)),
  };
}

export async function stopContainers(): Promise<void> {
  const started = holder.__gohanContainers ?? [];
  for (const container of started.reverse()) await container.stop();
  holder.__gohanContainers = [];
}
