import { Kysely, sql } from 'kysely';

/**
 * Undo of a confirmed CSV import or an applied feed (issue 16). At apply time, in the apply's
 * transaction, `undo_operations` records who confirmed, when, and the classes it created;
 * `undo_records` each account it created, or changed with the account as it was before (its
 * fields, school memberships, classes and relative links), so that an undo restores it exactly.
 *
 * The records hold people's former data: they go with a deleted account, and with the whole
 * operation's after UNDO_RETENTION_DAYS (maintenance/purge.service).
 *
 * "Edited since" is judged from the audit log (administrators' changes are audited, SPEC §3), with
 * `after_updated_at` as a second witness for the writes that audit nothing (the enrolment stream):
 * accounts.updated_at has no trigger, but each write path sets it (undo.repository.ts says which
 * writes are not edits).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE undo_operations (
      operation_id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('import', 'feed')),
      actor_id uuid NOT NULL,
      applied_at timestamptz NOT NULL,
      classes_created uuid[] NOT NULL DEFAULT '{}',
      undone_at timestamptz,
      undone_by uuid,
      partial boolean NOT NULL DEFAULT false,
      -- Past UNDO_RETENTION_DAYS its records are deleted (they hold people's former data): no undo then.
      expired_at timestamptz
    );

    CREATE TABLE undo_records (
      operation_id uuid NOT NULL REFERENCES undo_operations (operation_id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('import', 'feed')),
      -- A deleted account's former state goes with it (the legal calendar's deletion is a deletion).
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      change text NOT NULL CHECK (change IN ('created', 'changed')),
      before jsonb,
      after_updated_at timestamptz,
      PRIMARY KEY (operation_id, account_id),
      CONSTRAINT undo_records_before_of_changed CHECK ((change = 'changed') = (before IS NOT NULL))
    );
    CREATE INDEX undo_records_account ON undo_records (account_id);
    CREATE INDEX undo_operations_to_expire ON undo_operations (applied_at) WHERE expired_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE undo_records, undo_operations`.execute(db);
}
