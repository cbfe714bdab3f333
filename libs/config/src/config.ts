// The one typed configuration of Gohan-ES. Every value comes from an environment variable whose
// default points at the local stack (scripts/stack/env.sh uses the same names and defaults).
import type { Env } from './parsers';
import { bool, hostPortList, int, ipv4, oneOf, port, str, url } from './parsers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  topics: { commands: string; outcomes: string; events: string; provisioning: string; status: string };
  groups: {
    decider: string;
    projector: string;
    provisioner: string;
    collector: string;
    billing: string;
    monitoring: string;
  };
}

export interface RouterEndpoint {
  name: string;
  address: string;
  port: number;
}

export interface GohanConfig {
  logLevel: LogLevel;
  kafka: KafkaConfig;
  schemaRegistry: { url: string };
  database: { url: string; poolMax: number };
  http: {
    host: string;
    apiPort: number;
    projectorPort: number;
    provisionerPort: number;
    collectorPort: number;
  };
  routers: {
    mx1: RouterEndpoint;
    mx2: RouterEndpoint;
    login: string;
    knownHostsFile: string;
  };
  secrets: { key: string; usingDevelopmentKey: boolean };
  auth: { tokenFile: string | undefined; policyFile: string | undefined };
  collector: { pollIntervalMs: number; holdPeriodMs: number };
  /**
   * How long the groups of apps/projector (read models, billing, monitoring) wait for a member that
   * stopped heartbeating (killed) before a restarted one is given its partitions.
   */
  projector: { sessionTimeoutMs: number };
  /** Stream consumers run in apps/projector; each keeps its tables and offsets in its own Postgres schema. */
  billing: { dbSchema: string };
  monitoring: {
    dbSchema: string;
    /** Alert transitions are POSTed here when set (optional). */
    webhookUrl: string | undefined;
    webhookRetries: number;
    webhookTimeoutMs: number;
  };
  strictHostKeys: boolean;
}

/** Development-only key: secrets stay encrypted at rest, but production must set GOHAN_SECRETS_KEY. */
export const DEVELOPMENT_SECRETS_KEY = '6465762d6f6e6c792d6b65792d676f68616e2d65732d6c6f63616c2d73746b21';

export function loadConfig(env: Env = process.env): GohanConfig {
  const secretsKey = str(env, 'GOHAN_SECRETS_KEY', DEVELOPMENT_SECRETS_KEY);
  if (!/^[0-9a-fA-F]{64}$/.test(secretsKey)) {
    // Do not echo the value: it is a secret.
    throw new Error('configuration: GOHAN_SECRETS_KEY must be 64 hex characters (a 256-bit key)');
  }
  const routerPort = port(env, 'ROUTER_SSH_PORT', 8830);
  return {
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    kafka: {
      brokers: hostPortList(env, 'KAFKA_BROKERS', '127.0.0.1:9092'),
      clientId: str(env, 'KAFKA_CLIENT_ID', 'gohan-es'),
      topics: {
        commands: str(env, 'TOPIC_COMMANDS', 'gohan.commands'),
        outcomes: str(env, 'TOPIC_OUTCOMES', 'gohan.outcomes'),
        events: str(env, 'TOPIC_EVENTS', 'gohan.events'),
        provisioning: str(env, 'TOPIC_PROVISIONING', 'gohan.provisioning'),
        status: str(env, 'TOPIC_STATUS', 'gohan.status'),
      },
      groups: {
        decider: str(env, 'GROUP_DECIDER', 'gohan-decider'),
        projector: str(env, 'GROUP_PROJECTOR', 'gohan-projector'),
        provisioner: str(env, 'GROUP_PROVISIONER', 'gohan-provisioner'),
        collector: str(env, 'GROUP_COLLECTOR', 'gohan-collector'),
        billing: str(env, 'GROUP_BILLING', 'gohan-billing'),
        monitoring: str(env, 'GROUP_MONITORING', 'gohan-monitoring'),
      },
    },
    schemaRegistry: {
      url: url(env, 'SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7', ['http:', 'https:']),
    },
    database: {
      url: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/gohan', ['postgres:', 'postgresql:']),
      poolMax: int(env, 'DATABASE_POOL_MAX', 10, 1, 200),
    },
    http: {
      host: ipv4(env, 'HTTP_HOST', '127.0.0.1'),
      apiPort: port(env, 'API_PORT', 9091),
      projectorPort: port(env, 'PROJECTOR_PORT', 9101),
      provisionerPort: port(env, 'PROVISIONER_PORT', 9102),
      collectorPort: port(env, 'COLLECTOR_PORT', 9103),
    },
    routers: {
      mx1: {
        name: 'MX-1',
        address: ipv4(env, 'MX1_ADDRESS', '127.0.0.11'),
        port: port(env, 'MX1_PORT', routerPort),
      },
      mx2: {
        name: 'MX-2',
        address: ipv4(env, 'MX2_ADDRESS', '127.0.0.12'),
        port: port(env, 'MX2_PORT', routerPort),
      },
      login: str(env, 'ROUTER_LOGIN', 'esi'),
      knownHostsFile: str(env, 'ROUTER_KNOWN_HOSTS', '.stack/routers/known_hosts'),
    },
    secrets: { key: secretsKey, usingDevelopmentKey: secretsKey === DEVELOPMENT_SECRETS_KEY },
    auth: {
      tokenFile: env.GOHAN_TOKEN_FILE?.trim() || undefined,
      policyFile: env.GOHAN_POLICY_FILE?.trim() || undefined,
    },
    collector: {
      pollIntervalMs: int(env, 'COLLECTOR_POLL_INTERVAL_MS', 5000, 100, 3_600_000),
      holdPeriodMs: int(env, 'COLLECTOR_HOLD_PERIOD_MS', 360_000, 0, 86_400_000),
    },
    // The broker's group.min.session.timeout.ms is 6 s; kafkajs's default (30 s) is a long outage
    // for the read models after a crash, and their offsets live in Postgres anyway.
    projector: { sessionTimeoutMs: int(env, 'PROJECTOR_SESSION_TIMEOUT_MS', 10_000, 6000, 300_000) },
    billing: { dbSchema: str(env, 'BILLING_DB_SCHEMA', 'billing') },
    monitoring: {
      dbSchema: str(env, 'MONITORING_DB_SCHEMA', 'monitoring'),
      webhookUrl: env.MONITORING_WEBHOOK_URL?.trim()
        ? url(env, 'MONITORING_WEBHOOK_URL', '', ['http:', 'https:'])
        : undefined,
      webhookRetries: int(env, 'MONITORING_WEBHOOK_RETRIES', 4, 0, 100),
      webhookTimeoutMs: int(env, 'MONITORING_WEBHOOK_TIMEOUT_MS', 5000, 100, 600_000),
    },
    strictHostKeys: bool(env, 'ROUTER_STRICT_HOST_KEYS', true),
  };
}

/**
 * Environment overrides that give one run (a test world, a benchmark) its own topics and consumer
 * groups, `<prefix>.<name>` (e.g. `api-e2e.x1.events`), so that runs sharing a broker never meet.
 */
export function runScopedEnv(prefix: string): Record<string, string> {
  const names = ['commands', 'outcomes', 'events', 'provisioning', 'status'];
  const groups = ['decider', 'projector', 'provisioner', 'collector', 'billing', 'monitoring'];
  return Object.fromEntries([
    ...names.map((n) => [`TOPIC_${n.toUpperCase()}`, `${prefix}.${n}`]),
    ...groups.map((g) => [`GROUP_${g.toUpperCase()}`, `${prefix}.${g}`]),
  ]);
}
