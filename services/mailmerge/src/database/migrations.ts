import { outboxMigration } from '@sesame/outbox';
import { Kysely, Migration, sql } from 'kysely';
import { campaignsMigration } from './campaigns.migration';

/** Events already acted upon, so that a redelivered one does not send its email twice. No content. */
const processedEventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE processed_events (
        event_id uuid PRIMARY KEY,
        event_type text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'refused', 'expired')),
        processed_at timestamptz NOT NULL DEFAULT now()
      )
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE processed_events`.execute(db);
  },
};

/** Every migration of mailmerge, in order. Names are recorded in the database: never rename one. */
export const mailmergeMigrations: Record<string, Migration> = {
  '0001-outbox': outboxMigration,
  '0002-processed-events': processedEventsMigration,
  '0003-campaigns': campaignsMigration,
};
