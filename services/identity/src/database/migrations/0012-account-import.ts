import { Kysely, sql } from 'kysely';

/**
 * Which CSV import created each account (issue 14): after an import, the console lists and
 * distributes "the accounts of this import" (`importId` in the selection). Null for accounts created
 * otherwise, and for those imported before this migration (the audit log still names their import:
 * copying it here would rewrite every imported account in this one transaction). The partial index
 * holds imported accounts only; a selection by import reads them through it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts ADD COLUMN import_id uuid;
    CREATE INDEX accounts_by_import ON accounts (import_id) WHERE import_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE accounts DROP COLUMN import_id`.execute(db);
}
