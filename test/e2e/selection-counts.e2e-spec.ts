import { sql } from 'kysely';
import { TalliesRepository } from '@sesame/identity/testing';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * The manager's académie-wide counts come from the tallies that triggers keep (migration 0007).
 * Whatever changes the accounts, they must equal a plain count of the rows, before and after the
 * ledger is folded.
 */
describe('académie-wide counts', () => {
  let stack: Stack;
  let d: Directory;
  let manager: Api;
  let tallies: TalliesRepository;

  beforeAll(async () => {
    // Folding is triggered by hand here, to check the ledger before and after.
    stack = await startStack({ identity: { TALLY_FOLD_INTERVAL_MS: '3600000' } });
    d = await seedDirectory(stack.api);
    manager = stack.api.as(d.tokens.manager);
    tallies = stack.identity.get(TalliesRepository);
  });
  afterAll(async () => {
    await stack.close();
  });

  const FILTERS = [
    '',
    'profile=student',
    'profile=student,relative&activation=not_activated',
    'activation=activated',
    'email=with',
    'email=without&profile=teacher',
    'adminsOnly=true',
    'role=member',
    'preDeleted=only',
    'preDeleted=include&deactivated=include',
    'deactivated=only',
    'neverDistributed=true',
  ];

  /** Each filter's total as the API gives it (tallies) against the same filter counted on the rows. */
  async function expectCountsExact(): Promise<void> {
    for (const filter of FILTERS) {
      const fromTallies = await manager.get(`/api/v1/users?pageSize=1&${filter}`);
      // A date filter the tallies cannot answer: the rows are counted instead.
      const fromRows = await manager.get(`/api/v1/users?pageSize=1&createdFrom=2000-01-01&${filter}`);
      expect({ filter, total: fromTallies.body.total }).toEqual({ filter, total: fromRows.body.total });
    }
  }

  it('counts as the rows do after accounts are created, changed and deleted', async () => {
    await expectCountsExact();
    const created = [];
    for (let i = 0; i < 6; i++) created.push(await d.student(d.schoolA, { email: i % 2 ? `eleve${i}@ac-test.fr` : undefined }));
    await expectCountsExact();

    await manager.post(`/api/v1/users/${created[0].id}/deactivate`);
    await manager.post(`/api/v1/users/${created[1].id}/pre-delete`);
    await stack.api.post('/api/v1/auth/activate', { username: created[2].username, activationCode: created[2].activationCode, password: 'une phrase de passe choisie' });
    await manager.patch(`/api/v1/users/${created[3].id}`, { email: 'nouvelle.adresse@ac-test.fr', profile: 'guest' });
    await sql`UPDATE accounts SET last_distributed_at = now() WHERE id = ${created[4].id}`.execute(stack.identityDb);
    await sql`DELETE FROM accounts WHERE id = ${created[5].id}`.execute(stack.identityDb);
    await expectCountsExact();
  });

  it('keeps them exact when the ledger is folded, even beside writers', async () => {
    const before = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM account_tallies`.execute(stack.identityDb)).rows[0].n);
    await Promise.all([
      tallies.fold(),
      ...Array.from({ length: 8 }, () => d.student(d.schoolB)),
      tallies.fold(),
    ]);
    await tallies.fold();
    const { rows } = await sql<{ combinations: string; rows: string; negative: string }>`
      SELECT count(DISTINCT (role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed)) AS combinations,
             count(*) AS rows, count(*) FILTER (WHERE n <= 0) AS negative
        FROM account_tallies`.execute(stack.identityDb);
    // One row per combination once folded, none empty or negative, fewer rows than the ledger had.
    expect(rows[0].rows).toBe(rows[0].combinations);
    expect(Number(rows[0].negative)).toBe(0);
    expect(Number(rows[0].rows)).toBeLessThan(before + 8);
    await expectCountsExact();
  });

  it('is folded by the scheduled job', async () => {
    const folding = await startStack({ identity: { TALLY_FOLD_INTERVAL_MS: '200' } });
    try {
      const local = await seedDirectory(folding.api);
      await local.student(local.schoolA);
      const rowsNow = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM account_tallies`.execute(folding.identityDb)).rows[0].n);
      const combinations = async () =>
        Number(
          (
            await sql<{ n: string }>`
              SELECT count(DISTINCT (role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed)) AS n
                FROM account_tallies`.execute(folding.identityDb)
          ).rows[0].n,
        );
      const deadline = Date.now() + 10_000;
      while ((await rowsNow()) !== (await combinations()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await rowsNow()).toBe(await combinations());
    } finally {
      await folding.close();
    }
  });
});
