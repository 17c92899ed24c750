import { Kysely, sql } from 'kysely';

/** Uploads and their rows (SPEC §5): the validation report, the staged rows and the history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE imports (
      id uuid PRIMARY KEY,
      uploader_id uuid NOT NULL,
      uploader_username text NOT NULL,
      uploader_role text NOT NULL CHECK (uploader_role IN ('manager', 'administrator')),
      file_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('validating', 'invalid', 'ready', 'importing', 'done', 'failed')),
      phase text NOT NULL CHECK (phase IN ('reading', 'checking', 'staging', 'committing', 'done')),
      content_sha256 bytea,
      byte_size bigint,
      encoding text,
      bom boolean NOT NULL DEFAULT false,
      delimiter text,
      line_ending text NOT NULL DEFAULT E'\n',
      header jsonb NOT NULL DEFAULT '[]',
      file_errors jsonb NOT NULL DEFAULT '[]',
      administrator_id uuid,
      default_school_id uuid,
      default_school_uai text,
      total_rows integer NOT NULL DEFAULT 0,
      valid_rows integer NOT NULL DEFAULT 0,
      error_count integer NOT NULL DEFAULT 0,
      progress_done integer NOT NULL DEFAULT 0,
      new_classes jsonb NOT NULL DEFAULT '[]',
      named_classes jsonb NOT NULL DEFAULT '[]',
      created_accounts integer,
      failure jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      confirmed_by uuid,
      confirmed_at timestamptz,
      completed_at timestamptz,
      expired_at timestamptz
    );
    CREATE INDEX imports_history ON imports (created_at DESC, id);
    CREATE INDEX imports_by_uploader ON imports (uploader_id, created_at DESC);
    CREATE INDEX imports_by_content ON imports (content_sha256) WHERE status = 'done';

    -- Cells and parsed rows are JSON kept as text: written and read whole, never queried inside
    -- (storing them as jsonb cost PostgreSQL 2.5 times more per row); the fields the checks query
    -- have their own columns.
    CREATE TABLE import_rows (
      import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
      line integer NOT NULL,
      cells text NOT NULL,
      row text NOT NULL,
      username text NOT NULL,
      external_id text,
      school text,
      role text,
      password_hash text,
      errors jsonb,
      check_errors jsonb,
      PRIMARY KEY (import_id, line)
    );
    CREATE INDEX import_rows_with_errors ON import_rows (import_id, line) WHERE errors IS NOT NULL OR check_errors IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE import_rows, imports`.execute(db);
}
