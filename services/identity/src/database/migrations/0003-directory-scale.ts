import { Kysely, sql } from 'kysely';

/**
 * What the académie-scale directory needs (issue 3): relatives' inherited schools and classes,
 * accent-insensitive search, the selection's indexes, the user's language, and the bookkeeping of
 * enrolment events (idempotency and ordering).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    -- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes the
    -- folding immutable, so it can feed a stored column and its index.
    CREATE FUNCTION sesame_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));

    ALTER TABLE accounts
      ADD COLUMN locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
      ADD COLUMN search text GENERATED ALWAYS AS (
        sesame_fold(coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(display_name, '') || ' ' || username)
      ) STORED,
      -- The selection's yes/no filters as plain columns, so one narrow index answers counts alone.
      ADD COLUMN is_activated boolean GENERATED ALWAYS AS (activated_at IS NOT NULL) STORED,
      ADD COLUMN has_email boolean GENERATED ALWAYS AS (email IS NOT NULL) STORED,
      ADD COLUMN is_deactivated boolean GENERATED ALWAYS AS (deactivated_at IS NOT NULL) STORED,
      ADD COLUMN is_pre_deleted boolean GENERATED ALWAYS AS (pre_deleted_at IS NOT NULL) STORED,
      -- Alphabetical order as French readers expect it (accents and case set aside: Émile with
      -- Emile, before Zoé), compared byte by byte: indexes stay fast to write and to read, where an
      -- ICU collation costs a library call per comparison.
      ADD COLUMN sort_name text COLLATE "C" GENERATED ALWAYS AS (
        sesame_fold(coalesce(last_name, '')) || chr(1) || sesame_fold(coalesce(first_name, '')) || chr(1) || username
      ) STORED;

    -- A relative is in the schools and classes of their children (SPEC §2): those rows are
    -- inherited, recomputed whenever a child or a link changes.
    ALTER TABLE account_schools ADD COLUMN inherited boolean NOT NULL DEFAULT false;
    ALTER TABLE account_classes ADD COLUMN inherited boolean NOT NULL DEFAULT false;

    CREATE INDEX accounts_search ON accounts USING gin (search gin_trgm_ops);
    CREATE INDEX accounts_by_name ON accounts (sort_name, id);
    CREATE INDEX accounts_by_profile ON accounts (role, profile, sort_name, id);
    CREATE INDEX accounts_pending_deletion ON accounts (delete_after) WHERE delete_after IS NOT NULL;
    -- Counting the whole académie reads this narrow index instead of the table (index-only scan),
    -- the conditions nearly every selection has first.
    CREATE INDEX accounts_selection_flags ON accounts (is_pre_deleted, is_deactivated, profile, role, is_activated, has_email)
      INCLUDE (created_at, last_distributed_at);

    CREATE TABLE enrolment_events (
      event_id uuid PRIMARY KEY,
      type text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE enrolment_versions (
      source text NOT NULL,
      external_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (source, external_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE enrolment_versions, enrolment_events;
    DROP INDEX accounts_selection_flags, accounts_pending_deletion, accounts_by_profile, accounts_by_name, accounts_search;
    ALTER TABLE account_classes DROP COLUMN inherited;
    ALTER TABLE account_schools DROP COLUMN inherited;
    ALTER TABLE accounts DROP COLUMN sort_name, DROP COLUMN search, DROP COLUMN locale, DROP COLUMN is_activated, DROP COLUMN has_email,
      DROP COLUMN is_deactivated, DROP COLUMN is_pre_deleted;
    DROP FUNCTION sesame_fold(text);
  `.execute(db);
}
