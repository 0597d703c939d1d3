/** The e2e files that run a second time with the queues on BullMQ's PostgreSQL backend (issue 11). */
const PG_QUEUE_FILES = ['routing', 'workflow', 'escalation', 'shutdown', 'metrics'].map(
  (name) => `<rootDir>/test/e2e/${name}.e2e-spec.ts`,
);

/**
 * Three tiers. Unit tests live beside the code (libs/**, apps/**): no database. Medium tests
 * (test/medium) run the workflow services in process against a cloned database, a queue prefix of
 * their own and a hand-moved clock. End-to-end tests (test/e2e) run the built API and worker as
 * processes. Medium and e2e share the seeded template database built by the global setup. The
 * `e2e-pg-queues` project runs a subset of the e2e files again with TEST_QUEUE_BACKEND=postgres. It is
 * not part of `npm test` (unit, medium, e2e): CI runs it as a second step, `npm run test:pg-queues`.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  },
];
const moduleNameMapper = {
  '^@app/(domain|persistence|queue|workflow|config|contract)$': '<rootDir>/libs/$1/src/index.ts',
  // The contract takes the domain's vocabularies file by file, as the web app does.
  '^@app/domain/(.+)$': '<rootDir>/libs/domain/src/$1',
};

/** What every project shares: TypeScript through SWC, the path aliases, Node. */
const base = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
/** The projects that need the services: the seeded template database, built once per run. */
const withServices = {
  ...base,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 120000,
  // Longest files first, from Jest's own timings or, in a fresh clone, test/support/file-durations.json;
  // the files that mostly wait on real time are spaced out among the others.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    {
      ...withServices,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
    },
    {
      ...withServices,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...withServices,
      displayName: 'e2e-pg-queues',
      testMatch: PG_QUEUE_FILES,
      setupFiles: ['<rootDir>/test/support/pg-queues.ts'],
    },
  ],
};
