import { env, loadConfig } from '@sesame/config';
import { z } from 'zod';

export const MailmergeConfigSchema = z.object({
  PORT: env.port(3003),
  DATABASE_URL: env.databaseUrl('sesame_mailmerge'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  LOG_LEVEL: env.logLevel(),
});

export type MailmergeConfig = z.output<typeof MailmergeConfigSchema>;
export const MAILMERGE_CONFIG = Symbol('MAILMERGE_CONFIG');

export function loadMailmergeConfig(source: NodeJS.ProcessEnv = process.env): MailmergeConfig {
  return loadConfig(MailmergeConfigSchema, source);
}
