import { Kysely, sql } from 'kysely';

/*
 * The manager's académie-wide selection must show its exact count within 300 ms on a million
 * accounts (issue 3). Counting a million index entries costs 130–170 ms of one core, so a few
 * managers at once queue behind each other. Instead the yes/no columns of the selection are tallied:
 * every statement that writes accounts appends its net change per combination (a ledger of +/-
 * rows, so concurrent writers never wait on a shared counter row), and a scheduled job folds the
 * ledger into one row per combination. A count on these columns sums a few hundred rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE account_tallies (
      role text NOT NULL,
      profile text,
      is_activated boolean NOT NULL,
      has_email boolean NOT NULL,
      is_deactivated boolean NOT NULL,
      is_pre_deleted boolean NOT NULL,
      never_distributed boolean NOT NULL,
      n bigint NOT NULL
    );

    INSERT INTO account_tallies
    SELECT role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, last_distributed_at IS NULL, count(*)
      FROM accounts GROUP BY 1, 2, 3, 4, 5, 6, 7;

    CREATE FUNCTION sesame_tally_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO account_tallies
        SELECT role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, last_distributed_at IS NULL, count(*)
          FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO account_tallies
        SELECT role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, last_distributed_at IS NULL, -count(*)
          FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7;
      ELSE
        -- Only the accounts that moved to another combination (a login or a rename moves none).
        INSERT INTO account_tallies
        SELECT role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed, sum(n)
          FROM (
            SELECT o.role, o.profile, o.is_activated, o.has_email, o.is_deactivated, o.is_pre_deleted,
                   o.last_distributed_at IS NULL AS never_distributed, -1 AS n
              FROM old_rows o JOIN new_rows x ON x.id = o.id
             WHERE (o.role, o.profile, o.is_activated, o.has_email, o.is_deactivated, o.is_pre_deleted, o.last_distributed_at IS NULL)
                   IS DISTINCT FROM (x.role, x.profile, x.is_activated, x.has_email, x.is_deactivated, x.is_pre_deleted, x.last_distributed_at IS NULL)
            UNION ALL
            SELECT x.role, x.profile, x.is_activated, x.has_email, x.is_deactivated, x.is_pre_deleted,
                   x.last_distributed_at IS NULL, 1
              FROM old_rows o JOIN new_rows x ON x.id = o.id
             WHERE (o.role, o.profile, o.is_activated, o.has_email, o.is_deactivated, o.is_pre_deleted, o.last_distributed_at IS NULL)
                   IS DISTINCT FROM (x.role, x.profile, x.is_activated, x.has_email, x.is_deactivated, x.is_pre_deleted, x.last_distributed_at IS NULL)
          ) moved
         GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0;
      END IF;
      RETURN NULL;
    END $$;

    -- Statement triggers with transition tables: one ledger row per combination a statement
    -- touches, however many accounts it writes (imports, enrolment batches, purges).
    CREATE TRIGGER accounts_tally_insert AFTER INSERT ON accounts REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION sesame_tally_accounts();
    CREATE TRIGGER accounts_tally_update AFTER UPDATE ON accounts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION sesame_tally_accounts();
    CREATE TRIGGER accounts_tally_delete AFTER DELETE ON accounts REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION sesame_tally_accounts();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER accounts_tally_update ON accounts;
    DROP TRIGGER accounts_tally_delete ON accounts;
    DROP TRIGGER accounts_tally_insert ON accounts;
    DROP FUNCTION sesame_tally_accounts();
    DROP TABLE account_tallies;
  `.execute(db);
}
