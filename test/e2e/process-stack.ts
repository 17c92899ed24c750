import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { createDatabase } from '@sesame/database';
import { loadGatewayConfig, startGateway } from '@sesame/gateway/testing';
import type { Database } from '@sesame/identity/testing';
import type { TestIsolation } from '@sesame/testing';
import type { Kysely } from 'kysely';
import { Api } from '../support/api';
import { Replica, freePort } from './replicas-support';

export const CRASH_MANAGER = { username: 'manager', password: 'the académie keeps its keys' };

/** Identity and the importer as processes a test may kill, the gateway in the test's own process. */
export interface ProcessStack {
  identity: Replica;
  importer: Replica;
  gateway: INestApplication;
  api: Api;
  /** The manager's token. */
  token: string;
  /** Identity's database, read by the test to see what a killed process left. */
  identityDb: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * The stack of the crash tests (imports-crash, feeds-crash): identity (cheap hashing) and the
 * importer started as the built services, on the file's own database, namespace and Redis prefix.
 */
export async function startProcessStack(
  isolation: TestIsolation,
  options: { importer?: Record<string, string>; rpcTimeoutMs?: number } = {},
): Promise<ProcessStack> {
  const keys = generateSigningKeys();
  const shared = { ...isolation.serviceEnv, LOG_LEVEL: 'error' };
  const identityUrl = await isolation.database('identity');
  const identity = new Replica('identity', 'identity', await freePort(), {
    ...shared,
    DATABASE_URL: identityUrl,
    JWT_PRIVATE_KEY: keys.privateKey,
    OIDC_SIGNING_KEYS: generateOidcSigningKey(),
    SESAME_MANAGER_USERNAME: CRASH_MANAGER.username,
    SESAME_MANAGER_PASSWORD: CRASH_MANAGER.password,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
  });
  const importer = new Replica('importer', 'importer', await freePort(), {
    ...shared,
    DATABASE_URL: await isolation.database('importer'),
    ...options.importer,
  });
  await identity.start().ready();
  await importer.start().ready();
  const gateway = await startGateway(
    loadGatewayConfig({
      ...shared,
      PORT: '0',
      JWT_PUBLIC_KEY: keys.publicKey,
      IMPORTER_URL: `http://127.0.0.1:${importer.port}`,
      RPC_TIMEOUT_MS: String(options.rpcTimeoutMs ?? 5_000),
    }),
  );
  const api = new Api(`http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`);
  const identityDb = createDatabase<Database>({ url: identityUrl, max: 2 });
  const token = await api.login(CRASH_MANAGER.username, CRASH_MANAGER.password);
  return {
    identity,
    importer,
    gateway,
    api,
    token,
    identityDb,
    async close() {
      await gateway.close();
      await importer.stop('SIGKILL');
      await identity.stop('SIGKILL');
      await identityDb.destroy();
    },
  };
}
