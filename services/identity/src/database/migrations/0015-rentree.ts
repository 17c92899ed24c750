import { Kysely, sql } from 'kysely';

/**
 * The rentrée (issue 16). Opening year N+1 for some schools archives year N's classes and class
 * memberships (`rentree_classes`, `rentree_memberships`, copied before they are removed) so that the
 * rentrée can be restored, all or nothing, until `restorable_until`. School memberships stay: a pupil
 * who stays keeps the same account.
 *
 * `rentree_members` is who belonged to each school when the rentrée opened: the newcomers of a school
 * are its members missing from its last rentrée's list. A `joined_at` date on the memberships would
 * not do: user edits, relatives' refreshes, enrolment and feeds delete and re-insert memberships (a
 * feed moving a staying pupil to their new class among them), which would make staying pupils look new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rentrees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The year opened: 2027 for 2027-2028.
      school_year integer NOT NULL,
      school_ids uuid[] NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      opened_by uuid,
      restorable_until timestamptz NOT NULL,
      restored_at timestamptz,
      restored_by uuid,
      counts jsonb NOT NULL
    );
    CREATE INDEX rentrees_schools ON rentrees USING gin (school_ids);

    CREATE TABLE rentree_classes (
      rentree_id uuid NOT NULL REFERENCES rentrees (id) ON DELETE CASCADE,
      class_id uuid NOT NULL,
      school_id uuid NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (rentree_id, class_id)
    );
    -- No foreign key to accounts: checking one per row made an académie's archive several times
    -- slower. The restore puts back only the accounts that still exist; ids of deleted accounts
    -- left here name nobody.
    CREATE TABLE rentree_memberships (
      rentree_id uuid NOT NULL REFERENCES rentrees (id) ON DELETE CASCADE,
      account_id uuid NOT NULL,
      class_id uuid NOT NULL,
      inherited boolean NOT NULL
    );
    CREATE INDEX rentree_memberships_rentree ON rentree_memberships (rentree_id);
    -- The selection looks up (last rentrée, school, account) for each candidate newcomer.
    CREATE TABLE rentree_members (
      rentree_id uuid NOT NULL REFERENCES rentrees (id) ON DELETE CASCADE,
      school_id uuid NOT NULL,
      account_id uuid NOT NULL,
      PRIMARY KEY (rentree_id, school_id, account_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE rentree_members, rentree_memberships, rentree_classes, rentrees`.execute(db);
}
