import { Kysely, sql } from 'kysely';

/*
 * A school's selection must answer in a few milliseconds (issue 3: p95 ≤ 20 ms on a million
 * accounts). Reading each candidate account from the table means thousands of scattered page reads
 * per query; instead each membership row carries a copy of what the selection filters and sorts on,
 * so one index (school, then alphabetical order) answers the count and the page by itself. Triggers
 * keep the copy exact whatever writes the accounts (services, enrolment stream, seed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE account_schools
      ADD COLUMN role text,
      ADD COLUMN profile text,
      ADD COLUMN sort_name text COLLATE "C",
      ADD COLUMN search text,
      ADD COLUMN created_at timestamptz,
      ADD COLUMN is_activated boolean,
      ADD COLUMN has_email boolean,
      ADD COLUMN is_deactivated boolean,
      ADD COLUMN is_pre_deleted boolean,
      ADD COLUMN never_distributed boolean;

    UPDATE account_schools m SET
      role = a.role, profile = a.profile, sort_name = a.sort_name, search = a.search, created_at = a.created_at, is_activated = a.is_activated, has_email = a.has_email,
      is_deactivated = a.is_deactivated, is_pre_deleted = a.is_pre_deleted, never_distributed = a.last_distributed_at IS NULL
    FROM accounts a WHERE a.id = m.account_id;

    CREATE FUNCTION sesame_membership_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT a.role, a.profile, a.sort_name, a.search, a.created_at, a.is_activated, a.has_email,
             a.is_deactivated, a.is_pre_deleted, a.last_distributed_at IS NULL
        INTO NEW.role, NEW.profile, NEW.sort_name, NEW.search, NEW.created_at, NEW.is_activated,
             NEW.has_email, NEW.is_deactivated, NEW.is_pre_deleted, NEW.never_distributed
        FROM accounts a WHERE a.id = NEW.account_id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER account_schools_fill BEFORE INSERT ON account_schools
      FOR EACH ROW WHEN (NEW.sort_name IS NULL) EXECUTE FUNCTION sesame_membership_fill();

    CREATE FUNCTION sesame_membership_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE account_schools SET
        role = NEW.role, profile = NEW.profile, sort_name = NEW.sort_name, search = NEW.search, created_at = NEW.created_at, is_activated = NEW.is_activated, has_email = NEW.has_email,
        is_deactivated = NEW.is_deactivated, is_pre_deleted = NEW.is_pre_deleted, never_distributed = NEW.last_distributed_at IS NULL
      WHERE account_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER accounts_sync_memberships AFTER UPDATE ON accounts FOR EACH ROW
      WHEN ((OLD.role, OLD.profile, OLD.last_name, OLD.first_name, OLD.display_name, OLD.username, OLD.created_at, OLD.activated_at,
             OLD.email, OLD.deactivated_at, OLD.pre_deleted_at, OLD.last_distributed_at)
            IS DISTINCT FROM
            (NEW.role, NEW.profile, NEW.last_name, NEW.first_name, NEW.display_name, NEW.username, NEW.created_at, NEW.activated_at,
             NEW.email, NEW.deactivated_at, NEW.pre_deleted_at, NEW.last_distributed_at))
      EXECUTE FUNCTION sesame_membership_sync();

    -- The school, then the alphabetical order; the filters ride along so the index alone answers.
    CREATE INDEX account_schools_selection ON account_schools
      (school_id, sort_name, account_id)
      INCLUDE (role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed, created_at, inherited);
    -- It also finds a school's members: the narrower index of migration 0001 only costs writes now.
    DROP INDEX account_schools_school;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX account_schools_school ON account_schools (school_id, account_id);
    DROP INDEX account_schools_selection;
    DROP TRIGGER accounts_sync_memberships ON accounts;
    DROP TRIGGER account_schools_fill ON account_schools;
    DROP FUNCTION sesame_membership_sync(), sesame_membership_fill();
    ALTER TABLE account_schools
      DROP COLUMN role, DROP COLUMN profile, DROP COLUMN sort_name, DROP COLUMN search, DROP COLUMN created_at, DROP COLUMN is_activated, DROP COLUMN has_email,
      DROP COLUMN is_deactivated, DROP COLUMN is_pre_deleted, DROP COLUMN never_distributed;
  `.execute(db);
}
