import { DATABASE } from '@sesame/database';
import { OutboxModule as ServiceOutbox } from '@sesame/outbox';
import type { Kysely } from 'kysely';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';

export { OutboxService } from '@sesame/outbox';

/** The relay that publishes mailmerge's recorded events (distributions) to `sesame.events`. */
export const OutboxModule = ServiceOutbox.register({
  inject: [DATABASE, MAILMERGE_CONFIG],
  useFactory: (db: Kysely<unknown>, config: MailmergeConfig) => ({ db, intervalMs: config.OUTBOX_INTERVAL_MS }),
});
