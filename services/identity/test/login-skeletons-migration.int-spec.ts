import { loginSkeleton } from '@sesame/account-rules';
import { createDatabase, isUniqueViolation, migrateToLatest } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import { Kysely, sql } from 'kysely';
import { identityMigrations } from '../src/database/migrations';

/** Migration 0009 on a directory that already holds look-alike logins: it must not fail. */
describe('migration 0009: login skeletons', () => {
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
  });
  afterAll(async () => {
    await db.destroy();
    await isolation.cleanup();
  });

  it('stores every skeleton, and ranks the look-alikes found after the oldest of each group', async () => {
    const { rows } = await sql<{ username: string; username_skeleton: string; username_skeleton_rank: number }>`
      SELECT username, username_skeleton, username_skeleton_rank FROM accounts ORDER BY created_at`.execute(db);
    expect(rows).toEqual([
      { username: 'gestionnaire', username_skeleton: loginSkeleton('gestionnaire'), username_skeleton_rank: 0 },
      { username: 'gestionn\u0430ire', username_skeleton: loginSkeleton('gestionnaire'), username_skeleton_rank: 1 },
      { username: 'ｇｅｓｔｉｏｎｎａｉｒｅ', username_skeleton: loginSkeleton('gestionnaire'), username_skeleton_rank: 2 },
      { username: 'JDupont', username_skeleton: loginSkeleton('JDupont'), username_skeleton_rank: 0 },
      { username: 'jdupont', username_skeleton: loginSkeleton('jdupont'), username_skeleton_rank: 0 },
      { username: 'marie', username_skeleton: loginSkeleton('marie'), username_skeleton_rank: 0 },
      { username: 'rnarie', username_skeleton: loginSkeleton('marie'), username_skeleton_rank: 1 },
    ]);
  });

  it('refuses any new login whose skeleton is in use', async () => {
    const insert = sql`INSERT INTO accounts (username, username_skeleton, role, profile, first_name, last_name) VALUES ('gestionnaіre', ${loginSkeleton('gestionnaіre')}, 'member', 'student', 'A', 'B')`;
    const error = await insert.execute(db).then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(error, 'accounts_username_skeleton_key')).toBe(true);
  });
});
