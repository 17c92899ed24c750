import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { SealKeyring, parseSealKey } from '@sesame/auth';
import {
  DEAD_LETTER_REASON_HEADER,
  EXCHANGES,
  EventEnvelope,
  IdentityEvents,
  QUEUES,
  deadLetterQueueOf,
  namespaced,
  resetTokenSealContext,
} from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import { ChannelModel, ConfirmChannel, connect } from 'amqplib';
import type { Kysely } from 'kysely';
import { startMailmerge } from '../../src/app';
import { loadMailmergeConfig } from '../../src/config/mailmerge.config';
import type { MailmergeDatabase } from '../../src/database/schema';

export const PUBLIC_URL = 'https://sesame.ac-test.fr';

export interface MailmergeUnderTest {
  app: INestApplication;
  /** Mailmerge's own database, to read processed_events. */
  db: Kysely<MailmergeDatabase>;
  /** Seals with mailmerge's current MAIL_SEAL_KEY, as identity does. */
  seals: SealKeyring;
  /** A reset request as identity publishes it, its token sealed with the current key. */
  resetRequested(data?: Partial<Record<string, unknown>>, sealedFor?: Partial<ResetMailbox>): Promise<ResetRequested>;
  /** Publishes to the namespaced sesame.events exchange, routing key = type, as identity's relay does. */
  publish(envelope: EventEnvelope | Buffer, routingKey?: string): Promise<void>;
  /** Takes the messages waiting in the dead-letter queue of QUEUES.mailmergeIdentityEvents. */
  takeDeadLetters(): Promise<Array<{ reason: string; body: string }>>;
  /** Messages waiting in QUEUES.mailmergeIdentityEvents (not counting those a consumer holds). */
  queueDepth(): Promise<number>;
  /** Stops mailmerge as SIGTERM would (app.close), leaving the test's connections and isolation. */
  stopApp(): Promise<void>;
  close(): Promise<void>;
}

/** Mailmerge in this process, on its own database, AMQP namespace and Redis prefix. */
export async function startMailmergeForTest(env: Record<string, string>): Promise<MailmergeUnderTest> {
  const isolation = new TestIsolation();
  const { amqpUrl, redisUrl } = isolation.services;
  const databaseUrl = await isolation.database('mailmerge');
  const config = loadMailmergeConfig({
    PORT: '0',
    DATABASE_URL: databaseUrl,
    AMQP_URL: amqpUrl,
    AMQP_NAMESPACE: isolation.namespace,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: isolation.redisPrefix,
    LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_URL,
    MAIL_FROM: 'Sesame Académie <ne-pas-repondre@ac-test.fr>',
    MAIL_SEAL_KEY: isolation.mailSealKey,
    CAMPAIGN_CODE_KEY: isolation.codeKeys.CAMPAIGN_CODE_KEY,
    ...env,
  });
  const app = await startMailmerge(config);
  const seals = new SealKeyring(parseSealKey(config.MAIL_SEAL_KEY)!);
  const db = createDatabase<MailmergeDatabase>({ url: databaseUrl, max: 2 });
  const connection: ChannelModel = await connect(amqpUrl);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  let stopped: Promise<void> | undefined;
  const stopApp = () => (stopped ??= app.close());
  return {
    app,
    db,
    seals,
    resetRequested: (data, sealedFor) => resetRequested(seals, data, sealedFor),
    async publish(envelope, routingKey) {
      const body = Buffer.isBuffer(envelope) ? envelope : Buffer.from(JSON.stringify(envelope));
      const key = routingKey ?? (Buffer.isBuffer(envelope) ? IdentityEvents.userPasswordResetRequested.type : envelope.type);
      channel.publish(namespaced(isolation.namespace, EXCHANGES.events), key, body, {
        persistent: true,
        contentType: 'application/json',
        messageId: Buffer.isBuffer(envelope) ? undefined : envelope.id,
        mandatory: true,
      });
      await channel.waitForConfirms();
    },
    async takeDeadLetters() {
      const taken: Array<{ reason: string; body: string }> = [];
      for (;;) {
        const message = await channel.get(namespaced(isolation.namespace, deadLetterQueueOf(QUEUES.mailmergeIdentityEvents)), { noAck: true });
        if (!message) return taken;
        taken.push({ reason: String(message.properties.headers?.[DEAD_LETTER_REASON_HEADER] ?? ''), body: message.content.toString('utf8') });
      }
    },
    async queueDepth() {
      return (await channel.checkQueue(namespaced(isolation.namespace, QUEUES.mailmergeIdentityEvents))).messageCount;
    },
    stopApp,
    async close() {
      await stopApp();
      await db.destroy();
      await connection.close();
      await isolation.cleanup();
    },
  };
}

/** A token like identity's: 32 random bytes, base64 (its `+`, `/` and `=` must be encoded in the link). */
export function resetToken(): string {
  return `${randomBytes(30).toString('base64')}+/=`;
}

const userRef = () => ({
  userId: randomUUID(),
  username: `j.dupont${randomBytes(2).toString('hex')}`,
  role: 'member' as const,
  profile: 'student' as const,
  schoolIds: [randomUUID()],
  actorId: null,
});

export type ResetMailbox = Parameters<typeof resetTokenSealContext>[0];
export interface ResetRequested {
  event: EventEnvelope;
  /** The token in the sealed box: what the link in the email must carry. */
  token: string;
}

/**
 * A reset request as identity publishes it. `data` overrides fields of the event after sealing;
 * `sealedFor` overrides what the box is bound to (a box sealed for another account or address).
 */
export async function resetRequested(
  seals: SealKeyring,
  data: Partial<Record<string, unknown>> = {},
  sealedFor: Partial<ResetMailbox> = {},
): Promise<ResetRequested> {
  const token = resetToken();
  const mailbox = {
    ...userRef(),
    email: `eleve.${randomBytes(3).toString('hex')}@example.org`,
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  };
  const sealedToken = await seals.seal(token, resetTokenSealContext({ ...mailbox, ...sealedFor }));
  const event = {
    id: randomUUID(),
    type: IdentityEvents.userPasswordResetRequested.type,
    version: IdentityEvents.userPasswordResetRequested.version,
    occurredAt: new Date().toISOString(),
    data: { ...mailbox, displayName: 'Jeanne Dupont', locale: 'fr', sealedToken, ...data },
  };
  return { event, token };
}

export function passwordChanged(data: Partial<Record<string, unknown>> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    type: IdentityEvents.userPasswordChanged.type,
    version: IdentityEvents.userPasswordChanged.version,
    occurredAt: new Date().toISOString(),
    data: { ...userRef(), email: `parent.${randomBytes(3).toString('hex')}@example.org`, displayName: 'Karim Benali', locale: 'fr', ...data },
  };
}
