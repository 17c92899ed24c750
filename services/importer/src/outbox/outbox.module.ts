import { OutboxModule as ServiceOutbox } from '@sesame/outbox';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { DB, Db } from '../database/database.module';

export { OutboxService } from '@sesame/outbox';

/** The relay that publishes the importer's recorded events to `sesame.events`. */
export const OutboxModule = ServiceOutbox.register({
  inject: [DB, IMPORTER_CONFIG],
  useFactory: (db: Db, config: ImporterConfig) => ({ db, intervalMs: config.OUTBOX_INTERVAL_MS }),
});
