import { availableParallelism } from 'node:os';
import { BREACHED_PASSWORDS_ENV, env, loadConfig, tlsEnv } from '@sesame/config';
import { z } from 'zod';

export const ImporterConfigSchema = z.object({
  PORT: env.port(3002),
  DATABASE_URL: env.databaseUrl('sesame_importer'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  ...tlsEnv.amqp(),
  ...tlsEnv.redis(),
  LOG_LEVEL: env.logLevel(),
  RPC_PREFETCH: env.integer(16, 'RPC requests handled at once per replica'),
  RPC_TIMEOUT_MS: env.milliseconds(10_000, 'Milliseconds a call to identity may take (checks, staging) before it is retried'),
  IMPORT_COMMIT_TIMEOUT_MS: env.milliseconds(300_000, 'Milliseconds identity may take to create every account of an import in its one transaction'),
  UPLOAD_TIMEOUT_SECONDS: env.integer(1800, 'Seconds an upload may take to arrive whole: the importer hashes its passwords while it streams (about 140 a second on two cores), so a file of 20,000 staff takes minutes (Node allows 300 s by default)'),
  IMPORT_MAX_BYTES: env.integer(50 * 1024 * 1024, 'Largest CSV file accepted, in bytes (larger ones get 413)'),
  IMPORT_RETENTION_DAYS: env.integer(7, 'Days the rows of an upload (cells, password hashes, errors) are kept; the history stays'),
  IMPORT_PURGE_INTERVAL_MS: env.milliseconds(3_600_000, 'Milliseconds between two runs of the job that deletes expired upload rows'),
  IMPORT_STALLED_AFTER_MS: env.milliseconds(900_000, 'Milliseconds an import may stay validating or importing without progress before the janitor fails it (its replica or its job was lost); more than IMPORT_COMMIT_TIMEOUT_MS and RPC_TIMEOUT_MS, the longest silences of a living one'),
  IMPORT_STALLED_CHECK_INTERVAL_MS: env.milliseconds(60_000, 'Milliseconds between two runs of the job that fails stalled imports'),
  IMPORT_CHUNK_ROWS: env.integer(2_000, 'Rows per staging command sent to identity during an import (at most 10,000)'),
  IMPORT_HASH_THREADS: env.integer(availableParallelism(), 'Worker threads hashing the passwords of an upload (default: one per core)'),
  ARGON2_MEMORY_KIB: env.integer(19_456, 'argon2id memory cost in KiB (the same as identity’s)', 1024),
  ARGON2_ITERATIONS: env.integer(2, 'argon2id time cost (the same as identity’s)'),
  FEED_DIR: z
    .string()
    .regex(/^\//, { message: 'must be an absolute path' })
    .default('/var/lib/sesame/feeds')
    .meta({ description: 'Directory where uploaded feed files wait until they are read, on a volume every importer replica mounts (the replica that receives an upload is not always the one that reads it); one folder per feed, files mode 0600, deleted once read' }),
  FEED_MAX_BYTES: env.integer(2 * 1024 * 1024 * 1024, 'Largest feed upload accepted (all its files together), in bytes (larger ones get 413)'),
  FEED_CHUNK_RECORDS: env.integer(2_000, 'Records per staging command sent to identity while a feed is read (at most 5,000)'),
  FEED_FILES_MAX_AGE_MS: env.milliseconds(86_400_000, 'Milliseconds after which the purge deletes a feed folder still in FEED_DIR (a read that never ended)'),
  FEED_PURGE_INTERVAL_MS: env.milliseconds(3_600_000, 'Milliseconds between two runs of the job that deletes leftover feed folders'),
  OUTBOX_INTERVAL_MS: env.milliseconds(500, 'Milliseconds between two looks at the outbox when idle'),
  // The importer checks the passwords of uploads itself: identity only ever sees their hashes.
  ...BREACHED_PASSWORDS_ENV,
}).superRefine((config, context) => {
  // A living import is silent at most while one call to identity runs: a shorter limit would fail it.
  const longest = Math.max(config.IMPORT_COMMIT_TIMEOUT_MS, config.RPC_TIMEOUT_MS);
  if (config.FEED_CHUNK_RECORDS > 5_000) {
    context.addIssue({ code: 'custom', path: ['FEED_CHUNK_RECORDS'], message: 'must be at most 5000 (identity refuses larger chunks)' });
  }
  if (config.IMPORT_STALLED_AFTER_MS <= longest) {
    context.addIssue({ code: 'custom', path: ['IMPORT_STALLED_AFTER_MS'], message: `must be more than IMPORT_COMMIT_TIMEOUT_MS and RPC_TIMEOUT_MS (${longest})` });
  }
});

export type ImporterConfig = z.output<typeof ImporterConfigSchema>;
export const IMPORTER_CONFIG = Symbol('IMPORTER_CONFIG');

export function loadImporterConfig(source: NodeJS.ProcessEnv = process.env): ImporterConfig {
  return loadConfig(ImporterConfigSchema, source);
}
