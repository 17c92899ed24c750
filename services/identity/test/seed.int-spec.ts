import { loginSkeleton } from '@sesame/account-rules';
import { createDatabase, migrateToLatest } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { ActivationCodeVault } from '../src/accounts/activation-code-vault';
import { identityMigrations } from '../src/database/migrations';
import type { Database } from '../src/database/schema';
import { seed } from '../src/tools/seed';

/**
 * The seed writes its tables with their indexes, keys and triggers set aside (tools/bulk-load.ts):
 * what it leaves must be the migrations' schema, and the rows what the triggers and identity's own
 * code would have written (skeletons, sealed codes, copies, tallies, the report's ledgers).
 */
describe('the seed tool', () => {
  const isolation = new TestIsolation();
  const codes = new ActivationCodeVault({ ACTIVATION_CODE_KEY: randomBytes(32).toString('base64'), ACTIVATION_CODE_PREVIOUS_KEYS: '', ACTIVATION_CODE_TTL_DAYS: 90 });
  let seeded: Kysely<Database>;
  let migrated: Kysely<Database>;

  beforeAll(async () => {
    seeded = createDatabase<Database>({ url: await isolation.database('seeded'), max: 2 });
    migrated = createDatabase<Database>({ url: await isolation.database('migrated'), max: 2 });
    for (const db of [seeded, migrated]) await migrateToLatest(db as Kysely<unknown>, identityMigrations);
    await seed(seeded, { schools: 3, members: 3000, codes });
  }, 120_000);
  afterAll(async () => {
    await seeded.destroy();
    await migrated.destroy();
    await isolation.cleanup();
  });

  it('leaves the schema of the migrations: indexes, constraints and triggers', async () => {
    const catalog = async (db: Kysely<Database>) => {
      const { rows } = await sql<{ item: string }>`
        SELECT 'index ' || indexdef AS item FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL SELECT 'trigger ' || tgenabled::text || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
        ORDER BY 1`.execute(db);
      return rows.map((r) => r.item);
    };
    const expected = await catalog(migrated);
    expect(expected.length).toBeGreaterThan(50);
    expect(await catalog(seeded)).toEqual(expected);
  });

  it('gives every login its skeleton, and every account not activated a code sealed for it', async () => {
    const { rows } = await sql<{ id: string; username: string; username_skeleton: string; activation_code: string | null; activated_at: Date | null }>`
      SELECT id, username, username_skeleton, activation_code, activated_at FROM accounts WHERE role <> 'manager'`.execute(seeded);
    expect(rows.length).toBeGreaterThan(2900);
    for (const row of rows) {
      expect(row.username_skeleton).toBe(loginSkeleton(row.username));
      if (row.activated_at === null) expect(codes.open(row.activation_code, row.id)).toMatch(/^[a-z0-9]{8}$/);
    }
  });

  it('writes the copies, the tallies and the report’s ledgers as the triggers would have', async () => {
    const { rows } = await sql<Record<string, number>>`
      SELECT
        (SELECT count(*)::int FROM account_schools m JOIN accounts a ON a.id = m.account_id
          WHERE (m.role, m.profile, m.sort_name, m.search, m.is_activated, m.has_email, m.is_deactivated, m.is_pre_deleted)
                IS DISTINCT FROM (a.role, a.profile, a.sort_name, a.search, a.is_activated, a.has_email, a.is_deactivated, a.is_pre_deleted)) AS memberships,
        (SELECT count(*)::int FROM account_classes x JOIN accounts a ON a.id = x.account_id
          WHERE (x.role, x.is_activated, x.is_deactivated, x.is_pre_deleted) IS DISTINCT FROM (a.role, a.is_activated, a.is_deactivated, a.is_pre_deleted)) AS classes,
        (SELECT count(*)::int FROM (SELECT role, coalesce(profile, '-') AS profile, is_activated, has_email, count(*) AS n FROM accounts GROUP BY 1, 2, 3, 4) a
          FULL JOIN (SELECT role, coalesce(profile, '-') AS profile, is_activated, has_email, sum(n) AS n FROM account_tallies GROUP BY 1, 2, 3, 4) t
          USING (role, profile, is_activated, has_email)
          WHERE a.n IS DISTINCT FROM t.n) AS tallies,
        (SELECT count(*)::int FROM (SELECT x.class_id, count(*) FILTER (WHERE x.is_activated) AS yes, count(*) FILTER (WHERE NOT x.is_activated) AS no
            FROM account_classes x WHERE x.role = 'member' GROUP BY 1) c
          FULL JOIN (SELECT class_id, sum(activated) AS yes, sum(not_activated) AS no FROM activation_counts_by_class GROUP BY 1) l USING (class_id)
          WHERE (c.yes, c.no) IS DISTINCT FROM (l.yes, l.no)) AS ledger,
        (SELECT count(*)::int FROM accounts WHERE role = 'member' AND NOT EXISTS (SELECT FROM account_schools WHERE account_id = accounts.id)) AS without_school`.execute(seeded);
    expect(rows[0]).toEqual({ memberships: 0, classes: 0, tallies: 0, ledger: 0, without_school: 0 });
  });
});
