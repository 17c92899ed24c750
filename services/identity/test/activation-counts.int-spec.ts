import { createDatabase, migrateToLatest } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import { Kysely, sql } from 'kysely';
import { insertMemberships } from '../src/accounts/memberships.repository';
import { identityMigrations } from '../src/database/migrations';
import type { Database } from '../src/database/schema';
import { ReportsRepository } from '../src/reports/reports.repository';
import { TalliesRepository } from '../src/users/tallies.repository';

/**
 * Migration 0022: the activation report reads ledgers that triggers keep. After every kind of write
 * (memberships, classes, activation, deactivation, pre-deletion, a change of profile, deletions of
 * accounts and classes, the fold) the report must equal what counting the rows says, to the row.
 */
describe('the activation report’s ledgers (migration 0022)', () => {
  const isolation = new TestIsolation();
  let db: Kysely<Database>;
  let reports: ReportsRepository;
  let schoolIds: string[];

  // What the report counted before 0022, straight from the rows.
  async function counted() {
    const byProfile = await sql<{ school_id: string; key: string; activated: number; not_activated: number }>`
      SELECT x.school_id, a.profile AS key, count(*) FILTER (WHERE a.activated_at IS NOT NULL)::int AS activated,
             count(*) FILTER (WHERE a.activated_at IS NULL)::int AS not_activated
      FROM account_schools x JOIN accounts a ON a.id = x.account_id
      WHERE a.role = 'member' AND a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
    const byClass = await sql<{ school_id: string; key: string; activated: number; not_activated: number }>`
      SELECT c.school_id, c.id::text AS key, count(*) FILTER (WHERE a.activated_at IS NOT NULL)::int AS activated,
             count(*) FILTER (WHERE a.activated_at IS NULL)::int AS not_activated
      FROM classes c JOIN account_classes x ON x.class_id = c.id JOIN accounts a ON a.id = x.account_id
      WHERE a.role = 'member' AND a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
    return { byProfile: byProfile.rows, byClass: byClass.rows };
  }

  async function reported() {
    const strip = (rows: Array<{ school_id: string; key: string; activated: number; not_activated: number }>) =>
      rows
        .map(({ school_id, key, activated, not_activated }) => ({ school_id, key, activated, not_activated }))
        .sort((a, b) => a.school_id.localeCompare(b.school_id) || a.key.localeCompare(b.key));
    return { byProfile: strip(await reports.countsByProfile(schoolIds)), byClass: strip(await reports.countsByClass(schoolIds)) };
  }

  async function expectExact(): Promise<void> {
    const expected = await counted();
    expect(expected.byProfile.length).toBeGreaterThan(0);
    expect(await reported()).toEqual(expected);
  }

  const member = (username: string, profile: string, activated: boolean) => sql<{ id: string }>`
    INSERT INTO accounts (username, role, profile, first_name, last_name, activated_at)
    VALUES (${username}, 'member', ${profile}, 'A', ${username}, ${activated ? new Date() : null}) RETURNING id`;
  const idOf = async (username: string) => (await sql<{ id: string }>`SELECT id FROM accounts WHERE username = ${username}`.execute(db)).rows[0].id;

  beforeAll(async () => {
    db = createDatabase<Database>({ url: await isolation.database('identity'), max: 2 });
    // Accounts written before the migration are counted by its backfill.
    await migrateToLatest(db as Kysely<unknown>, Object.fromEntries(Object.entries(identityMigrations).filter(([name]) => name < '0022')));
    const schools = await sql<{ id: string }>`
      INSERT INTO schools (uai, name) VALUES ('0750001A', 'Collège A'), ('0750002B', 'Collège B') RETURNING id`.execute(db);
    schoolIds = schools.rows.map((s) => s.id);
    await sql`INSERT INTO classes (school_id, name) SELECT s, n FROM unnest(${sql.val(schoolIds)}::uuid[]) s, unnest(ARRAY['6A', '6B']) n`.execute(db);
    for (const [i, profile] of ['student', 'student', 'student', 'relative', 'teacher'].entries()) await member(`before${i}`, profile, i % 2 === 0).execute(db);
    await insertMemberships(sql`SELECT a.id, ${schoolIds[0]}::uuid, false FROM accounts a WHERE a.username LIKE 'before%'`).execute(db);
    await sql`INSERT INTO account_classes (account_id, class_id)
      SELECT a.id, c.id FROM accounts a, classes c WHERE a.username LIKE 'before%' AND c.school_id = ${schoolIds[0]} AND c.name = '6A'`.execute(db);
    await migrateToLatest(db as Kysely<unknown>, identityMigrations);
    reports = new ReportsRepository(db as never);
  });
  afterAll(async () => {
    await db.destroy();
    await isolation.cleanup();
  });

  it('counts what was there before the migration', expectExact);

  it('follows new members, their schools and classes, and a relative inheriting them', async () => {
    for (const [i, profile] of ['student', 'student', 'relative', 'personnel'].entries()) await member(`after${i}`, profile, i === 1).execute(db);
    await insertMemberships(sql`SELECT a.id, ${schoolIds[1]}::uuid, a.profile = 'relative' FROM accounts a WHERE a.username LIKE 'after%'`).execute(db);
    await sql`INSERT INTO account_classes (account_id, class_id, inherited)
      SELECT a.id, c.id, a.profile = 'relative' FROM accounts a, classes c WHERE a.username LIKE 'after%' AND c.school_id = ${schoolIds[1]}`.execute(db);
    // An account in both schools, and the same membership written again (ON CONFLICT … DO UPDATE).
    await insertMemberships(sql`SELECT id, ${schoolIds[1]}::uuid, false FROM accounts WHERE username = 'before0'`).execute(db);
    await insertMemberships(sql`SELECT id, ${schoolIds[1]}::uuid, false FROM accounts WHERE username = 'after2'`).execute(db);
    await expectExact();
  });

  it('follows activation, deactivation, pre-deletion and a change of profile', async () => {
    await sql`UPDATE accounts SET activated_at = now() WHERE username IN ('before1', 'after0')`.execute(db);
    await expectExact();
    await sql`UPDATE accounts SET deactivated_at = now() WHERE username = 'before2'`.execute(db);
    await sql`UPDATE accounts SET pre_deleted_at = now(), delete_after = now() + interval '30 days' WHERE username = 'after1'`.execute(db);
    await expectExact();
    await sql`UPDATE accounts SET deactivated_at = NULL WHERE username = 'before2'`.execute(db);
    await sql`UPDATE accounts SET profile = 'teacher' WHERE username = 'after3'`.execute(db);
    // A rename moves nothing.
    await sql`UPDATE accounts SET last_name = 'Renamed' WHERE username = 'before3'`.execute(db);
    await expectExact();
  });

  it('follows removals from classes and schools, and deleted accounts and classes', async () => {
    await sql`DELETE FROM account_classes WHERE account_id = ${await idOf('after0')}`.execute(db);
    await sql`DELETE FROM account_schools WHERE account_id = ${await idOf('before0')} AND school_id = ${schoolIds[1]}`.execute(db);
    await expectExact();
    await sql`DELETE FROM accounts WHERE username IN ('before4', 'after2')`.execute(db);
    await sql`DELETE FROM classes WHERE school_id = ${schoolIds[1]} AND name = '6B'`.execute(db);
    await expectExact();
  });

  it('gives the same counts after the fold, with one row per school and profile and per class', async () => {
    await new TalliesRepository(db as never).fold();
    await expectExact();
    const { rows } = await sql<{ profiles: number; groups: number; classes: number; classGroups: number }>`
      SELECT (SELECT count(*)::int FROM activation_counts_by_profile) AS profiles,
             (SELECT count(DISTINCT (school_id, profile))::int FROM activation_counts_by_profile) AS groups,
             (SELECT count(*)::int FROM activation_counts_by_class) AS classes,
             (SELECT count(DISTINCT class_id)::int FROM activation_counts_by_class) AS "classGroups"`.execute(db);
    expect(rows[0].profiles).toBe(rows[0].groups);
    expect(rows[0].classes).toBe(rows[0].classGroups);
  });
});
