import { Kysely, sql } from 'kysely';

/*
 * The activation report of the whole académie must answer within a second on five million accounts
 * (issue 19). Counting at read time joined every membership and class row to its account: on 5 M
 * accounts, 173 s by profile and 152 s by class (bench/selection's machine, busy).
 * Instead the report's counts are kept as ledgers, like the selection's tallies (migration 0007):
 * every statement that adds, removes or changes membership or class rows appends its net change per
 * school and profile, or per class, and the tally fold job merges them. A report reads a few
 * thousand rows (one per school and profile, one per class).
 *
 * A class row now carries a copy of what the report counts of its account (role, activated,
 * deactivated, pre-deleted), kept exact like the membership copies of migration 0004, so that each
 * ledger follows from the changed rows alone, even when the account or the class is being deleted.
 */
const COUNTED = `role = 'member' AND NOT is_deactivated AND NOT is_pre_deleted`;

/** Net change of the report's counts, grouped by `keys`, from the transition tables a trigger has. */
function ledgerInsert(ledger: string, keys: string, parts: Array<{ rows: string; sign: 1 | -1 }>): string {
  const changes = parts.map(({ rows, sign }) => `SELECT ${keys}, is_activated, ${sign} AS n FROM ${rows} WHERE ${COUNTED}`).join(' UNION ALL ');
  return `
        INSERT INTO ${ledger}
        SELECT ${keys}, coalesce(sum(n) FILTER (WHERE is_activated), 0), coalesce(sum(n) FILTER (WHERE NOT is_activated), 0)
          FROM (${changes}) changes GROUP BY ${keys}
        HAVING coalesce(sum(n) FILTER (WHERE is_activated), 0) <> 0 OR coalesce(sum(n) FILTER (WHERE NOT is_activated), 0) <> 0;`;
}

function ledgerFunction(name: string, ledger: string, keys: string): string {
  return `
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN${ledgerInsert(ledger, keys, [{ rows: 'new_rows', sign: 1 }])}
      ELSIF TG_OP = 'DELETE' THEN${ledgerInsert(ledger, keys, [{ rows: 'old_rows', sign: -1 }])}
      ELSE${ledgerInsert(ledger, keys, [
        { rows: 'old_rows', sign: -1 },
        { rows: 'new_rows', sign: 1 },
      ])}
      END IF;
      RETURN NULL;
    END $$;`;
}

const triggers = (table: string, fn: string) => `
    CREATE TRIGGER ${table}_counted_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER ${table}_counted_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER ${table}_counted_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`;

const SYNC_SCHOOLS = `
      UPDATE account_schools SET
        role = NEW.role, profile = NEW.profile, sort_name = NEW.sort_name, search = NEW.search, created_at = NEW.created_at, is_activated = NEW.is_activated, has_email = NEW.has_email,
        is_deactivated = NEW.is_deactivated, is_pre_deleted = NEW.is_pre_deleted, never_distributed = NEW.last_distributed_at IS NULL
      WHERE account_id = NEW.id;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
    ALTER TABLE account_classes
      ADD COLUMN role text,
      ADD COLUMN is_activated boolean,
      ADD COLUMN is_deactivated boolean,
      ADD COLUMN is_pre_deleted boolean;
    UPDATE account_classes x SET role = a.role, is_activated = a.is_activated, is_deactivated = a.is_deactivated, is_pre_deleted = a.is_pre_deleted
      FROM accounts a WHERE a.id = x.account_id;
    CREATE FUNCTION sesame_class_membership_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT a.role, a.is_activated, a.is_deactivated, a.is_pre_deleted INTO NEW.role, NEW.is_activated, NEW.is_deactivated, NEW.is_pre_deleted
        FROM accounts a WHERE a.id = NEW.account_id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER account_classes_fill BEFORE INSERT ON account_classes
      FOR EACH ROW WHEN (NEW.role IS NULL) EXECUTE FUNCTION sesame_class_membership_fill();
    -- The class rows' copies change only with what the report counts (a rename writes none of them).
    CREATE OR REPLACE FUNCTION sesame_membership_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN${SYNC_SCHOOLS}
      UPDATE account_classes SET role = NEW.role, is_activated = NEW.is_activated, is_deactivated = NEW.is_deactivated, is_pre_deleted = NEW.is_pre_deleted
      WHERE account_id = NEW.id
        AND (role, is_activated, is_deactivated, is_pre_deleted) IS DISTINCT FROM (NEW.role, NEW.is_activated, NEW.is_deactivated, NEW.is_pre_deleted);
      RETURN NULL;
    END $$;

    CREATE TABLE activation_counts_by_profile (
      school_id uuid NOT NULL,
      profile text,
      activated bigint NOT NULL,
      not_activated bigint NOT NULL
    );
    CREATE INDEX activation_counts_by_profile_school ON activation_counts_by_profile (school_id);
    CREATE TABLE activation_counts_by_class (
      class_id uuid NOT NULL,
      activated bigint NOT NULL,
      not_activated bigint NOT NULL
    );
    CREATE INDEX activation_counts_by_class_class ON activation_counts_by_class (class_id);
    ${ledgerFunction('sesame_count_school_activation', 'activation_counts_by_profile', 'school_id, profile')}
    ${ledgerFunction('sesame_count_class_activation', 'activation_counts_by_class', 'class_id')}
    ${triggers('account_schools', 'sesame_count_school_activation')}
    ${triggers('account_classes', 'sesame_count_class_activation')}

    INSERT INTO activation_counts_by_profile
    SELECT school_id, profile, count(*) FILTER (WHERE is_activated), count(*) FILTER (WHERE NOT is_activated)
      FROM account_schools WHERE ${COUNTED} GROUP BY 1, 2;
    INSERT INTO activation_counts_by_class
    SELECT class_id, count(*) FILTER (WHERE is_activated), count(*) FILTER (WHERE NOT is_activated)
      FROM account_classes WHERE ${COUNTED} GROUP BY 1;
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
    DROP TRIGGER account_schools_counted_insert ON account_schools;
    DROP TRIGGER account_schools_counted_update ON account_schools;
    DROP TRIGGER account_schools_counted_delete ON account_schools;
    DROP TRIGGER account_classes_counted_insert ON account_classes;
    DROP TRIGGER account_classes_counted_update ON account_classes;
    DROP TRIGGER account_classes_counted_delete ON account_classes;
    DROP FUNCTION sesame_count_school_activation(), sesame_count_class_activation();
    DROP TABLE activation_counts_by_class, activation_counts_by_profile;
    CREATE OR REPLACE FUNCTION sesame_membership_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN${SYNC_SCHOOLS}
      RETURN NULL;
    END $$;
    DROP TRIGGER account_classes_fill ON account_classes;
    DROP FUNCTION sesame_class_membership_fill();
    ALTER TABLE account_classes DROP COLUMN role, DROP COLUMN is_activated, DROP COLUMN is_deactivated, DROP COLUMN is_pre_deleted;
  `,
    )
    .execute(db);
}
