#!/usr/bin/env node
// `npm test`: type-checks everything (sources and tests), lints (module boundaries included), runs
// the unit and integration tests in parallel, the browser tests (the built console in Chromium) one
// file at a time, then the disruptive tests (they restart RabbitMQ) alone. Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);

function run(command, args) {
  process.stdout.write(`\n\x1b[1m$ ${command} ${args.join(' ')}\x1b[0m\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const jest = join(root, 'node_modules', '.bin', 'jest');
run('npm', ['run', '--silent', 'build']);
run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.test.json']);
run('node', [join(root, 'scripts', 'lint.mjs')]);
run(jest, ['--selectProjects', 'unit', 'integration', '--maxWorkers=2', ...extra]);
run(jest, ['--selectProjects', 'browser', '--runInBand', ...extra]);
run(jest, ['--selectProjects', 'disruptive', '--runInBand', ...extra]);
