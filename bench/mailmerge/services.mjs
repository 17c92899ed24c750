// Built Sesame services as separate processes for bench/mailmerge, with the environment of each
// process under the benchmark's control: mailmerge is restarted with another rate limit, or run
// as two replicas of the same deployment (same database, AMQP namespace and Redis prefix).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AMQP, BENCH_CODE_KEYS, MANAGER, REDIS, adminQuery, databaseUrl, forgetNamespace, freePort, root, waitReady } from '../support/stack.mjs';

export { adminQuery, databaseUrl };

/** One deployment: its namespace, keys and databases; services are started and stopped one by one. */
export class Deployment {
  constructor({ identityDatabase }) {
    this.id = `benchmm${randomBytes(4).toString('hex')}`;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey.export({ format: 'pem', type: 'pkcs8' });
    this.oidcSigningKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    this.publicKey = publicKey.export({ format: 'pem', type: 'spki' });
    this.mailSealKey = `bench:${randomBytes(32).toString('base64')}`;
    this.identityDatabase = identityDatabase;
    this.mailmergeDatabase = `sesame_${this.id}_mailmerge`;
    this.children = new Set();
  }

  env(name, extra = {}) {
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      AMQP_URL: AMQP,
      AMQP_NAMESPACE: this.id,
      REDIS_URL: REDIS,
      REDIS_PREFIX: `sesame-bench:${this.id}`,
      LOG_LEVEL: 'warn',
      JWT_PUBLIC_KEY: this.publicKey,
      // Identity seals reset tokens for mailmerge with it (the others ignore it).
      MAIL_SEAL_KEY: this.mailSealKey,
      ...BENCH_CODE_KEYS,
    };
    if (name === 'identity') {
      Object.assign(env, {
        DATABASE_URL: databaseUrl(this.identityDatabase),
        JWT_PRIVATE_KEY: this.privateKey,
        OIDC_SIGNING_KEYS: this.oidcSigningKey,
        SESAME_MANAGER_USERNAME: MANAGER.username,
        SESAME_MANAGER_PASSWORD: MANAGER.password,
      });
    }
    if (name === 'mailmerge') env.DATABASE_URL = databaseUrl(this.mailmergeDatabase);
    return { ...env, ...extra };
  }

  /** Starts a built service; resolves once it is ready. Returns { pid, port, stop(), peakRssBytes(), rssBytes() }. */
  async start(name, extra = {}) {
    const port = await freePort();
    // SESAME_BENCH_LOGS=<folder>: each process's JSON logs go to <folder>/<name>-<port>.log.
    const logs = process.env.SESAME_BENCH_LOGS ? openSync(join(process.env.SESAME_BENCH_LOGS, `${name}-${port}.log`), 'a') : 'ignore';
    const child = spawn(process.execPath, [join(root, 'services', name, 'dist', 'main.js')], {
      env: this.env(name, { PORT: String(port), ...extra }),
      stdio: ['ignore', logs, 'inherit'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    await waitReady(port, child, name);
    const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())[1]) * 1024;
    return {
      pid: child.pid,
      port,
      url: `http://127.0.0.1:${port}`,
      rssBytes: () => kib('VmRSS'),
      peakRssBytes: () => kib('VmHWM'),
      /** Starts the peak resident memory afresh (Linux: /proc/<pid>/clear_refs, 5). */
      resetPeak: async () => {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(`/proc/${child.pid}/clear_refs`, '5');
      },
      stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
    };
  }

  async close() {
    await Promise.all([...this.children].map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve() : (c.once('exit', resolve), c.kill('SIGTERM'))))));
    await adminQuery(`DROP DATABASE IF EXISTS "${this.mailmergeDatabase}" WITH (FORCE)`);
    await forgetNamespace(this.id);
  }
}
