import { Kysely, sql } from 'kysely';

/**
 * Académie feeds (issue 15): an AAF snapshot or one school's export, staged person by person,
 * compared with the directory (the diff, `feed_changes`), then applied at once when confirmed.
 *
 * Accounts keep what a feed says of them and the directory did not hold: `mobile`, `ine`, and
 * `feed_fields`, the contact fields (email, mobile) the feed provided, which the lanes rule then
 * refuses to let an import or an edit overwrite. The stable key stays accounts (source,
 * external_id), unique and indexed since 0001 (`accounts_external_key`).
 *
 * The staging tables are ordinary (logged) ones: a feed may wait days between its diff and its
 * confirmation, and the apply must find exactly what was shown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts ADD COLUMN IF NOT EXISTS mobile text,
                         ADD COLUMN IF NOT EXISTS ine text,
                         ADD COLUMN IF NOT EXISTS feed_fields text[];

    CREATE TABLE feeds (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('aaf', 'school')),
      uai text CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
      source text,
      status text NOT NULL CHECK (status IN ('reading', 'diffing', 'ready', 'applying', 'applied', 'failed')),
      files text[] NOT NULL DEFAULT '{}',
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      records integer NOT NULL DEFAULT 0,
      totals jsonb NOT NULL DEFAULT '{}',
      schools jsonb NOT NULL DEFAULT '[]',
      error jsonb,
      diffed_at timestamptz,
      confirmed_by uuid,
      confirmed_at timestamptz,
      held_confirmations jsonb NOT NULL DEFAULT '[]',
      applied_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      CONSTRAINT feeds_school_has_uai CHECK ((kind = 'school') = (uai IS NOT NULL))
    );
    CREATE INDEX feeds_by_date ON feeds (created_at DESC, id);
    CREATE INDEX feeds_by_status ON feeds (status, updated_at);

    -- One row per person of the snapshot; a chunk sent again replaces itself (delete by chunk, insert).
    CREATE TABLE feed_persons (
      feed_id uuid NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
      chunk integer NOT NULL,
      source text NOT NULL,
      join_key text NOT NULL,
      ine text,
      last_name text NOT NULL,
      first_name text NOT NULL,
      birth_date date,
      profile text NOT NULL,
      -- Sorted and distinct, so that the diff compares arrays.
      schools text[] NOT NULL,
      -- 'UAI|class name', sorted and distinct.
      classes text[] NOT NULL,
      email text,
      mobile text,
      functions text[] NOT NULL,
      exit_date date,
      CONSTRAINT feed_persons_key PRIMARY KEY (feed_id, source, join_key)
    );
    CREATE INDEX feed_persons_chunk ON feed_persons (feed_id, chunk);

    -- The relative links each side of the file states (child, relative, légal).
    CREATE TABLE feed_links (
      feed_id uuid NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
      chunk integer NOT NULL,
      source text NOT NULL,
      child_key text NOT NULL,
      relative_key text NOT NULL,
      legal smallint
    );
    CREATE INDEX feed_links_chunk ON feed_links (feed_id, chunk);

    CREATE TABLE feed_schools (
      feed_id uuid NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
      chunk integer NOT NULL,
      source text NOT NULL,
      uai text NOT NULL,
      name text NOT NULL
    );
    CREATE INDEX feed_schools_chunk ON feed_schools (feed_id, chunk);

    CREATE TABLE feed_changes (
      feed_id uuid NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      category text NOT NULL,
      uai text,
      source text NOT NULL,
      join_key text NOT NULL,
      account_id uuid,
      last_name text,
      first_name text,
      profile text,
      before jsonb,
      after jsonb,
      PRIMARY KEY (feed_id, seq)
    );
    CREATE INDEX feed_changes_by_category ON feed_changes (feed_id, category, seq);
    CREATE INDEX feed_changes_by_uai ON feed_changes (feed_id, uai, seq);
    CREATE INDEX feed_changes_by_account ON feed_changes (feed_id, account_id) WHERE account_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE feed_changes, feed_schools, feed_links, feed_persons, feeds;
    ALTER TABLE accounts DROP COLUMN feed_fields, DROP COLUMN ine, DROP COLUMN mobile;
  `.execute(db);
}
