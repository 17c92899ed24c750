import { loginSkeleton } from '@sesame/account-rules';
import { createDatabase, isUniqueViolation, migrateToLatest } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import { Kysely, sql } from 'kysely';
import { identityMigrations } from '../src/database/migrations';
import { fillMissingSkeletons } from '../src/accounts/login-skeletons.repository';

/**
 * Migration 0009, then the maintenance job that fills the skeletons, on a directory that already
 * holds look-alike logins: neither may fail, and those accounts keep working.
 */
describe('migration 0009 and the filling of login skeletons', () => {
  const isolation = new TestIsolation();
  let db: Kysely<any>;

  beforeAll(async () => {
    db = createDatabase<any>({ url: await isolation.database('identity'), max: 2 });
    const before = Object.fromEntries(Object.entries(identityMigrations).filter(([name]) => name < '0009'));
    await migrateToLatest(db, before);
    const logins = ['gestionnaire', 'gestionn\u0430ire', 'ｇｅｓｔｉｏｎｎａｉｒｅ', 'JDupont', 'jdupont', 'marie', 'rnarie'];
    for (const [i, username] of logins.entries()) {
      await sql`INSERT INTO accounts (username, role, profile, first_name, last_name, created_at) VALUES (${username}, 'member', 'student', 'A', 'B', ${new Date(Date.UTC(2024, 0, 1 + i))})`.execute(db);
    }
    await migrateToLatest(db, identityMigrations);
    // The previous version, still running during a rollout, inserts accounts without a skeleton.
    await sql`INSERT INTO accounts (username, role, profile, first_name, last_name, created_at) VALUES ('rnarie2', 'member', 'student', 'A', 'B', ${new Date(Date.UTC(2024, 1, 1))})`.execute(db);
    expect(await fillMissingSkeletons(db)).toBe(8);
    expect(await fillMissingSkeletons(db)).toBe(0);
  });
  afterAll(async () => {
    await db.destroy();
    await isolation.cleanup();
  });

  it('stores every skeleton, and ranks the look-alikes of each group 0, 1, 2 …', async () => {
    const { rows } = await sql<{ username: string; username_skeleton: string; username_skeleton_rank: number }>`
      SELECT username, username_skeleton, username_skeleton_rank FROM accounts`.execute(db);
    const ranks = new Map<string, number[]>();
    for (const row of rows) {
      expect(row.username_skeleton).toBe(loginSkeleton(row.username));
      ranks.set(row.username_skeleton, [...(ranks.get(row.username_skeleton) ?? []), row.username_skeleton_rank].sort());
    }
    expect(Object.fromEntries(ranks)).toEqual({
      [loginSkeleton('gestionnaire')]: [0, 1, 2],
      [loginSkeleton('JDupont')]: [0],
      [loginSkeleton('jdupont')]: [0],
      [loginSkeleton('marie')]: [0, 1],
      [loginSkeleton('marie2')]: [0],
    });
  });

  it('ranks an account filled later after those already filled', async () => {
    await sql`INSERT INTO accounts (username, role, profile, first_name, last_name) VALUES ('gest\u0456onnaire', 'member', 'student', 'A', 'B')`.execute(db);
    expect(await fillMissingSkeletons(db)).toBe(1);
    const { rows } = await sql<{ rank: number }>`SELECT username_skeleton_rank AS rank FROM accounts WHERE username = 'gest\u0456onnaire'`.execute(db);
    expect(rows).toEqual([{ rank: 3 }]);
  });

  it('refuses any new login whose skeleton is in use', async () => {
    const insert = sql`INSERT INTO accounts (username, username_skeleton, role, profile, first_name, last_name) VALUES ('gestionnaіre', ${loginSkeleton('gestionnaіre')}, 'member', 'student', 'A', 'B')`;
    const error = await insert.execute(db).then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(error, 'accounts_username_skeleton_key')).toBe(true);
  });
});
