import { BREACHED_PASSWORDS_ENV, env, loadConfig } from '@sesame/config';
import { z } from 'zod';

export const IdentityConfigSchema = z.object({
  PORT: env.port(3001),
  DATABASE_URL: env.databaseUrl('sesame_identity'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  RPC_PREFETCH: env.integer(16, 'RPC requests handled at once per replica'),
  LOG_LEVEL: env.logLevel(),
  JWT_PRIVATE_KEY: z
    .string()
    .includes('PRIVATE KEY', { message: 'must be a PEM-encoded Ed25519 private key' })
    .meta({ description: 'PEM Ed25519 private key that signs access tokens', secret: true }),
  JWT_PREVIOUS_PUBLIC_KEYS: z
    .string()
    .optional()
    .meta({ description: 'PEM public keys still accepted during a key rotation (concatenated)' }),
  ACCESS_TOKEN_TTL: env.integer(28_800, 'Lifetime of an access token, in seconds'),
  ARGON2_MEMORY_KIB: env.integer(19_456, 'argon2id memory cost in KiB', 1024),
  ARGON2_ITERATIONS: env.integer(2, 'argon2id time cost (iterations)'),
  SESAME_MANAGER_USERNAME: z
    .string()
    .min(1)
    .default('manager')
    .meta({ description: 'Username of the manager created at first start' }),
  SESAME_MANAGER_PASSWORD: z
    .string()
    .optional()
    .meta({ description: 'Password of the manager created at first start; generated and printed once when unset', secret: true }),
  SESAME_MANAGER_EMAIL: z
    .email()
    .optional()
    .meta({ description: 'Email of the manager created at first start' }),
  ACTIVATION_CODE_TTL_DAYS: env.integer(90, 'Days an activation code stays valid'),
  PRE_DELETION_GRACE_DAYS: env.integer(30, 'Days a pre-deleted account can be restored before it is deleted'),
  PURGE_INTERVAL_MS: env.milliseconds(900_000, 'Milliseconds between two runs of the job that deletes expired pre-deleted accounts'),
  TALLY_FOLD_INTERVAL_MS: env.milliseconds(10_000, 'Milliseconds between two foldings of the ledger the académie-wide counts are summed from'),
  ENROLMENT_PREFETCH: env.integer(2000, 'Enrolment events handed to the consuming replica at once'),
  ENROLMENT_BATCH_SIZE: env.integer(1000, 'Enrolment events applied per transaction (at most)'),
  OUTBOX_INTERVAL_MS: env.milliseconds(500, 'Milliseconds between two looks at the outbox when idle'),
  ...BREACHED_PASSWORDS_ENV,
});

export type IdentityConfig = z.output<typeof IdentityConfigSchema>;

export function loadIdentityConfig(source: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return loadConfig(IdentityConfigSchema, source);
}

/** Nest injection token of the validated configuration. */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
