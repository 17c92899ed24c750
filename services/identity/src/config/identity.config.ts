import { MAX_ACCESS_TOKEN_TTL_SECONDS, SEAL_KEY_FORMAT, fieldKeySchema, parseSealKey, previousFieldKeysSchema } from '@sesame/auth';
import { BREACHED_PASSWORDS_ENV, env, loadConfig, tlsEnv } from '@sesame/config';
import { z } from 'zod';

export const IdentityConfigSchema = z.object({
  PORT: env.port(3001),
  DATABASE_URL: env.databaseUrl('sesame_identity'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  ...tlsEnv.amqp(),
  ...tlsEnv.redis(),
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
  MAIL_SEAL_KEY: z
    .string()
    .refine((value) => parseSealKey(value) !== null, `must be ${SEAL_KEY_FORMAT}`)
    .meta({
      description: 'Key that seals reset tokens for mailmerge (the same as mailmerge’s MAIL_SEAL_KEY): only the two services can read them on the bus',
      secret: true,
    }),
  ACCESS_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(MAX_ACCESS_TOKEN_TTL_SECONDS)
    .default(28_800)
    .meta({ description: `Lifetime of an access token, in seconds (at most ${MAX_ACCESS_TOKEN_TTL_SECONDS}: the gateway refuses longer-lived tokens)` }),
  DELEGATION_TTL: env.integer(
    7_200,
    'Lifetime, in seconds, of the delegation a background job carries instead of a token (checking or committing one import, freezing one campaign’s selection): long enough for the job to wait in its queue and run, after which it fails as a session that ended',
  ),
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
  LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS: env.integer(10, 'Failed logins (or activation attempts) for one username from one address in an hour before a pause'),
  LOGIN_MAX_FAILURES_PER_ADDRESS: env.integer(100, 'Failed logins (or activation attempts) from one address, any username, in an hour before a pause'),
  LOGIN_MAX_FAILURES_PER_USER: env.integer(50, 'Failed logins (or activation attempts) for one username from addresses it never signed in from, in an hour before a pause'),
  LOGIN_BLOCK_SECONDS: env.integer(900, 'Seconds a paused login (or activation) stays refused'),
  ACTIVATION_CODE_KEY: fieldKeySchema('Key (32 random bytes in base64) that encrypts activation codes in the database'),
  ACTIVATION_CODE_PREVIOUS_KEYS: previousFieldKeysSchema('Keys that encrypted activation codes before a rotation, still read until every code is encrypted again (comma-separated)'),
  ACTIVATION_CODE_TTL_DAYS: env.integer(90, 'Days an activation code stays valid'),
  PRE_DELETION_GRACE_DAYS: env.integer(30, 'Days a pre-deleted account can be restored before it is deleted'),
  PURGE_INTERVAL_MS: env.milliseconds(900_000, 'Milliseconds between two runs of the job that deletes expired pre-deleted accounts'),
  UNDO_RETENTION_DAYS: env.integer(30, 'Days a confirmed import or feed can be undone: past them its records of the accounts as they were are deleted'),
  LIFECYCLE_INTERVAL_MS: env.milliseconds(3_600_000, 'Milliseconds between two runs of the job that moves leavers through deactivation and pre-deletion on their dates'),
  TALLY_FOLD_INTERVAL_MS: env.milliseconds(10_000, 'Milliseconds between two foldings of the ledger the académie-wide counts are summed from'),
  ENROLMENT_PUBLISHERS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((user) => user.trim()).filter(Boolean))
    .meta({
      description:
        'Broker users the enrolment events are taken from (comma-separated): each message must carry one of them as its AMQP user-id, which RabbitMQ checks against the publisher’s login, so no other service’s user can forge one; empty: any user of the vhost (a laptop)',
    }),
  ENROLMENT_PREFETCH: env.integer(2000, 'Enrolment events handed to the consuming replica at once'),
  ENROLMENT_BATCH_SIZE: env.integer(1000, 'Enrolment events applied per transaction (at most)'),
  FEED_MAX_LEAVERS_PERCENT: z.coerce
    .number()
    .min(0)
    .max(100)
    .default(5)
    .meta({ description: 'Share of a school’s accounts (in percent) a feed may turn into leavers before the school is held: its apply then needs a second confirmation with a reason' }),
  FEED_LINK_LEGAL_2: env.boolean(false, 'Whether a feed links a relative whose link says légal = 2 (AAF, SIECLE); légal = 1 always links'),
  OUTBOX_INTERVAL_MS: env.milliseconds(500, 'Milliseconds between two looks at the outbox when idle'),
  PUBLIC_URL: z
    .url()
    .default('http://localhost:3000')
    .transform((url) => url.replace(/\/+$/, ''))
    .meta({ description: 'Address users reach Sesame at (the gateway): the OpenID Connect issuer is this address followed by /oidc' }),
  OIDC_SIGNING_KEYS: z
    .string()
    .includes('PRIVATE KEY', { message: 'must hold one or more PEM-encoded RSA private keys' })
    .meta({
      description:
        'PEM RSA private keys (2048 bits or more) that sign ID tokens and logout tokens (RS256): the current one first, then those being rotated out, which the JWKS keeps publishing',
      secret: true,
    }),
  OIDC_ACCESS_TOKEN_TTL: env.integer(600, 'Lifetime, in seconds, of an access token the OpenID Connect provider issues'),
  OIDC_REFRESH_TOKEN_TTL: env.integer(1_209_600, 'Lifetime, in seconds, of a refresh token (each use gives a new one and ends the old one)'),
  OIDC_SESSION_TTL: env.integer(28_800, 'Lifetime, in seconds, of a sign-in session at the provider (one sign-in for every tool until then)'),
  OIDC_REVOCATION_INTERVAL_MS: env.milliseconds(2_000, 'Milliseconds between two looks for accounts whose provider sessions must end (deactivated, pre-deleted, deleted, a new password): their tokens end and their tools get a back-channel logout'),
  OIDC_TRUST_PROXY: z
    .string()
    .default('loopback, linklocal, uniquelocal')
    .meta({ description: 'Proxies (the gateway) whose X-Forwarded-For gives the client address of the sign-in pages, which logins are throttled by (Express syntax)' }),
  ACADEMIE_NAME: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .default('Académie')
    .meta({ description: 'The académie’s name, as SCIM (enterprise organization) and OneRoster (the district org) give it to the tools' }),
  ONEROSTER_MAX_LIMIT: env.integer(10_000, 'Most records one OneRoster page holds (limit is lowered to it)'),
  SCIM_PUSH_MAX_ATTEMPTS: env.integer(12, 'Tries of one change at a SCIM target that cannot be reached or fails (5xx, 429) before it is dead-lettered (about 4 minutes with the default backoff)'),
  SCIM_PUSH_MAX_BACKOFF_MS: env.milliseconds(30_000, 'Longest wait between two tries of a change at a SCIM target (the wait doubles from one second)'),
  SCIM_PUSH_SYNC_INTERVAL_MS: env.milliseconds(10_000, 'Milliseconds between two looks at the registered SCIM targets: each replica consumes the queue of every enabled target (one at a time per target)'),
  SCIM_MAX_RESULTS: env.integer(1_000, 'Most resources one SCIM list answer holds (count is lowered to it, RFC 7644 §3.4.2.4)'),
  ...BREACHED_PASSWORDS_ENV,
});

export type IdentityConfig = z.output<typeof IdentityConfigSchema>;

export function loadIdentityConfig(source: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return loadConfig(IdentityConfigSchema, source);
}

/** Nest injection token of the validated configuration. */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
