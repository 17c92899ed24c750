import { Kysely, sql } from 'kysely';

/**
 * The manager's list of local administrators and supervisors (`adminsOnly`, by name): the page walks
 * the alphabetical index until it has 50 of them, and they are a few thousand among millions of
 * members, so the walk read nearly all of accounts_by_name (bench/selection on 5 M accounts: 2.5 s
 * of PostgreSQL per page). Their own alphabetical index answers at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX accounts_staff_by_name ON accounts (sort_name, id) WHERE role IN ('administrator', 'supervisor')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX accounts_staff_by_name`.execute(db);
}
