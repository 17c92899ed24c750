import { z } from 'zod';

/** Builders for the variables most services share, so each is described the same way everywhere. */
export const env = {
  port: (fallback: number) =>
    z.coerce.number().int().min(0).max(65535).default(fallback).meta({ description: 'HTTP port of the service (0: any free port)' }),
  databaseUrl: (database: string) =>
    z
      .url({ protocol: /^postgres(ql)?$/ })
      .default(`postgres://postgres@127.0.0.1:5432/${database}`)
      .meta({ description: 'PostgreSQL connection URL of the service database', secret: true }),
  amqpUrl: () =>
    z
      .url({ protocol: /^amqps?$/ })
      .default('amqp://guest:guest@127.0.0.1:5672')
      .meta({ description: 'RabbitMQ connection URL', secret: true }),
  amqpNamespace: () =>
    z
      .string()
      .regex(/^[a-z0-9-]*$/, 'lower-case letters, digits and dashes only')
      .default('')
      .meta({ description: 'Prefix of every exchange and queue name (several deployments on one broker)' }),
  redisUrl: () =>
    z
      .url({ protocol: /^rediss?$/ })
      .default('redis://127.0.0.1:6379')
      .meta({ description: 'Redis connection URL', secret: true }),
  redisPrefix: () =>
    z.string().min(1).default('sesame').meta({ description: 'Prefix of every Redis key' }),
  logLevel: () =>
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .meta({ description: 'Minimum level of the JSON logs' }),
  milliseconds: (fallback: number, description: string) =>
    z.coerce.number().int().min(1).default(fallback).meta({ description }),
  integer: (fallback: number, description: string, min = 1) =>
    z.coerce.number().int().min(min).default(fallback).meta({ description }),
  boolean: (fallback: boolean, description: string) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1')
      .meta({ description }),
};

/**
 * The breached-password check (issue 12), read the same by identity and the importer: off unless the
 * operator names a k-anonymity range service.
 */
export const BREACHED_PASSWORDS_ENV = {
  PWNED_PASSWORDS_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({
      description:
        'Range API of a breached-password service (k-anonymity, as HIBP Pwned Passwords: https://api.pwnedpasswords.com/range/); the first 5 hexadecimal characters of the password’s SHA-1 are appended. Unset: no such check (the shipped list still applies)',
    }),
  PWNED_PASSWORDS_TIMEOUT_MS: env.milliseconds(2_000, 'Milliseconds the breached-password service may take to answer'),
  PWNED_PASSWORDS_UNAVAILABLE: z
    .enum(['accept', 'refuse'])
    .default('accept')
    .meta({
      description:
        'When the breached-password service does not answer in time: accept the password (checked against the shipped list only; a third party’s outage does not stop activations) or refuse it (503, try again)',
    }),
};
