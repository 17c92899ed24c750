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
