// One lint for the workspace: typescript-eslint's recommended rules, and Nx's module boundaries,
// which keep the architecture of docs/architecture.md true as the code grows.
import nx from '@nx/eslint-plugin';

const SERVICES = 'gateway|identity|importer|mailmerge|console';

/** The constraints between projects (tags are in each package.json, and test/project.json). */
const boundaries = (mayUse) => [
  'error',
  {
    allow: [],
    depConstraints: [
      // Services are built from libraries; they never import each other (they talk over RabbitMQ).
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: mayUse },
      // A library never reaches into a service, nor into the test helpers.
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: mayUse },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
      // The contracts are the wire every service reads: they depend on nothing but zod.
      { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [], allowedExternalImports: ['zod'] },
      // System tests start services, through each one's public testing entry (see below).
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:service'] },
    ],
  },
];

export default [
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'test-output/**', '.sesame/**', '.nx/**', '**/*.cjs', '**/*.mjs', '**/*.js'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['type:lib']),
      // A service is reached from outside only through `@sesame/<service>/testing` (services/<service>/testing.ts).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@sesame/(${SERVICES})/(?!testing$)`,
              message: 'Reach a service through its public testing entry, @sesame/<service>/testing.',
            },
          ],
        },
      ],
      // `!` marks what a preceding check proved.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A leading underscore names what is left out on purpose (`const { a: _ignored, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read JSON answers whose shape is what they assert.
    files: ['test/**/*.ts', 'services/*/test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts', '**/*.disruptive-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A package's own tests may use the shared test helpers (libs/testing); its code may not.
    files: ['{libs,services}/**/*.spec.ts', '{libs,services}/**/*.int-spec.ts', 'services/*/test/**/*.ts', 'services/*/testing.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['type:lib', 'type:testing']) },
  },
];
