import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { createDatabase } from '@sesame/database';
import { TestIsolation, freePort } from '@sesame/testing';
import type { Kysely } from 'kysely';
import { startConsole, loadConsoleConfig } from '@sesame/console/testing';
import { startGateway, loadGatewayConfig } from '@sesame/gateway/testing';
import { startIdentity, loadIdentityConfig, type Database } from '@sesame/identity/testing';
import { startImporter, loadImporterConfig } from '@sesame/importer/testing';
import { startMailmerge, loadMailmergeConfig } from '@sesame/mailmerge/testing';
import { Api } from './api';

export const MANAGER = { username: 'manager', password: 'the académie keeps its keys' };

export interface Stack {
  api: Api;
  isolation: TestIsolation;
  identity: INestApplication;
  gateway: INestApplication;
  /** Started when asked for (`startStack({ importer: {...} })`). */
  importer?: INestApplication;
  mailmerge?: INestApplication;
  /** The web console (its built files), served behind the gateway at `/`. */
  console?: INestApplication;
  /** Identity's database, to assert what was (not) written. */
  identityDb: Kysely<Database>;
  env: { identity: Record<string, string>; gateway: Record<string, string>; importer?: Record<string, string>; mailmerge?: Record<string, string> };
  close(): Promise<void>;
}

export interface StackOverrides {
  identity?: Record<string, string>;
  gateway?: Record<string, string>;
  /** Starts the importer too, with these variables over the test defaults. */
  importer?: Record<string, string>;
  /** Starts mailmerge too, with these variables over the test defaults. */
  mailmerge?: Record<string, string>;
  /** Starts the console service too (build it first: `npm run build`). */
  console?: Record<string, string>;
}

/**
 * Identity and the gateway (and, when asked, the importer and mailmerge) in this process, on their
 * own databases, AMQP namespace and Redis prefix.
 */
export async function startStack(overrides: StackOverrides = {}): Promise<Stack> {
  const isolation = new TestIsolation();
  const keys = generateSigningKeys();
  const identityUrl = await isolation.database('identity');
  const logLevel = process.env.SESAME_TEST_LOG_LEVEL ?? 'error';
  // The gateway's address is the public one, which identity's OpenID Connect provider names as its issuer.
  const gatewayPort = await freePort();
  const publicUrl = `http://127.0.0.1:${gatewayPort}`;
  const shared = {
    PORT: '0',
    ...isolation.serviceEnv,
    LOG_LEVEL: logLevel,
  };
  const env: Stack['env'] = {
    identity: {
      ...shared,
      DATABASE_URL: identityUrl,
      JWT_PRIVATE_KEY: keys.privateKey,
      OIDC_SIGNING_KEYS: generateOidcSigningKey(),
      PUBLIC_URL: publicUrl,
      SESAME_MANAGER_USERNAME: MANAGER.username,
      SESAME_MANAGER_PASSWORD: MANAGER.password,
      // Cheap hashing keeps the suite fast; the benchmarks measure the production parameters.
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      OUTBOX_INTERVAL_MS: '100',
      ...overrides.identity,
    },
    gateway: {
      ...shared,
      PORT: String(gatewayPort),
      PUBLIC_URL: publicUrl,
      JWT_PUBLIC_KEY: keys.publicKey,
      RPC_TIMEOUT_MS: '5000',
    },
  };
  const identity = await startIdentity(loadIdentityConfig(env.identity));
  env.gateway.IDENTITY_URL = `http://127.0.0.1:${portOf(identity)}`;
  let importer: INestApplication | undefined;
  let mailmerge: INestApplication | undefined;
  if (overrides.importer) {
    env.importer = { ...shared, DATABASE_URL: await isolation.database('importer'), ...overrides.importer };
    importer = await startImporter(loadImporterConfig(env.importer));
    env.gateway.IMPORTER_URL = `http://127.0.0.1:${portOf(importer)}`;
  }
  if (overrides.mailmerge) {
    env.mailmerge = { ...shared, DATABASE_URL: await isolation.database('mailmerge'), ...overrides.mailmerge };
    mailmerge = await startMailmerge(loadMailmergeConfig(env.mailmerge));
    env.gateway.MAILMERGE_URL = `http://127.0.0.1:${portOf(mailmerge)}`;
  }
  let consoleApp: INestApplication | undefined;
  if (overrides.console) {
    consoleApp = await startConsole(loadConsoleConfig({ PORT: '0', LOG_LEVEL: logLevel, ...overrides.console }));
    env.gateway.CONSOLE_URL = `http://127.0.0.1:${portOf(consoleApp)}`;
  }
  const gateway = await startGateway(loadGatewayConfig({ ...env.gateway, ...overrides.gateway }));
  const address = gateway.getHttpServer().address() as { port: number };
  const identityDb = createDatabase<Database>({ url: identityUrl, max: 2 });
  const stack: Stack = {
    api: new Api(`http://127.0.0.1:${address.port}`),
    isolation,
    identity,
    gateway,
    importer,
    mailmerge,
    console: consoleApp,
    identityDb,
    env,
    // The services the stack holds now: a test may have replaced one (a restart), and that one must stop too.
    async close() {
      await stack.gateway.close();
      await stack.importer?.close();
      await stack.mailmerge?.close();
      await stack.console?.close();
      await stack.identity.close();
      await identityDb.destroy();
      await isolation.cleanup();
    },
  };
  return stack;
}

function portOf(app: INestApplication): number {
  return (app.getHttpServer().address() as { port: number }).port;
}
