import { ConfigError, loadConfig, runScopedEnv } from './index';

describe('loadConfig', () => {
  it('defaults every value to the local stack on loopback', () => {
    const config = loadConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.schemaRegistry.url).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/gohan');
    expect(config.http.apiPort).toBe(9091);
    expect(config.routers.mx1).toEqual({ name: 'MX-1', address: '127.0.0.11', port: 8830 });
    expect(config.routers.mx2).toEqual({ name: 'MX-2', address: '127.0.0.12', port: 8830 });
    expect(config.kafka.topics.events).toBe('gohan.events');
    expect(config.secrets.usingDevelopmentKey).toBe(true);
    expect(config.projector.sessionTimeoutMs).toBe(10_000);
  });

  it('reads overrides from the environment', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'a:1, b:2', API_PORT: '8000', LOG_LEVEL: 'debug' });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.http.apiPort).toBe(8000);
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    ['API_PORT', 'abc', 'configuration: API_PORT must be an integer, got "abc"'],
    ['API_PORT', '70000', 'configuration: API_PORT must be between 1 and 65535, got 70000'],
    [
      'KAFKA_BROKERS',
      'localhost',
      'configuration: KAFKA_BROKERS must be a comma-separated list of host:port, got "localhost"',
    ],
    [
      'DATABASE_URL',
      'mysql://x/y',
      'configuration: DATABASE_URL must use postgres: or postgresql:, got "mysql:"',
    ],
    [
      'LOG_LEVEL',
      'loud',
      'configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [
      'PROJECTOR_SESSION_TIMEOUT_MS',
      '1000',
      'configuration: PROJECTOR_SESSION_TIMEOUT_MS must be between 6000 and 300000, got 1000',
    ],
    ['MX1_ADDRESS', '10.0.0.300', 'configuration: MX1_ADDRESS must be an IPv4 address, got "10.0.0.300"'],
    [
      'ROUTER_STRICT_HOST_KEYS',
      'maybe',
      'configuration: ROUTER_STRICT_HOST_KEYS must be true or false, got "maybe"',
    ],
  ])('rejects a bad %s naming the variable', (name, value, message) => {
    const error = (() => {
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toBe(message);
  });

  it('never echoes a bad secrets key', () => {
    expect(() => loadConfig({ GOHAN_SECRETS_KEY: 'hunter2' })).toThrow(
      'configuration: GOHAN_SECRETS_KEY must be 64 hex characters (a 256-bit key)',
    );
  });

  it('masks the password of a database URL in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url with :secret@' })).toThrow(
      'DATABASE_URL must be a URL',
    );
  });
});

describe('runScopedEnv', () => {
  it('gives a run its own topics and consumer groups', () => {
    const config = loadConfig(runScopedEnv('api-e2e.r1'));
    expect(config.kafka.topics).toEqual({
      commands: 'api-e2e.r1.commands',
      outcomes: 'api-e2e.r1.outcomes',
      events: 'api-e2e.r1.events',
      provisioning: 'api-e2e.r1.provisioning',
      status: 'api-e2e.r1.status',
    });
    expect(config.kafka.groups).toEqual({
      decider: 'api-e2e.r1.decider',
      projector: 'api-e2e.r1.projector',
      provisioner: 'api-e2e.r1.provisioner',
      collector: 'api-e2e.r1.collector',
      billing: 'api-e2e.r1.billing',
      monitoring: 'api-e2e.r1.monitoring',
    });
  });
});
