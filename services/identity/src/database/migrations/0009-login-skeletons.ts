import { loginSkeleton } from '@sesame/account-rules';
import { Kysely, sql } from 'kysely';

/** Accounts read and written per statement while the skeletons are computed. */
const BATCH = 5_000;

/**
 * Look-alike logins (issue 12): each account stores the UTS #39 skeleton of its login
 * (loginSkeleton, computed by identity, not by PostgreSQL), and one unique index refuses a second
 * login with the same skeleton. Byte order (COLLATE "C"): skeletons are compared, never sorted for
 * people, and the login generators scan a prefix range.
 *
 * Accounts that already look alike must keep working: the oldest of each group keeps rank 0 and
 * the others get 1, 2 … (`username_skeleton_rank`), so the index (skeleton, rank) can be built
 * without failing. Every new or renamed login takes rank 0, and identity also refuses it when any
 * account (of any rank) has its skeleton. `SELECT username_skeleton FROM accounts WHERE
 * username_skeleton_rank > 0` lists the groups found (docs/operations.md).
 *
 * About 1 minute per million accounts (each row rewritten once); writes to accounts wait meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts ADD COLUMN username_skeleton text COLLATE "C",
                         ADD COLUMN username_skeleton_rank smallint NOT NULL DEFAULT 0;
    ALTER TABLE import_staging ADD COLUMN username_skeleton text COLLATE "C";
  `.execute(db);
  await fillSkeletons(db);
  await indexSkeletons(db);
}

/** Computes the skeleton of every account that has none, in batches (also used by the seed tool, on any schema type). */
export async function fillSkeletons(db: Kysely<any>): Promise<void> {
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const { rows } = await sql<{ id: string; username: string }>`
      SELECT id, username FROM accounts WHERE id > ${after}::uuid AND username_skeleton IS NULL ORDER BY id LIMIT ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    await sql`
      UPDATE accounts a SET username_skeleton = s.skeleton
      FROM unnest(${sql.val(rows.map((r) => r.id))}::uuid[], ${sql.val(rows.map((r) => loginSkeleton(r.username)))}::text[]) AS s(id, skeleton)
      WHERE a.id = s.id`.execute(db);
    after = rows[rows.length - 1].id;
  }
}

/** Ranks the look-alikes found (the oldest keeps 0), then makes skeletons required and unique. */
export async function indexSkeletons(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE accounts a SET username_skeleton_rank = ranked.rank
    FROM (SELECT id, row_number() OVER (PARTITION BY username_skeleton ORDER BY created_at, id) - 1 AS rank FROM accounts) ranked
    WHERE a.id = ranked.id AND ranked.rank > 0;
    ALTER TABLE accounts ALTER COLUMN username_skeleton SET NOT NULL;
    CREATE UNIQUE INDEX accounts_username_skeleton_key ON accounts (username_skeleton, username_skeleton_rank);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE import_staging DROP COLUMN username_skeleton;
    ALTER TABLE accounts DROP COLUMN username_skeleton_rank, DROP COLUMN username_skeleton;
  `.execute(db);
}
