import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, SERVICES, serviceSchemas, variablesOf } from './rules';

// The Dockerfile and docker-compose.yml, checked without a Docker engine. The one Dockerfile is
// rendered for each service (its build arguments substituted, as `docker build --build-arg` does):
// every path the image copies exists once `npm run build` has run (npm test builds first), the image
// is multi-stage, installs with the lockfile, keeps only production dependencies and runs as a
// non-root user, and compose gives each service what its configuration schema needs.

interface Instruction {
  keyword: string;
  args: string;
}

const DOCKERFILE = join(ROOT, 'Dockerfile');

/** The Dockerfile's instructions with `${NAME}` replaced by the build arguments given (or their defaults). */
function rendered(buildArgs: Record<string, string>): Instruction[] {
  const text = readFileSync(DOCKERFILE, 'utf8').replace(/\\\n/g, ' ');
  const defaults = Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
  const values: Record<string, string> = { ...defaults, ...buildArgs };
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      // RUN's shell expands $SERVICE itself; Docker substitutes ${SERVICE} in the other instructions.
      const args = rest.join(' ');
      return { keyword: keyword.toUpperCase(), args: keyword === 'RUN' ? args : args.replace(/\$\{(\w+)\}/g, (_, name) => values[name] ?? '') };
    });
}

/** The @sesame packages a workspace package depends on, transitively. */
function sesameDependencies(packageDir: string, seen = new Set<string>()): Set<string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, packageDir, 'package.json'), 'utf8'));
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!name.startsWith('@sesame/') || seen.has(name)) continue;
    seen.add(name);
    sesameDependencies(join('libs', name.slice('@sesame/'.length)), seen);
  }
  return seen;
}

const schemas = serviceSchemas();

describe('Dockerfile', () => {
  it('takes the service as a build argument, and refuses any other', () => {
    const check = rendered({}).find((s) => s.keyword === 'RUN' && s.args.includes('case "$SERVICE"'))!.args;
    expect(check.match(/case "\$SERVICE" in ([\w|]+)\)/)?.[1].split('|').sort()).toEqual([...SERVICES].sort());
  });
});

describe.each(SERVICES)('the Dockerfile rendered for %s', (service) => {
  const port = variablesOf(schemas.find((s) => s.service === service)!.schema).find((v) => v.name === 'PORT')!.defaultValue;
  const steps = rendered({ SERVICE: service, PORT: String(port) });
  const stages = steps.filter((s) => s.keyword === 'FROM');
  const finalStage = steps.slice(steps.lastIndexOf(stages[stages.length - 1]));

  it('is multi-stage: built with the lockfile and every dev tool, shipped with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const runs = steps.filter((s) => s.keyword === 'RUN').map((s) => s.args);
    expect(runs.some((r) => /npm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs).toContainEqual(expect.stringContaining('npm ci --no-audit --no-fund --ignore-scripts --omit=dev --workspace @sesame/${SERVICE}'));
    expect(finalStage.filter((s) => s.keyword === 'RUN' && /npm|npx|tsc/.test(s.args))).toEqual([]);
    expect(finalStage.filter((s) => s.keyword === 'COPY' && !s.args.startsWith('--from='))).toEqual([
      { keyword: 'COPY', args: 'scripts/dlq-replay.cjs scripts/queues.cjs scripts/' },
    ]);
  });

  it('runs as a numeric non-root user, the service on its port, in exec form', () => {
    const user = finalStage.filter((s) => s.keyword === 'USER').pop()?.args;
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(finalStage.find((s) => s.keyword === 'EXPOSE')?.args).toBe(String(port));
    expect(finalStage.find((s) => s.keyword === 'ENV')?.args).toContain(`PORT=${port}`);
    expect(finalStage.find((s) => s.keyword === 'CMD')?.args).toBe('["node", "main.js"]');
    // main.js is a link to the service's own entry point.
    expect(finalStage.find((s) => s.keyword === 'RUN')?.args).toContain('ln -s services/${SERVICE}/dist/main.js main.js');
  });

  it('copies only paths that exist after npm run build', () => {
    const missing: string[] = [];
    for (const step of steps.filter((s) => s.keyword === 'COPY')) {
      const parts = step.args.split(/\s+/);
      const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
      const sources = parts.filter((p) => !p.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        // From the build context (the repository), or from the build stage's copy of it.
        const path = from === 'build' ? source.replace(/^\/workspace\//, '') : from ? undefined : source;
        if (path !== undefined && path !== '.' && !existsSync(join(ROOT, path))) missing.push(`${step.keyword} ${step.args}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(existsSync(join(ROOT, 'services', service, 'dist', 'main.js'))).toBe(true);
    // The libraries it links (node_modules/@sesame/* point into libs/): each built, with its main.
    for (const name of sesameDependencies(join('services', service))) {
      const dir = join(ROOT, 'libs', name.slice('@sesame/'.length));
      const main = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).main;
      expect(existsSync(join(dir, main))).toBe(true);
    }
  });
});

describe('.dockerignore', () => {
  it('keeps out what is built, installed or secret', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.env', '.sesame']));
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });

  it.each(SERVICES)('runs %s from its Dockerfile as in Kubernetes, with every variable it needs', (service) => {
    const entry = compose.services[service];
    const port = variablesOf(schemas.find((s) => s.service === service)!.schema).find((v) => v.name === 'PORT')!.defaultValue;
    expect(entry.build).toEqual({ context: '.', args: { SERVICE: service, PORT: port } });
    expect(entry.image).toBe(`sesame/${service}:dev`);
    expect(entry.read_only).toBe(true);
    expect(entry.tmpfs).toEqual(['/tmp']);
    const env: Record<string, string> = entry.environment ?? {};
    const mounts: string[] = (entry.volumes ?? []).map((v: string) => v.split(':')[1]);
    const problems: string[] = [];
    for (const variable of variablesOf(schemas.find((s) => s.service === service)!.schema)) {
      const value = env[variable.name];
      if (!variable.needsValue) continue;
      if (value === undefined || value === '') problems.push(`${variable.name}: not set (${variable.needsValue})`);
      else if (variable.needsValue === 'its default is this machine' && /\/\/(?:[^@/]*@)?(127\.0\.0\.1)(:|\/|$)/.test(value)) problems.push(`${variable.name}: the container itself`);
      else if (variable.needsValue === 'its default is a folder in the image' && !mounts.some((m) => value.startsWith(`${m}/`))) problems.push(`${variable.name}: not on a volume`);
    }
    expect(problems).toEqual([]);
  });
});
