#!/usr/bin/env node
// `npm run bench`: builds, then runs every benchmark under bench/ (each prints `name: value unit`).
// `npm run bench -- login` runs the ones whose folder name contains "login".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = false;
for (const name of readdirSync(join(root, 'bench')).sort()) {
  const script = join(root, 'bench', name, 'run.mjs');
  if (!existsSync(script) || !name.includes(filter)) continue;
  process.stdout.write(`\n== bench/${name}\n`);
  const result = spawnSync(process.execPath, [script, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
