import { generateSigningKeys } from '@sesame/auth';
import { TestIsolation } from '@sesame/testing';
import type { INestApplication } from '@nestjs/common';
import { startGateway, loadGatewayConfig } from '@sesame/gateway/testing';
import { Api } from '../support/api';

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
