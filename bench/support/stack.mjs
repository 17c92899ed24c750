// Starts built Sesame services as separate processes, on a fresh database, AMQP namespace and
// Redis prefix, with production settings (argon2id parameters included). Benchmarks talk to them
// over HTTP only, like a real client.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const POSTGRES = process.env.SESAME_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const AMQP = process.env.SESAME_BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const REDIS = process.env.SESAME_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The URL of a database on the benchmarks' PostgreSQL server. */
export function databaseUrl(name) {
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The seeded académie (1,000,000 members) that bench/selection makes and bench/enrolment reuses. */
export const SEEDED_ACADEMY = databaseUrl('sesame_bench_1m');

/** One statement on its own connection (the server's `postgres` database unless `url` says); its rows. */
export async function adminQuery(sql, url = POSTGRES, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
export const MANAGER = { username: 'manager', password: 'benchmarks need a boss too' };

/**
 * The keys activation codes are encrypted with (identity's, mailmerge's), the same in every run: a
 * seeded académie is reused by later runs and by the seed tool. Benchmark data only, never a secret.
 */
export const BENCH_CODE_KEYS = {
  ACTIVATION_CODE_KEY: createHash('sha256').update('sesame benchmarks: identity activation codes').digest('base64'),
  CAMPAIGN_CODE_KEY: createHash('sha256').update('sesame benchmarks: campaign activation codes').digest('base64'),
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitReady(port, child, name) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not ready after 60 s`);
}

/**
 * The NODE_OPTIONS (the V8 heap limit) a service's main container runs with in deploy/k8s/base: a
 * benchmark that measures a process's memory runs it as it is deployed.
 */
export function deployedNodeOptions(name) {
  const manifest = readFileSync(join(root, 'deploy', 'k8s', 'base', name, 'deployment.yaml'), 'utf8');
  const main = manifest.slice(manifest.indexOf('\n      containers:'));
  const match = /NODE_OPTIONS, value: ([^}]+?) \}/.exec(main);
  if (!match) throw new Error(`deploy/k8s/base/${name}/deployment.yaml: no NODE_OPTIONS in its main container`);
  return match[1];
}

/**
 * @param {string[]} names services to start, in order
 * @param {Record<string, Record<string, string>>} extraEnv per-service environment
 */
export async function startServices(names, extraEnv = {}, options = {}) {
  const id = `bench${randomBytes(4).toString('hex')}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const oidcSigningKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
  // The key identity seals reset tokens with for mailmerge.
  const mailSealKey = `bench:${randomBytes(32).toString('base64')}`;
  const databases = [];
  const children = [];
  // Ports are chosen first: identity names the gateway's address (the public one) as its OpenID
  // Connect issuer, and the gateway serves identity's provider at /oidc.
  const ports = {};
  for (const name of names) ports[name] = await freePort();
  const local = (name) => `http://127.0.0.1:${ports[name]}`;
  for (const name of names) {
    const port = ports[name];
    const env = {
      PATH: process.env.PATH,
      PORT: String(port),
      AMQP_URL: AMQP,
      AMQP_NAMESPACE: id,
      REDIS_URL: REDIS,
      REDIS_PREFIX: `sesame-bench:${id}`,
      LOG_LEVEL: 'warn',
      JWT_PUBLIC_KEY: publicKey.export({ format: 'pem', type: 'spki' }),
      MAIL_SEAL_KEY: mailSealKey,
      ...BENCH_CODE_KEYS,
      // The gateway streams uploads and reports over HTTP to an importer started before it.
      ...(name === 'gateway' && ports.importer ? { IMPORTER_URL: local('importer') } : {}),
      ...(name === 'gateway' && ports.identity ? { IDENTITY_URL: local('identity') } : {}),
      ...(ports.gateway && ['identity', 'gateway'].includes(name) ? { PUBLIC_URL: local('gateway') } : {}),
      ...extraEnv[name],
    };
    if (options.databases?.[name]) {
      // An existing database (a seeded académie): used as it is, never dropped.
      env.DATABASE_URL = options.databases[name];
    } else if (['identity', 'importer', 'mailmerge'].includes(name)) {
      const database = `sesame_${id}_${name}`;
      databases.push(database);
      env.DATABASE_URL = databaseUrl(database);
    }
    if (name === 'identity') {
      env.JWT_PRIVATE_KEY = privateKey.export({ format: 'pem', type: 'pkcs8' });
      env.OIDC_SIGNING_KEYS = oidcSigningKey;
      env.SESAME_MANAGER_USERNAME = MANAGER.username;
      env.SESAME_MANAGER_PASSWORD = MANAGER.password;
    }
    // SESAME_BENCH_PROFILE=<folder>: every service writes a V8 CPU profile there when it stops.
    const profile = process.env.SESAME_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.SESAME_BENCH_PROFILE, name)}`] : [];
    const child = spawn(process.execPath, [...profile, join(root, 'services', name, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    try {
      await waitReady(port, child, name);
    } catch (error) {
      for (const started of children) started.kill('SIGTERM');
      throw error;
    }
  }
  return {
    ports,
    url: ports.gateway ? `http://127.0.0.1:${ports.gateway}` : undefined,
    namespace: id,
    databaseUrl: (name) => databaseUrl(`sesame_${id}_${name}`),
    pids: Object.fromEntries(names.map((n, i) => [n, children[i].pid])),
    async stop() {
      await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : (c.on('exit', r), c.kill('SIGTERM'))))));
      for (const database of databases) await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await forgetNamespace(id);
    },
  };
}

/**
 * Deletes the queues, exchanges and Redis keys of a benchmark's namespace: quorum queues left
 * behind by every run pile up in RabbitMQ (hundreds of them slowed its restarts to a halt here).
 */
export async function forgetNamespace(id) {
  const { deleteAmqpNamespace, deleteRedisPrefix } = require('../../libs/testing/dist');
  await deleteAmqpNamespace(AMQP, id);
  await deleteRedisPrefix(REDIS, `sesame-bench:${id}`);
}

/** JSON over HTTP with an optional bearer token; returns { status, body, ms }. */
export async function call(url, method, path, body, token) {
  const started = performance.now();
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
}
