// Three tiers by file name (STYLE.md): *.unit.spec.ts (pure, no I/O), *.int.spec.ts (real Kafka,
// registry, Postgres, routers) and *.e2e.spec.ts (whole system over HTTP).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } } }],
};
const moduleNameMapper = { '^@gohan-es/([^/]+)$': '<rootDir>/libs/$1/src' };
const common = {
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.stack/', '/.tools/'],
};

module.exports = {
  // Integration suites wait on real services; a per-project testTimeout is ignored by jest.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.spec.ts', '<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
};
