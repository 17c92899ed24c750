import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { startConsole } from '../src/app';
import { loadConsoleConfig } from '../src/config/console.config';

/** The console service: pages at real paths (letters print them), assets cached, nothing else. */
describe('console service', () => {
  let folder: string;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sesame-console-'));
    mkdirSync(join(folder, 'assets'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><html lang="fr"><title>Sesame</title></html>');
    writeFileSync(join(folder, 'assets', 'index-Abc123.js'), 'console.log(1)');
    writeFileSync(join(folder, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await startConsole(loadConsoleConfig({ PORT: '0', LOG_LEVEL: 'error', CONSOLE_WEB_DIR: folder }));
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['/', '/login', '/activate?login=jean%20dupont', '/password/forgot', '/password/reset?token=abcdefghijk', '/users/1234/show', '/some/unknown/page'])(
    'answers %s with the application page, revalidated at every visit',
    async (path) => {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toContain('<title>Sesame</title>');
    },
  );

  it('never leaks a reset token through the Referer header, and forbids framing and foreign scripts', async () => {
    const answer = await fetch(`${base}/password/reset?token=abcdefghijk`);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers HEAD for pages too (link checkers, proxies)', async () => {
    const answer = await fetch(`${base}/activate`, { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('caches content-named assets for a year, and answers 404 for a missing one (never the page)', async () => {
    const asset = await fetch(`${base}/assets/index-Abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${base}/assets/index-Old999.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type') ?? '').not.toMatch(/html/);
  });

  it('revalidates files that keep their name (favicon)', async () => {
    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('is not a page for other methods, nor for health and metrics paths', async () => {
    expect((await fetch(`${base}/activate`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/nothing`)).headers.get('content-type') ?? '').not.toMatch(/html/);
  });

  it('is not ready without a built console', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sesame-console-empty-'));
    const unbuilt = await startConsole(loadConsoleConfig({ PORT: '0', LOG_LEVEL: 'error', CONSOLE_WEB_DIR: empty }));
    try {
      const port = (unbuilt.getHttpServer().address() as { port: number }).port;
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(503);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
