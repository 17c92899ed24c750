import { Kysely, sql } from 'kysely';

/**
 * Issue 18: `accounts.updated_at` is the last change of what the académie's tools read of an account
 * (OneRoster's `dateLastModified`, SCIM's `meta.lastModified`), so that a delta read
 * (`dateLastModified > T`) returns exactly the accounts changed since T:
 *
 * - a change to the account's own columns that the tools read moves it (BEFORE UPDATE, whatever the
 *   write path: several set it themselves, this makes it hold for all);
 * - a change to its schools, classes or relatives' links moves it too (statement triggers with
 *   transition tables: one UPDATE per statement; an account already changed in this transaction, or
 *   created in it, is not written again, so a bulk import pays an index lookup per row, not a write).
 *
 * `accounts_updated` serves the delta reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION sesame_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.updated_at = greatest(NEW.updated_at, now());
      RETURN NEW;
    END $$;
    CREATE TRIGGER accounts_changed BEFORE UPDATE ON accounts FOR EACH ROW
      WHEN ((OLD.username, OLD.first_name, OLD.last_name, OLD.display_name, OLD.email, OLD.profile, OLD.role, OLD.external_id,
             OLD.deactivated_at, OLD.pre_deleted_at, OLD.managed_by, OLD.mobile, OLD.ine)
            IS DISTINCT FROM
            (NEW.username, NEW.first_name, NEW.last_name, NEW.display_name, NEW.email, NEW.profile, NEW.role, NEW.external_id,
             NEW.deactivated_at, NEW.pre_deleted_at, NEW.managed_by, NEW.mobile, NEW.ine))
      EXECUTE FUNCTION sesame_account_changed();

    CREATE FUNCTION sesame_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'relative_links' THEN
        UPDATE accounts a SET updated_at = now()
        FROM (SELECT relative_id AS id FROM changed UNION SELECT student_id FROM changed) c
        WHERE a.id = c.id AND a.updated_at < now();
      ELSE
        UPDATE accounts a SET updated_at = now()
        FROM (SELECT DISTINCT account_id AS id FROM changed) c
        WHERE a.id = c.id AND a.updated_at < now();
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER account_schools_added AFTER INSERT ON account_schools REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sesame_links_changed();
    CREATE TRIGGER account_schools_removed AFTER DELETE ON account_schools REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sesame_links_changed();
    CREATE TRIGGER account_classes_added AFTER INSERT ON account_classes REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sesame_links_changed();
    CREATE TRIGGER account_classes_removed AFTER DELETE ON account_classes REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sesame_links_changed();
    CREATE TRIGGER relative_links_added AFTER INSERT ON relative_links REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sesame_links_changed();
    CREATE TRIGGER relative_links_removed AFTER DELETE ON relative_links REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sesame_links_changed();

    CREATE INDEX accounts_updated ON accounts (updated_at, id) WHERE role = 'member';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX accounts_updated;
    DROP TRIGGER account_schools_added ON account_schools;
    DROP TRIGGER account_schools_removed ON account_schools;
    DROP TRIGGER account_classes_added ON account_classes;
    DROP TRIGGER account_classes_removed ON account_classes;
    DROP TRIGGER relative_links_added ON relative_links;
    DROP TRIGGER relative_links_removed ON relative_links;
    DROP FUNCTION sesame_links_changed();
    DROP TRIGGER accounts_changed ON accounts;
    DROP FUNCTION sesame_account_changed();
  `.execute(db);
}
