import { Kysely, sql } from 'kysely';

/**
 * CSV imports (issue 4): rows the importer stages chunk by chunk, created all at once by one commit
 * transaction, and the record of each commit (a retried commit answers it instead of creating twice).
 *
 * The staging table is UNLOGGED: no write-ahead log for rows that only wait for their commit. If
 * PostgreSQL itself crashes they are gone; the commit then finds fewer rows than the importer sent,
 * refuses, and the importer's retry stages them again. The commits table is an ordinary one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE import_staging (
      import_id uuid NOT NULL,
      line integer NOT NULL,
      actor_id uuid NOT NULL,
      account_id uuid NOT NULL DEFAULT gen_random_uuid(),
      username text NOT NULL,
      first_name text,
      last_name text,
      display_name text,
      email text,
      role text NOT NULL CHECK (role IN ('administrator', 'supervisor', 'member')),
      profile text,
      managed_by uuid,
      password_hash text,
      school_id uuid,
      class_names text[] NOT NULL DEFAULT '{}',
      external_id text,
      activation_code text NOT NULL,
      staged_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (import_id, line)
    );
    CREATE INDEX import_staging_age ON import_staging (staged_at);

    CREATE TABLE import_commits (
      import_id uuid PRIMARY KEY,
      actor_id uuid NOT NULL,
      created integer NOT NULL,
      new_classes jsonb NOT NULL,
      committed_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE import_commits, import_staging`.execute(db);
}
