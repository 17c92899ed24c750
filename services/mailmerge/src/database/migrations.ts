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

/** When a letter campaign's PDF was deleted after the retention delay (the campaign stays). */
const documentRetentionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      ALTER TABLE campaigns ADD COLUMN document_deleted_at timestamptz;
      CREATE INDEX campaigns_documents_kept ON campaigns (finished_at) WHERE pages IS NOT NULL AND document_deleted_at IS NULL;
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`ALTER TABLE campaigns DROP COLUMN document_deleted_at`.execute(db);
  },
};

/**
 * The launcher's access token is no longer kept: the campaign keeps the delegation identity signs for
 * freezing its selection, and nothing else. Tokens already stored are erased (their campaigns, if
 * still preparing, fail as a session that ended). The emptied `launch_token` column stays for the
 * previous version during a rollout or a rollback (migrations only add); a later release drops it.
 */
const launchDelegationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      ALTER TABLE campaigns ADD COLUMN launch_delegation text;
      UPDATE campaigns SET launch_token = NULL WHERE launch_token IS NOT NULL;
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`ALTER TABLE campaigns DROP COLUMN launch_delegation`.execute(db);
  },
};

/**
 * Issue 14: a campaign keeps its launcher's name (shown instead of the login), and each recipient a
 * relative's children with their classes (the parent's letter names them). Earlier campaigns keep
 * null: their launcher is named by login, their parents' letters name no child.
 */
const authorAndChildrenMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      ALTER TABLE campaigns ADD COLUMN created_by_name text;
      ALTER TABLE campaign_recipients ADD COLUMN children jsonb;
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`
      ALTER TABLE campaigns DROP COLUMN created_by_name;
      ALTER TABLE campaign_recipients DROP COLUMN children;
    `.execute(db);
  },
};

/** Every migration of mailmerge, in order. Names are recorded in the database: never rename one. */
export const mailmergeMigrations: Record<string, Migration> = {
  '0001-outbox': outboxMigration,
  '0002-processed-events': processedEventsMigration,
  '0003-campaigns': campaignsMigration,
  '0004-campaign-document-retention': documentRetentionMigration,
  '0005-campaign-launch-delegation': launchDelegationMigration,
  '0006-campaign-author-and-children': authorAndChildrenMigration,
};
