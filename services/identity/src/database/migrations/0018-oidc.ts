import { Kysely, sql } from 'kysely';

/**
 * The OpenID Connect provider (issue 17).
 *
 * `oidc_clients`: the relying parties the manager registers. A secret is kept as its SHA-256 only
 * (it is 256 random bits, so a hash of it cannot be guessed back); public clients have none.
 *
 * `oidc_payloads`: what oidc-provider stores (sessions, interactions, grants, codes, tokens), one row
 * per model and id. The ids of bearer artefacts (codes, access and refresh tokens) are stored as their
 * SHA-256, so a copy of the table signs no one in. `account_id` and `session_version` let identity end
 * every session and token of an account whose state changes (deactivated, pre-deleted, a new password).
 *
 * `oidc_settings`: the salt of pairwise subject identifiers, random and never rotated (rotating it
 * would give every user of a pairwise client a new identity there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE oidc_clients (
      client_id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('confidential', 'public', 'machine')),
      name text NOT NULL,
      secret_hash text,
      redirect_uris text[] NOT NULL DEFAULT '{}',
      post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
      backchannel_logout_uri text,
      scopes text[] NOT NULL,
      allowed_profiles text[] NOT NULL DEFAULT '{}',
      allowed_school_ids uuid[] NOT NULL DEFAULT '{}',
      consent_required boolean NOT NULL DEFAULT false,
      subject_type text NOT NULL DEFAULT 'public' CHECK (subject_type IN ('public', 'pairwise')),
      relatives_links boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'public') = (secret_hash IS NULL))
    );

    CREATE TABLE oidc_payloads (
      model text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      uid text,
      account_id uuid,
      session_version integer,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    );
    CREATE INDEX oidc_payloads_grant ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
    CREATE INDEX oidc_payloads_uid ON oidc_payloads (uid) WHERE uid IS NOT NULL;
    CREATE INDEX oidc_payloads_account ON oidc_payloads (account_id) WHERE account_id IS NOT NULL;
    CREATE INDEX oidc_payloads_expiry ON oidc_payloads (expires_at);

    CREATE TABLE oidc_settings (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      pairwise_salt text NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE oidc_settings; DROP TABLE oidc_payloads; DROP TABLE oidc_clients`.execute(db);
}
