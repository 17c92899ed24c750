import { loginSkeleton } from '@sesame/account-rules';
import { createDatabase, migrateToLatest } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import { Kysely, sql } from 'kysely';
import { LoginAllocator, LoginOwner } from '../src/accounts/login-allocation';
import { identityMigrations } from '../src/database/migrations';

/**
 * Generated logins on a real directory: the first free suffix, look-alikes refused, logins without a
 * skeleton yet counted as in use, and one allocator over many batches giving what an allocation of
 * all of them at once would give.
 */
describe('login allocation', () => {
  const isolation = new TestIsolation();
  let db: Kysely<any>;
  const owner = (firstName: string, lastName: string, externalId = `${firstName}-${lastName}`): LoginOwner => ({ firstName, lastName, externalId });

  async function insert(...usernames: string[]): Promise<void> {
    for (const username of usernames) {
      await sql`INSERT INTO accounts (username, username_skeleton, role, profile) VALUES (${username}, ${loginSkeleton(username)}, 'member', 'student')`.execute(db);
    }
  }

  beforeAll(async () => {
    db = createDatabase<any>({ url: await isolation.database('identity'), max: 2 });
    await migrateToLatest(db, identityMigrations);
  });
  afterEach(() => sql`TRUNCATE accounts CASCADE`.execute(db));
  afterAll(async () => {
    await db.destroy();
    await isolation.cleanup();
  });

  it('gives the first free suffix across the directory, skipping look-alikes of logins in use', async () => {
    // jean.dupont3 is free by name, but jean.dupont3 with a Cyrillic е looks like it.
    await insert('jean.dupont', 'jean.dupont2', 'j\u0435an.dupont3', 'jean.dupontel');
    const logins = await new LoginAllocator(db).allocate([owner('Jean', 'Dupont'), owner('Jean', 'Dupont'), owner('Éloïse', "d'Aubigné")]);
    expect(logins).toEqual(['jean.dupont4', 'jean.dupont5', 'eloise.daubigne']);
  });

  it('counts a login whose skeleton is not computed yet as in use', async () => {
    await sql`INSERT INTO accounts (username, role, profile) VALUES ('lea.martin', 'member', 'student')`.execute(db);
    expect(await new LoginAllocator(db).allocate([owner('Léa', 'Martin')])).toEqual(['lea.martin2']);
  });

  it('gives across batches what one allocation of all of them gives, and never twice the same login', async () => {
    await insert('lou.abeille', 'lou.abeille3');
    const owners = Array.from({ length: 60 }, (_, i) => owner(['Lou', 'Nora', 'Hugo'][i % 3], ['Abeille', 'Brume'][i % 2], `K${i}`));
    const once = await new LoginAllocator(db).allocate(owners);
    const allocator = new LoginAllocator(db);
    const batched: string[] = [];
    for (let i = 0; i < owners.length; i += 7) {
      const logins = await allocator.allocate(owners.slice(i, i + 7));
      // As the feed's apply does: each batch is inserted before the next is allocated.
      await insert(...logins);
      batched.push(...logins);
    }
    expect(batched).toEqual(once);
    expect(new Set(batched.map(loginSkeleton)).size).toBe(owners.length);
    expect(batched).not.toContain('lou.abeille');
    expect(batched).not.toContain('lou.abeille3');
    expect(batched.filter((l) => l.startsWith('lou.abeille')).slice(0, 3)).toEqual(['lou.abeille2', 'lou.abeille4', 'lou.abeille5']);
  });

  it('makes a login of the key when the names give none', async () => {
    expect(await new LoginAllocator(db).allocate([owner('', '', 'AAF-12 34')])).toEqual(['compte.aaf-12-34']);
  });
});
