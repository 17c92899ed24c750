import { env, loadConfig } from '@sesame/config';
import { z } from 'zod';
import { parseMailbox } from '../mail/mailbox.rules';

export const MailmergeConfigSchema = z.object({
  PORT: env.port(3003),
  DATABASE_URL: env.databaseUrl('sesame_mailmerge'),
  DATABASE_POOL_SIZE: env.integer(10, 'Connections to PostgreSQL per replica'),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  REDIS_URL: env.redisUrl(),
  REDIS_PREFIX: env.redisPrefix(),
  LOG_LEVEL: env.logLevel(),
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
});

export type MailmergeConfig = z.output<typeof MailmergeConfigSchema>;
export const MAILMERGE_CONFIG = Symbol('MAILMERGE_CONFIG');

export function loadMailmergeConfig(source: NodeJS.ProcessEnv = process.env): MailmergeConfig {
  return loadConfig(MailmergeConfigSchema, source);
}
