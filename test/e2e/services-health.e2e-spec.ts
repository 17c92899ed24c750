import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { TestIsolation, eventually } from '@sesame/testing';
import { startConsole, loadConsoleConfig } from '@sesame/console/testing';
import { startImporter, loadImporterConfig } from '@sesame/importer/testing';
import { startMailmerge, loadMailmergeConfig } from '@sesame/mailmerge/testing';
import { Stack, startStack } from '../support/stack';

const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

describe('every service: health, readiness, metrics', () => {
  let stack: Stack;
  let isolation: TestIsolation;
  let webDir: string;
  const apps: Record<string, INestApplication> = {};

  beforeAll(async () => {
    stack = await startStack();
    isolation = new TestIsolation();
    const common = {
      PORT: '0',
      ...isolation.serviceEnv,
      LOG_LEVEL: 'error',
    };
    apps.importer = await startImporter(loadImporterConfig({ ...common, DATABASE_URL: await isolation.database('importer') }));
    apps.mailmerge = await startMailmerge(loadMailmergeConfig({ ...common, DATABASE_URL: await isolation.database('mailmerge') }));
    webDir = mkdtempSync(join(tmpdir(), 'sesame-web-'));
    apps.console = await startConsole(loadConsoleConfig({ PORT: '0', LOG_LEVEL: 'error', CONSOLE_WEB_DIR: webDir }));
    apps.identity = stack.identity;
    apps.gateway = stack.gateway;
  });
  afterAll(async () => {
    for (const name of ['importer', 'mailmerge', 'console']) await apps[name].close();
    await isolation.cleanup();
    await stack.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const EXPECTED_CHECKS: Record<string, string[]> = {
    // The gateway keeps nothing in Redis (identity throttles logins).
    gateway: ['rabbitmq'],
    identity: ['postgres', 'rabbitmq', 'redis'],
    importer: ['postgres', 'rabbitmq', 'redis'],
    mailmerge: ['postgres', 'rabbitmq', 'redis'],
    console: ['web build'],
  };

  it.each(Object.keys(EXPECTED_CHECKS))('%s answers live, ready (with each dependency) and metrics', async (name) => {
    if (name === 'console') writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Sesame</title>');
    const base = urlOf(apps[name]);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    const body = (await ready.json()) as { details: Record<string, unknown> };
    expect(ready.status).toBe(200);
    expect(Object.keys(body.details).sort()).toEqual(EXPECTED_CHECKS[name]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('sesame_process_cpu_seconds_total');
    expect(metrics).toContain('sesame_http_request_duration_seconds');
  });

  it('the console is not ready without its build, and serves its pages from any path once built', async () => {
    rmSync(join(webDir, 'index.html'), { force: true });
    const base = urlOf(apps.console);
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Sesame</title>');
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${base}/users/some-id`)).text()).toContain('<title>Sesame</title>');
  });
});

describe('configuration and shutdown of a real process', () => {
  const main = join(__dirname, '..', '..', 'services', 'identity', 'dist', 'main.js');

  it('refuses to start with one line per wrong variable, and no secret in it', async () => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: 'eighty', DATABASE_URL: 'postgres://user:hunter2@db/x', JWT_PRIVATE_KEY: 'not a key' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toMatch(/PORT: .*"eighty"/);
    expect(stderr).toMatch(/JWT_PRIVATE_KEY: .*hidden: secret/);
    expect(stderr).not.toContain('hunter2');
    expect(stderr).not.toContain('not a key');
  });

  it('shuts down on SIGTERM: readiness goes down, the process exits 0', async () => {
    const isolation = new TestIsolation();
    const port = 39_000 + Math.floor(Math.random() * 1000);
    const child = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: await isolation.database('identity'),
        ...isolation.serviceEnv,
        LOG_LEVEL: 'error',
        JWT_PRIVATE_KEY: generateSigningKeys().privateKey,
        OIDC_SIGNING_KEYS: generateOidcSigningKey(),
        SESAME_MANAGER_PASSWORD: 'a password for this test',
      },
      stdio: 'ignore',
    });
    try {
      await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000);
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await isolation.cleanup();
    }
  });
});
