import { Kysely, sql } from 'kysely';

/**
 * The leavers' notices (issue 16). Each profile's policy gets `notice_days`: how many days before
 * deactivation, and before deletion, the leaver is emailed (where there is an address).
 * `lifecycle_notices` is the distribution log of those emails: one row per account, kind and date
 * announced, written by the lifecycle run when it queues the notice (so it is queued once across
 * replicas and runs), completed when mailmerge reports it sent or refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE lifecycle_policies ADD COLUMN notice_days integer NOT NULL DEFAULT 7 CHECK (notice_days BETWEEN 0 AND 30);

    CREATE TABLE lifecycle_notices (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('deactivation', 'deletion')),
      due_on timestamptz NOT NULL,
      queued_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      outcome text CHECK (outcome IN ('sent', 'refused')),
      PRIMARY KEY (account_id, kind, due_on)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE lifecycle_notices; ALTER TABLE lifecycle_policies DROP COLUMN notice_days`.execute(db);
}
