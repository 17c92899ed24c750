import { SEAL_KEY_FORMAT, fieldKeySchema, parseSealKey, parseSealKeys, previousFieldKeysSchema } from '@sesame/auth';
import { env, loadConfig, tlsEnv } from '@sesame/config';
import { z } from 'zod';
import { parseMailbox } from '../mailbox/mailbox.rules';

export const MailmergeConfigSchema = z.object({
  PORT: env.port(3003),
  DATABASE_URL: env.databaseUrl('sesame_mailmerge'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  ...tlsEnv.amqp(),
  ...tlsEnv.redis(),
  LOG_LEVEL: env.logLevel(),
  MAIL_SEAL_KEY: z
    .string()
    .refine((value) => parseSealKey(value) !== null, `must be ${SEAL_KEY_FORMAT}`)
    .meta({ description: 'Key that opens the reset tokens identity seals (the same as identity’s MAIL_SEAL_KEY)', secret: true }),
  MAIL_SEAL_PREVIOUS_KEYS: z
    .string()
    .refine((value) => parseSealKeys(value) !== null, `must be a comma-separated list of ${SEAL_KEY_FORMAT}`)
    .optional()
    .meta({ description: 'Keys identity sealed with before a rotation, still accepted (comma-separated); drop them once the queue holds no older event', secret: true }),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:3000')
    .meta({ description: 'Address users reach Sesame at (links in emails and letters)' }),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .meta({
      description: 'SMTP server, smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS); unset: emails are written to MAIL_OUTBOX_DIR',
      secret: true,
    }),
  SMTP_TIMEOUT_MS: env.milliseconds(15_000, 'Milliseconds to wait for the SMTP server (connection, greeting, each reply)'),
  MAIL_FROM: z
    .string()
    .default('Sesame <ne-pas-repondre@sesame.local>')
    .refine((value) => parseMailbox(value) !== null, 'must be one mailbox: "Name <address>" or an address')
    .meta({ description: 'Sender of every email' }),
  MAIL_OUTBOX_DIR: z
    .string()
    .min(1)
    .default('.sesame/mail-outbox')
    .meta({ description: 'Folder (relative to the working directory) where emails are written as .eml files when SMTP_URL is unset' }),
  CAMPAIGN_CODE_KEY: fieldKeySchema('Key (32 random bytes in base64) that encrypts the activation codes a campaign keeps for its letters and emails'),
  CAMPAIGN_CODE_PREVIOUS_KEYS: previousFieldKeysSchema('Keys that encrypted campaign activation codes before a rotation, still read until every code is encrypted again (comma-separated)'),
  RPC_PREFETCH: env.integer(16, 'RPC requests handled at once per replica'),
  RPC_TIMEOUT_MS: env.milliseconds(10_000, 'Milliseconds a call to identity may take before it counts as failed'),
  OUTBOX_INTERVAL_MS: env.milliseconds(500, 'Milliseconds between two looks at the outbox when idle'),
  DOCUMENTS_DIR: z
    .string()
    .min(1)
    .default('.sesame/documents')
    .meta({ description: 'Folder (relative to the working directory) where campaign PDFs are written; a volume shared by the replicas' }),
  DOCUMENT_RETENTION_DAYS: env.integer(
    90,
    'Days a letter campaign’s PDF is kept after it was written (it carries activation codes, which expire after 90 days by default); the campaign stays in the history',
    1,
  ),
  DOCUMENT_PURGE_INTERVAL_MS: env.milliseconds(3_600_000, 'Milliseconds between two looks for documents past their retention delay'),
  PDF_RENDER_HEAP_MB: env.integer(64, 'Heap (MiB) of the thread that draws PDF letters: its memory does not grow with the number of letters', 32),
  DISTRIBUTION_PAGE_SIZE: env.integer(2000, 'Accounts read from identity per call when a campaign freezes its selection (at most 5000)'),
  DISTRIBUTION_RANGES: env.integer(2, 'Ranges of account ids a campaign freezing its selection reads from identity side by side (identity’s query is the cost of a freeze: one PostgreSQL connection a range)'),
  CAMPAIGN_JOB_CONCURRENCY: env.integer(2, 'Campaigns prepared or rendered at once per replica'),
  CAMPAIGN_JOB_LOCK_MS: env.milliseconds(30_000, 'Milliseconds after which a job whose replica stopped answering is handed to another one'),
  CAMPAIGN_EMAILS_PER_SECOND: z.coerce
    .number()
    .positive()
    .max(10_000)
    .default(20)
    .meta({ description: 'Campaign emails (and test emails) sent per second, all replicas together, in every sliding second as the SMTP server sees them (the limit is kept in Redis)' }),
  CAMPAIGN_EMAIL_CONCURRENCY: env.integer(8, 'Campaign emails on their way at once per replica (enough to reach the rate with a slow server)'),
  CAMPAIGN_EMAIL_ATTEMPTS: env.integer(8, 'Attempts of a campaign email whose failures are transient (4xx, timeouts, refused connections)'),
  CAMPAIGN_EMAIL_BACKOFF_MS: env.milliseconds(5_000, 'Delay before the second attempt of a campaign email; doubled at each further one'),
});

export type MailmergeConfig = z.output<typeof MailmergeConfigSchema>;
export const MAILMERGE_CONFIG = Symbol('MAILMERGE_CONFIG');

export function loadMailmergeConfig(source: NodeJS.ProcessEnv = process.env): MailmergeConfig {
  return loadConfig(MailmergeConfigSchema, source);
}
