import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';

// The module boundaries of eslint.config.mjs, tried on files that break them: the lint must refuse
// each one, and still accept the imports the architecture allows.

const ROOT = join(__dirname, '..', '..');

/**
 * Lints source texts as if they were at the given paths, in a child process: ESLint loads its
 * configuration with a dynamic import, which Jest's module sandbox does not allow.
 */
const LINT_TEXTS = `
  const { ESLint } = require('eslint');
  const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  Promise.all(cases.map(([file, code]) => eslint.lintText(code, { filePath: file }))).then((results) =>
    process.stdout.write(JSON.stringify(results.map(([r]) => r.messages.filter((m) => m.severity === 2).map((m) => m.ruleId + ': ' + m.message.split('\\n')[0])))),
  );
`;

function lint(cases: Array<[file: string, code: string]>): string[][] {
  const run = spawnSync(process.execPath, ['-e', LINT_TEXTS], {
    cwd: ROOT,
    input: JSON.stringify(cases.map(([file, code]) => [join(ROOT, file), code])),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('module boundaries (eslint.config.mjs)', () => {
  beforeAll(async () => {
    // The boundary rule reads Nx's cached project graph; without one it would skip silently.
    await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  const refused: Array<[what: string, file: string, code: string]> = [
    ['a service importing another service by name', 'services/importer/src/imports/probe.ts', "import { startIdentity } from '@sesame/identity/testing';\nexport const x = startIdentity;\n"],
    ['a service importing another service by path', 'services/importer/src/imports/probe.ts', "import { startIdentity } from '../../../identity/src/app';\nexport const x = startIdentity;\n"],
    ['a service importing the test helpers', 'services/mailmerge/src/campaigns/probe.ts', "import { TestIsolation } from '@sesame/testing';\nexport const x = TestIsolation;\n"],
    ['a library importing a service', 'libs/messaging/src/probe.ts', "import { startGateway } from '@sesame/gateway/testing';\nexport const x = startGateway;\n"],
    ['the contracts importing another library', 'libs/contracts/src/probe.ts', "import { env } from '@sesame/config';\nexport const x = env;\n"],
    ['the contracts importing a package other than zod', 'libs/contracts/src/probe.ts', "import { sql } from 'kysely';\nexport const x = sql;\n"],
    ['a system test reaching into a service by path', 'test/e2e/probe.ts', "import { startIdentity } from '../../services/identity/src/app';\nexport const x = startIdentity;\n"],
    ['a system test reaching into a service past its testing entry', 'test/e2e/probe.ts', "import { startIdentity } from '@sesame/identity/src/app';\nexport const x = startIdentity;\n"],
  ];
  const accepted: Array<[what: string, file: string, code: string]> = [
    ['a service importing libraries', 'services/importer/src/imports/probe.ts', "import { QUEUES } from '@sesame/contracts';\nimport { Broker } from '@sesame/messaging';\nexport const x = [QUEUES, Broker];\n"],
    ['the contracts importing zod', 'libs/contracts/src/probe.ts', "import { z } from 'zod';\nexport const x = z.string();\n"],
    ['a system test using a service testing entry and the helpers', 'test/e2e/probe.ts', "import { startIdentity } from '@sesame/identity/testing';\nimport { TestIsolation } from '@sesame/testing';\nexport const x = [startIdentity, TestIsolation];\n"],
    ["a service's own test using the helpers", 'services/mailmerge/test/probe.int-spec.ts', "import { TestIsolation } from '@sesame/testing';\nexport const x = TestIsolation;\n"],
  ];

  it('refuses each import that crosses a boundary, and accepts those the architecture allows', () => {
    const answers = lint([...refused, ...accepted].map(([, file, code]) => [file, code]));
    const outcome = (cases: typeof refused, offset: number) => cases.map(([what], i) => [what, answers[offset + i]] as const);
    for (const [what, problems] of outcome(refused, 0)) expect({ what, refused: problems.length > 0 }).toEqual({ what, refused: true });
    for (const [what, problems] of outcome(accepted, refused.length)) expect({ what, problems }).toEqual({ what, problems: [] });
  });
});
