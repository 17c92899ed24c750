import { generateSigningKeys } from '@sesame/auth';
import { TestIsolation } from '@sesame/testing';
import type { INestApplication } from '@nestjs/common';
import { startGateway, loadGatewayConfig } from '@sesame/gateway/testing';
import { Api } from '../support/api';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

describe('gateway without identity', () => {
  let isolation: TestIsolation;
  let gateway: INestApplication;
  let api: Api;

  beforeAll(async () => {
    isolation = new TestIsolation();
    gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        ...isolation.serviceEnv,
        LOG_LEVEL: 'error',
        JWT_PUBLIC_KEY: generateSigningKeys().publicKey,
        RPC_TIMEOUT_MS: '1500',
      }),
    );
    api = new Api(`http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`);
  });
  afterAll(async () => {
    await gateway.close();
    await isolation.cleanup();
  });

  it('answers 503 problem+json within the RPC timeout, never hangs', async () => {
    const started = Date.now();
    const answer = await api.post('/api/v1/auth/login', { username: 'manager', password: 'whatever it is' });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('service_unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stays live and ready (its own dependencies answer): only the call fails', async () => {
    expect((await api.get('/health/live')).status).toBe(200);
    expect((await api.get('/health/ready')).status).toBe(200);
  });
});

describe('login throttling', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack({
      gateway: { LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6', LOGIN_MAX_FAILURES_PER_USER: '5' },
    });
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const attempt = (username: string, password: string, address: string) =>
    stack.api.request('POST', '/api/v1/auth/login', { username, password }, { 'x-forwarded-for': address });

  it('pauses a username after repeated failures from one address, with Retry-After', async () => {
    const victim = await d.student(d.schoolA, { username: uniqueName('victim'), password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await attempt(victim.username, 'wrong password!!', '10.0.0.1')).status).toBe(401);
    const blocked = await attempt(victim.username, PASSWORD, '10.0.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same user from another address is not blocked by that pair.
    expect((await attempt(victim.username, PASSWORD, '10.0.0.2')).status).toBe(200);
  });

  it('pauses an address that tries many usernames', async () => {
    const address = '10.0.1.1';
    for (let i = 0; i < 6; i++) await attempt(uniqueName('nobody'), 'wrong password!!', address);
    expect((await attempt(d.memberA.username, PASSWORD, address)).status).toBe(429);
  });

  it('does not lock a victim out of an address it already signed in from', async () => {
    const victim = await d.student(d.schoolA, { username: uniqueName('target'), password: PASSWORD });
    expect((await attempt(victim.username, PASSWORD, '10.0.2.1')).status).toBe(200);
    // An attacker spreads failures over many addresses until the per-username limit is reached.
    for (let i = 0; i < 5; i++) await attempt(victim.username, 'wrong password!!', `10.0.3.${i}`);
    expect((await attempt(victim.username, PASSWORD, '10.0.4.1')).status).toBe(429);
    expect((await attempt(victim.username, PASSWORD, '10.0.2.1')).status).toBe(200);
  });
});
