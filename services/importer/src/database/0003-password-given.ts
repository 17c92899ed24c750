import { Kysely, sql } from 'kysely';

/**
 * Whether a row's password cell was filled (issue 14). The hash is cleared once the import is done,
 * and a row refused for another reason never had one: this flag keeps what the report and the list
 * of created accounts say of the password ("given" rather than an activation code; "type it again"
 * in report.csv, which never copies it). A constant default adds the column without rewriting rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE import_rows ADD COLUMN password_given boolean NOT NULL DEFAULT false;
    UPDATE import_rows SET password_given = true WHERE password_hash IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_rows DROP COLUMN password_given`.execute(db);
}
