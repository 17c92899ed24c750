import { Kysely, sql } from 'kysely';

/**
 * The leavers' calendar (issue 16). `lifecycle_policies` holds, per member profile, the delays from
 * a departure to deactivation, pre-deletion and deletion (libs/account-rules lifecycle.rules: at
 * most 89 days together). `accounts.left_at` is the departure: the scheduled lifecycle run moves the
 * account through the steps on their dates, and a return clears it.
 *
 * The defaults lie inside the legal limit: 15 days of toleration, then 30 deactivated, then 30
 * pre-deleted (75 days from departure to deletion).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE lifecycle_policies (
      profile text PRIMARY KEY CHECK (profile IN ('student', 'relative', 'teacher', 'personnel', 'guest')),
      toleration_days integer NOT NULL CHECK (toleration_days >= 0),
      deactivation_days integer NOT NULL CHECK (deactivation_days >= 0),
      pre_deletion_days integer NOT NULL CHECK (pre_deletion_days >= 0),
      CONSTRAINT lifecycle_policies_legal_limit CHECK (toleration_days + deactivation_days + pre_deletion_days <= 89),
      updated_at timestamptz,
      updated_by uuid
    );
    INSERT INTO lifecycle_policies (profile, toleration_days, deactivation_days, pre_deletion_days)
    SELECT p, 15, 30, 30 FROM unnest(ARRAY['student', 'relative', 'teacher', 'personnel', 'guest']) AS p;

    ALTER TABLE accounts ADD COLUMN left_at timestamptz;
    -- The lifecycle run's work list: only leavers are in it.
    CREATE INDEX accounts_leavers ON accounts (left_at) WHERE left_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX accounts_leavers; ALTER TABLE accounts DROP COLUMN left_at; DROP TABLE lifecycle_policies`.execute(db);
}
