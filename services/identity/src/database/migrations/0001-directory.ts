import { Kysely, sql } from 'kysely';

/** The whole account model of SPEC §2–3: schools, classes, accounts and their links, reset tokens, audit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE schools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      uai text NOT NULL CONSTRAINT schools_uai_key UNIQUE CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
      name text NOT NULL,
      city text,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE classes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT classes_school_name_key UNIQUE (school_id, name)
    );

    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL CONSTRAINT accounts_username_key UNIQUE
        CHECK (char_length(username) BETWEEN 1 AND 64 AND username = normalize(username, NFC)),
      first_name text,
      last_name text,
      display_name text,
      email text,
      role text NOT NULL CHECK (role IN ('manager', 'administrator', 'supervisor', 'member')),
      profile text CHECK (profile IN ('student', 'relative', 'teacher', 'personnel', 'guest')),
      managed_by uuid REFERENCES accounts (id),
      password_hash text,
      session_version integer NOT NULL DEFAULT 0,
      activated_at timestamptz,
      activation_code text,
      activation_code_expires_at timestamptz,
      deactivated_at timestamptz,
      pre_deleted_at timestamptz,
      delete_after timestamptz,
      external_id text,
      source text,
      last_login_at timestamptz,
      last_distributed_at timestamptz,
      last_distribution_channel text CHECK (last_distribution_channel IN ('pdf', 'email')),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT accounts_profile_for_members CHECK ((role = 'member') = (profile IS NOT NULL)),
      CONSTRAINT accounts_supervisor_managed CHECK ((role = 'supervisor') = (managed_by IS NOT NULL)),
      CONSTRAINT accounts_staff_email CHECK (role NOT IN ('administrator', 'supervisor') OR email IS NOT NULL),
      CONSTRAINT accounts_external_key UNIQUE (source, external_id)
    );
    -- Exactly one manager: a second one is refused by the database itself, whatever the code does.
    CREATE UNIQUE INDEX accounts_single_manager ON accounts ((true)) WHERE role = 'manager';
    CREATE INDEX accounts_managed_by ON accounts (managed_by) WHERE managed_by IS NOT NULL;

    CREATE TABLE account_schools (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      school_id uuid NOT NULL REFERENCES schools (id),
      PRIMARY KEY (account_id, school_id)
    );
    CREATE INDEX account_schools_school ON account_schools (school_id, account_id);

    CREATE TABLE account_classes (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      class_id uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
      PRIMARY KEY (account_id, class_id)
    );
    CREATE INDEX account_classes_class ON account_classes (class_id, account_id);

    CREATE TABLE relative_links (
      relative_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      student_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      PRIMARY KEY (relative_id, student_id)
    );
    CREATE INDEX relative_links_student ON relative_links (student_id);

    CREATE TABLE password_reset_tokens (
      token_hash bytea PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX password_reset_tokens_account ON password_reset_tokens (account_id);

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      action text NOT NULL,
      target_id uuid,
      before jsonb,
      after jsonb,
      request_id text
    );
    CREATE INDEX audit_log_target ON audit_log (target_id, at);
    CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_log, password_reset_tokens, relative_links, account_classes, account_schools, accounts, classes, schools`.execute(db);
}
