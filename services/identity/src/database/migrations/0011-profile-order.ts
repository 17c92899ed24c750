import { Kysely, sql } from 'kysely';

/**
 * Sorting by profile follows the French labels (Élève, Enseignant, Invité, Parent, Personnel: the
 * PROFILE_ORDER of libs/contracts), no longer the English codes. The manager's listing of the whole
 * académie pages by walking this index, so it is built on the very expression the selection orders
 * by (`array_position` over that list, inlined); staff, without a profile, come after.
 * WARNING: the list is written out here as it was when this migration was written; a change to
 * PROFILE_ORDER needs a new migration (profile-order.spec.ts compares them).
 */
export const PROFILE_ORDER_AT_0011 = `'{student,teacher,guest,relative,personnel}'::text[]`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX accounts_by_profile_rank ON accounts ((array_position(${sql.raw(PROFILE_ORDER_AT_0011)}, profile)), role, sort_name, id);
    DROP INDEX accounts_by_profile;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX accounts_by_profile ON accounts (role, profile, sort_name, id);
    DROP INDEX accounts_by_profile_rank;
  `.execute(db);
}
