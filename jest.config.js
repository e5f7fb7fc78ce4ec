/**
 * Four tiers: unit specs beside the source (pure rules, the dashboard's included); module specs
 * in test/modules/ (one Nest module with its real repositories on a real PostgreSQL, no HTTP,
 * no workers); e2e specs in test/ (the whole app over HTTP); browser specs in test/browser/
 * (the dashboard in headless Chromium against the whole app).
 */
const database = { globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' };
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  testTimeout: 60000,
  // A failed test can leave an app (and its workers) open; CI must still finish.
  forceExit: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/dashboard/src/**/*.spec.ts', '<rootDir>/test/dashboard/**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'module',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/modules/**/*.module-spec.ts'],
      transform,
      ...database,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      ...database,
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      transform,
      ...database,
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
    },
  ],
};
