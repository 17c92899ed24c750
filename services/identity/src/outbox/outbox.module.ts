import { OutboxModule as ServiceOutbox } from '@sesame/outbox';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { DB, Db } from '../database/database.module';

export { OutboxService } from '@sesame/outbox';

/** The relay that publishes identity's recorded events to `sesame.events`. */
export const OutboxModule = ServiceOutbox.register({
  inject: [DB, IDENTITY_CONFIG],
  useFactory: (db: Db, config: IdentityConfig) => ({ db, intervalMs: config.OUTBOX_INTERVAL_MS }),
});
