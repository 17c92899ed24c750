#!/usr/bin/env node
// `npm run lint`: ESLint over the whole workspace in one process (per-project `nx run-many -t lint`
// gives the same answer several times slower). The module-boundary rule reads Nx's project graph and
// skips silently when none is cached, so the graph is computed first.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProjectGraphAsync } from '@nx/devkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await createProjectGraphAsync({ exitOnError: true });
const eslint = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--max-warnings', '0', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(eslint.status ?? 1);
