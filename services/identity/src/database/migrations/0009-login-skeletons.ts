import { Kysely, sql } from 'kysely';

/**
 * Look-alike logins (issue 12): each account gets the UTS #39 skeleton of its login (computed by
 * identity, see loginSkeleton, not by PostgreSQL), and one unique index refuses a second login with
 * the same skeleton. Byte order (COLLATE "C"): skeletons are compared, never sorted for people, and
 * the login generators scan a prefix range.
 *
 * Nullable, and filled after the migration by identity's maintenance job (LoginSkeletonsRepository),
 * in batches of short transactions: filling it here would rewrite every account in the migration's
 * one transaction (about 110 s per million accounts measured, the stored generated columns and the
 * trigram index being rewritten too) with writes to accounts waiting the whole time, and the previous
 * version, still running during a rollout, inserts accounts without it. Until an account is filled,
 * new logins are not compared with it.
 *
 * Accounts that already look alike must keep working: the job ranks them 1, 2 … after the first one
 * filled (`username_skeleton_rank`), so the unique index (skeleton, rank) never refuses them. Every
 * login created or renamed by identity takes rank 0 and is checked against every rank first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts ADD COLUMN username_skeleton text COLLATE "C",
                         ADD COLUMN username_skeleton_rank smallint NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX accounts_username_skeleton_key ON accounts (username_skeleton, username_skeleton_rank);
    CREATE INDEX accounts_username_skeleton_missing ON accounts (id) WHERE username_skeleton IS NULL;
    ALTER TABLE import_staging ADD COLUMN username_skeleton text COLLATE "C";
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE import_staging DROP COLUMN username_skeleton;
    ALTER TABLE accounts DROP COLUMN username_skeleton_rank, DROP COLUMN username_skeleton;
  `.execute(db);
}
