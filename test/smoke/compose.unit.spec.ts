// docker-compose.yml cannot run here (no Docker engine), so this checks it against the local stack:
// same services, same loopback ports, same variable names and defaults as libs/config.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@gohan-es/config';

const root = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      ports?: string[];
      environment?: Record<string, string>;
      command?: string[];
      build?: { dockerfile: string };
      image?: string;
      network_mode?: string;
    }
  >;
};
const defaults = loadConfig({});

describe('docker-compose.yml', () => {
  it('has the stack services and the four apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'api',
        'collector',
        'kafka',
        'postgres',
        'projector',
        'provisioner',
        'routers',
        'schema-registry',
      ].sort(),
    );
    expect(compose.services.kafka!.image).toMatch(/^apache\/kafka:/);
    expect(compose.services['schema-registry']!.image).toMatch(/^confluentinc\/cp-schema-registry:/);
  });

  it('publishes every service on loopback only, on the local stack ports', () => {
    expect(compose.services.kafka!.ports).toEqual(['127.0.0.1:9092:9092']);
    expect(compose.services['schema-registry']!.ports).toEqual(['127.0.0.1:8081:8081']);
    expect(compose.services.postgres!.ports).toEqual(['127.0.0.1:5432:5432']);
    for (const service of Object.values(compose.services)) {
      for (const mapping of service.ports ?? []) expect(mapping).toMatch(/^127\.\d+\.\d+\.\d+:/);
    }
  });

  it.each(['api', 'projector', 'provisioner', 'collector'])(
    'runs %s with the configuration variables of libs/config',
    (app) => {
      const service = compose.services[app]!;
      expect(service.command).toEqual(['node', `apps/${app}/dist/main.js`]);
      expect(service.network_mode).toBe('host');
      const env = service.environment!;
      expect(env.KAFKA_BROKERS).toBe(defaults.kafka.brokers.join(','));
      expect(env.DATABASE_URL).toBe(defaults.database.url);
      expect(env.MX1_ADDRESS).toBe(defaults.routers.mx1.address);
      expect(env.MX2_ADDRESS).toBe(defaults.routers.mx2.address);
      expect(Number(env.ROUTER_SSH_PORT)).toBe(defaults.routers.mx1.port);
      expect(new URL(env.SCHEMA_REGISTRY_URL!).port).toBe('8081');
      // The compose values must be accepted by the app's own configuration loader.
      expect(() => loadConfig(env)).not.toThrow();
    },
  );

  it('gives each app its own health port, as the local stack does', () => {
    expect(compose.services.api!.environment!.API_PORT).toBe(String(defaults.http.apiPort));
    expect(compose.services.projector!.environment!.PROJECTOR_PORT).toBe(String(defaults.http.projectorPort));
    expect(compose.services.provisioner!.environment!.PROVISIONER_PORT).toBe(
      String(defaults.http.provisionerPort),
    );
    expect(compose.services.collector!.environment!.COLLECTOR_PORT).toBe(String(defaults.http.collectorPort));
  });

  it('runs MX-1 and MX-2 on their loopback addresses and SSH port, like the local stack', () => {
    const routers = compose.services.routers!;
    expect(routers.network_mode).toBe('host');
    expect(routers.environment!.MX1_ADDRESS).toBe(defaults.routers.mx1.address);
    expect(routers.environment!.MX2_ADDRESS).toBe(defaults.routers.mx2.address);
    expect(Number(routers.environment!.ROUTER_SSH_PORT)).toBe(defaults.routers.mx1.port);
  });

  it('builds the routers and the apps from Dockerfiles in the repository', () => {
    for (const name of ['routers', 'api']) {
      expect(fs.existsSync(path.join(root, compose.services[name]!.build!.dockerfile))).toBe(true);
    }
  });
});
