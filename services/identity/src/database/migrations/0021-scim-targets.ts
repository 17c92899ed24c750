import { Kysely, sql } from 'kysely';

/**
 * Issue 18: the downstream SCIM targets Sesame pushes its accounts to.
 *
 * `scim_targets`: each target's address, its bearer token sealed with the activation codes' key
 * (ActivationCodeVault, AES-256-GCM: a copy of the table holds no usable token), what it gets
 * (schools, profiles), and its delivery state for the console.
 * `scim_target_users`: the id each target gave each account it holds (its `id`, Sesame's id being
 * its `externalId`), so that a change goes to the right resource without a search.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE scim_targets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      url text NOT NULL,
      token_sealed text NOT NULL,
      school_ids uuid[] NOT NULL DEFAULT '{}',
      profiles text[] NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_delivered_at timestamptz,
      delivered bigint NOT NULL DEFAULT 0,
      failed bigint NOT NULL DEFAULT 0,
      last_error_at timestamptz,
      last_error text,
      reconcile_started_at timestamptz,
      reconcile_finished_at timestamptz,
      reconcile_result jsonb,
      reconcile_error text
    );
    CREATE TABLE scim_target_users (
      target_id uuid NOT NULL REFERENCES scim_targets (id) ON DELETE CASCADE,
      account_id uuid NOT NULL,
      remote_id text NOT NULL,
      PRIMARY KEY (target_id, account_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE scim_target_users, scim_targets`.execute(db);
}
