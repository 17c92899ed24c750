import { Kysely, sql } from 'kysely';

/**
 * Issue 18: what a machine client may do through SCIM (`read`, `create`, `update`, `deactivate`,
 * `delete`), granted by the manager with its schools and profiles. Machine clients registered before
 * keep what they could do: read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE oidc_clients ADD COLUMN operations text[] NOT NULL DEFAULT '{}';
    UPDATE oidc_clients SET operations = '{read}' WHERE kind = 'machine';
    ALTER TABLE oidc_clients ADD CONSTRAINT oidc_clients_operations
      CHECK (operations <@ ARRAY['read', 'create', 'update', 'deactivate', 'delete']::text[]);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE oidc_clients DROP COLUMN operations`.execute(db);
}
