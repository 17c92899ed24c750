import { env, loadConfig } from '@sesame/config';
import { z } from 'zod';

export const ImporterConfigSchema = z.object({
  PORT: env.port(3002),
  DATABASE_URL: env.databaseUrl('sesame_importer'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  LOG_LEVEL: env.logLevel(),
});

export type ImporterConfig = z.output<typeof ImporterConfigSchema>;
export const IMPORTER_CONFIG = Symbol('IMPORTER_CONFIG');

export function loadImporterConfig(source: NodeJS.ProcessEnv = process.env): ImporterConfig {
  return loadConfig(ImporterConfigSchema, source);
}
