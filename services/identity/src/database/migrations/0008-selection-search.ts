import { Kysely, sql } from 'kysely';

/**
 * The selection's index of a school also carries the folded text searched by `q`: a text search
 * inside a school becomes an index-only scan instead of one heap page read per member (a school's
 * memberships are scattered across the table). bench/selection (1,000,000 members, 1 client),
 * school query 6 (`q=mar`): p50 15.9 to 18.7 ms before, 9.8 ms after. Built in about 2 s per
 * million memberships, during which writes to account_schools wait.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX account_schools_selection_with_search ON account_schools
      (school_id, sort_name, account_id)
      INCLUDE (role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed, created_at, inherited, search);
    DROP INDEX account_schools_selection;
    ALTER INDEX account_schools_selection_with_search RENAME TO account_schools_selection;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX account_schools_selection_without_search ON account_schools
      (school_id, sort_name, account_id)
      INCLUDE (role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed, created_at, inherited);
    DROP INDEX account_schools_selection;
    ALTER INDEX account_schools_selection_without_search RENAME TO account_schools_selection;
  `.execute(db);
}
