// One configuration for the whole workspace. Tests run on the TypeScript sources (SWC, no type
// check; `npm run typecheck` does that), against real PostgreSQL, RabbitMQ and Redis.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const ESM_ONLY = [
  'oidc-provider',
  'got',
  '@sindresorhus/is',
  '@szmarczak/http-timer',
  'cacheable-lookup',
  'cacheable-request',
  'decompress-response',
  'form-data-encoder',
  'get-stream',
  'http2-wrapper',
  'lowercase-keys',
  'p-cancelable',
  'responselike',
  'mimic-response',
  'normalize-url',
  'quick-lru',
  'nanoid',
  '@sec-ant/readable-stream',
  'is-stream',
  'eta',
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@sesame/(contracts|config|database|messaging|outbox|observability|account-rules|auth|testing|redis|jobs|feeds)$': '<rootDir>/libs/$1/src',
    // A service's public testing entry (services/<service>/testing.ts), the only way tests reach it.
    '^@sesame/(gateway|identity|importer|mailmerge|console)/testing$': '<rootDir>/services/$1/testing',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // oidc-provider and some of its dependencies ship ES modules only: SWC makes them CommonJS for jest
  // (Node runs them as they are in the built services).
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};

module.exports = {
  // A global option (ignored inside projects): end-to-end tests start services and wait on brokers.
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      // test/deploy: the Kubernetes manifests rendered by kubectl kustomize (no service needed);
      // test/architecture: the module boundaries and folder dependencies.
      testMatch: ['<rootDir>/{libs,services}/**/*.spec.ts', '<rootDir>/test/{deploy,architecture}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    },
    // The console in Chromium against the real stack (needs `npm run build` and /usr/bin/chromium).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    // Tests that stop and start the shared broker: run alone (see scripts/test.mjs).
    {
      ...common,
      displayName: 'disruptive',
      testMatch: ['<rootDir>/{libs,services,test}/**/*.disruptive-spec.ts'],
    },
  ],
};
