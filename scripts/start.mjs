#!/usr/bin/env node
// `npm start`: builds Sesame, then runs every service on this machine against PostgreSQL, RabbitMQ
// and Redis on localhost (or the addresses in the environment), and prints the address once all
// of them are ready. Ctrl-C stops them gracefully.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = join(root, '.sesame');

const SERVICES = [
  { name: 'identity', port: 3001, color: 35 },
  { name: 'importer', port: 3002, color: 33 },
  { name: 'mailmerge', port: 3003, color: 36 },
  { name: 'console', port: 3004, color: 34 },
  { name: 'gateway', port: Number(process.env.PORT ?? 3000), color: 32 },
];

function say(line) {
  process.stdout.write(`\x1b[1msesame\x1b[0m  ${line}\n`);
}

function build() {
  say('building (incremental)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Development signing keys, made once and kept in .sesame/ (never committed). */
function signingKeys() {
  if (process.env.JWT_PRIVATE_KEY && process.env.JWT_PUBLIC_KEY) {
    return { privateKey: process.env.JWT_PRIVATE_KEY, publicKey: process.env.JWT_PUBLIC_KEY };
  }
  const dir = join(state, 'keys');
  const privatePath = join(dir, 'jwt-private.pem');
  const publicPath = join(dir, 'jwt-public.pem');
  if (!existsSync(privatePath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(privatePath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(publicPath, publicKey.export({ format: 'pem', type: 'spki' }));
    say(`created development signing keys in ${dir}`);
  }
  return { privateKey: readFileSync(privatePath, 'utf8'), publicKey: readFileSync(publicPath, 'utf8') };
}

/**
 * A development key, made once and kept in .sesame/keys (a new key at each start would leave what
 * was sealed or encrypted with the former one unreadable), unless the environment gives it.
 */
function devKey(name, file, make) {
  if (process.env[name]) return process.env[name];
  const path = join(state, 'keys', file);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, make(), { mode: 0o600 });
    say(`created the development key ${name} in ${path}`);
  }
  return readFileSync(path, 'utf8').trim();
}

const randomKey = () => randomBytes(32).toString('base64');
// Identity seals reset tokens for mailmerge with it; the code keys encrypt activation codes at rest.
const sealKey = devKey('MAIL_SEAL_KEY', 'mail-seal.key', () => `dev:${randomKey()}`);
// The OpenID Connect provider signs ID tokens with it (RS256).
const oidcKey = devKey('OIDC_SIGNING_KEYS', 'oidc-signing.pem', () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
);
const codes = { identity: devKey('ACTIVATION_CODE_KEY', 'activation-code.key', randomKey), mailmerge: devKey('CAMPAIGN_CODE_KEY', 'campaign-code.key', randomKey) };

function prefixLines(stream, label) {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) process.stdout.write(`${label} ${line}\n`);
  });
}

async function ready(port, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

build();
const keys = signingKeys();
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 15_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}

for (const service of SERVICES) {
  const env = {
    ...process.env,
    PORT: String(service.port),
    JWT_PRIVATE_KEY: service.name === 'identity' ? keys.privateKey : undefined,
    JWT_PUBLIC_KEY: keys.publicKey,
    MAIL_SEAL_KEY: sealKey,
    ACTIVATION_CODE_KEY: codes.identity,
    CAMPAIGN_CODE_KEY: codes.mailmerge,
    OIDC_SIGNING_KEYS: oidcKey,
  };
  if (service.name !== 'identity') delete env.JWT_PRIVATE_KEY;
  // Each key to its services only.
  if (service.name !== 'identity' && service.name !== 'mailmerge') delete env.MAIL_SEAL_KEY;
  if (service.name !== 'identity') delete env.ACTIVATION_CODE_KEY;
  if (service.name !== 'identity') delete env.OIDC_SIGNING_KEYS;
  if (service.name !== 'mailmerge') delete env.CAMPAIGN_CODE_KEY;
  const child = spawn(process.execPath, [join(root, 'services', service.name, 'dist', 'main.js')], { cwd: root, env });
  const label = `\x1b[${service.color}m${service.name.padEnd(9)}\x1b[0m|`;
  prefixLines(child.stdout, label);
  prefixLines(child.stderr, label);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${service.name} stopped (${signal ?? `exit ${code}`}); stopping the others`);
      stopAll(code || 1);
    }
  });
  children.push(child);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const deadline = Date.now() + 120_000;
const results = await Promise.all(SERVICES.map((s) => ready(s.port, deadline)));
if (!stopping) {
  const late = SERVICES.filter((_, i) => !results[i]).map((s) => s.name);
  if (late.length) {
    say(`not ready after two minutes: ${late.join(', ')} (see their logs above; is PostgreSQL, RabbitMQ or Redis down?)`);
  } else {
    const url = `http://localhost:${SERVICES.at(-1).port}`;
    say(`\x1b[1;32mSesame is running at ${url}\x1b[0m  (API documentation: ${url}/api/docs; Ctrl-C stops it)`);
  }
}
