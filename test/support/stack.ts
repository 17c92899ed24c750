import type { INestApplication } from '@nestjs/common';
import { generateSigningKeys } from '@sesame/auth';
import { createDatabase } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import type { Kysely } from 'kysely';
import { startGateway } from '../../services/gateway/src/app';
import { loadGatewayConfig } from '../../services/gateway/src/config/gateway.config';
import { startIdentity } from '../../services/identity/src/app';
import { loadIdentityConfig } from '../../services/identity/src/config/identity.config';
import type { Database } from '../../services/identity/src/database/schema';
import { Api } from './api';

export const MANAGER = { username: 'manager', password: 'the académie keeps its keys' };

export interface Stack {
  api: Api;
  isolation: TestIsolation;
  identity: INestApplication;
  gateway: INestApplication;
  /** Identity's database, to assert what was (not) written. */
  identityDb: Kysely<Database>;
  env: { identity: Record<string, string>; gateway: Record<string, string> };
  close(): Promise<void>;
}

/** Identity and the gateway in this process, on their own database, AMQP namespace and Redis prefix. */
export async function startStack(overrides: { identity?: Record<string, string>; gateway?: Record<string, string> } = {}): Promise<Stack> {
  const isolation = new TestIsolation();
  const keys = generateSigningKeys();
  const { amqpUrl, redisUrl } = isolation.services;
  const identityUrl = await isolation.database('identity');
  const logLevel = process.env.SESAME_TEST_LOG_LEVEL ?? 'error';
  const env = {
    identity: {
      PORT: '0',
      DATABASE_URL: identityUrl,
      AMQP_URL: amqpUrl,
      AMQP_NAMESPACE: isolation.namespace,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: isolation.redisPrefix,
      LOG_LEVEL: logLevel,
      JWT_PRIVATE_KEY: keys.privateKey,
      SESAME_MANAGER_USERNAME: MANAGER.username,
      SESAME_MANAGER_PASSWORD: MANAGER.password,
      // Cheap hashing keeps the suite fast; the benchmarks measure the production parameters.
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      OUTBOX_INTERVAL_MS: '100',
      ...overrides.identity,
    },
    gateway: {
      PORT: '0',
      AMQP_URL: amqpUrl,
      AMQP_NAMESPACE: isolation.namespace,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: isolation.redisPrefix,
      LOG_LEVEL: logLevel,
      JWT_PUBLIC_KEY: keys.publicKey,
      RPC_TIMEOUT_MS: '5000',
      ...overrides.gateway,
    },
  };
  const identity = await startIdentity(loadIdentityConfig(env.identity));
  const gateway = await startGateway(loadGatewayConfig(env.gateway));
  const address = gateway.getHttpServer().address() as { port: number };
  const identityDb = createDatabase<Database>({ url: identityUrl, max: 2 });
  return {
    api: new Api(`http://127.0.0.1:${address.port}`),
    isolation,
    identity,
    gateway,
    identityDb,
    env,
    async close() {
      await gateway.close();
      await identity.close();
      await identityDb.destroy();
      await isolation.cleanup();
    },
  };
}
