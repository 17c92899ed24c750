import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { AafPerson, diffedFeed, feedIn, writeAafDelivery } from './feeds-support';
import { validated, settled } from './imports-support';

const A = '0750001U';
const SCHOOLS = [{ uai: A, name: 'COLLEGE VICTOR HUGO' }];
const pad = (n: number) => String(n).padStart(4, '0');

/** Year 1: 100 students in 6A, the first ten with a relative each. */
const year1: AafPerson[] = [
  ...Array.from({ length: 100 }, (_, i): AafPerson => ({ key: `S${pad(i)}`, entity: 'Eleve', classes: [`${A}$6A`], relatives: i < 10 ? [`R${pad(i)}$1`] : [] })),
  ...Array.from({ length: 10 }, (_, i): AafPerson => ({ key: `R${pad(i)}`, entity: 'PersRelEleve' })),
];

/**
 * Year 2: the 100 students changed (50 renamed, 50 moved to 6B) and 900 new ones, in 6A and in 6C, 6D;
 * 6B, 6C and 6D are classes the feed creates. The first ten new ones are children of year 1’s relatives.
 */
const year2: AafPerson[] = [
  ...Array.from({ length: 100 }, (_, i): AafPerson => ({
    key: `S${pad(i)}`, entity: 'Eleve', classes: [`${A}$${i < 50 ? '6A' : '6B'}`], lastName: i < 50 ? `Renommé ${i}` : undefined, relatives: i < 10 ? [`R${pad(i)}$1`] : [],
  })),
  ...Array.from({ length: 900 }, (_, i): AafPerson => ({ key: `N${pad(i)}`, entity: 'Eleve', classes: [`${A}$${['6A', '6C', '6D'][i % 3]}`], relatives: i < 10 ? [`R${pad(i)}$1`] : [] })),
  ...Array.from({ length: 10 }, (_, i): AafPerson => ({ key: `R${pad(i)}`, entity: 'PersRelEleve' })),
];

/**
 * Issue 16's undo through the gateway: a feed of 900 new and 100 changed persons undone to the exact
 * prior state but for one account activated meanwhile, which blocks and is listed; and a CSV import.
 */
describe('undo of an import or a feed', () => {
  let stack: Stack;
  let dir: Directory;
  let manager: Api;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'undo-e2e-'));
    stack = await startStack({ importer: { FEED_DIR: join(work, 'feed-dir') } });
    dir = await seedDirectory(stack.api);
    manager = stack.api.as(dir.tokens.manager);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Every row of the directory but those of `except` (an account, its memberships, classes and links). */
  async function directory(except: string | null = null) {
    const db = stack.identityDb;
    const not = except ?? '00000000-0000-0000-0000-000000000000';
    const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
    // `updated_at` moves forward with the undo, which the académie's tools must see in their deltas.
    const accounts = (await rows(sql`SELECT * FROM accounts WHERE id <> ${not} ORDER BY id`)).map(({ updated_at, ...row }: any) => row);
    return {
      accounts,
      schools: await rows(sql`SELECT * FROM account_schools WHERE account_id <> ${not} ORDER BY account_id, school_id`),
      classes: await rows(sql`SELECT * FROM account_classes WHERE account_id <> ${not} ORDER BY account_id, class_id`),
      links: await rows(sql`SELECT * FROM relative_links WHERE relative_id <> ${not} AND student_id <> ${not} ORDER BY relative_id, student_id`),
      classList: await rows(sql`SELECT id, school_id, name FROM classes ORDER BY id`),
    };
  }

  it('undoes a feed of 900 new and 100 changed persons to the exact prior state; one account activated since blocks and is listed', async () => {
    const first = await diffedFeed(stack.api, dir.tokens.manager, writeAafDelivery(join(work, 'year1'), SCHOOLS, year1), { kind: 'aaf' });
    expect((await manager.post(`/api/v1/feeds/${first.id}/confirm`, { held: [] })).status).toBe(202);
    await feedIn(manager, first.id, ['applied']);
    const before = await directory();

    const second = await diffedFeed(stack.api, dir.tokens.manager, writeAafDelivery(join(work, 'year2'), SCHOOLS, year2), { kind: 'aaf' });
    expect(second.totals).toMatchObject({ new: 900, names: 50, moved: 50 });
    expect((await manager.post(`/api/v1/feeds/${second.id}/confirm`, { held: [] })).status).toBe(202);
    await feedIn(manager, second.id, ['applied']);

    // One of the new accounts is activated through the public activation page.
    const found = await manager.get('/api/v1/users?q=N0000&pageSize=5');
    const newcomer = (await manager.get(`/api/v1/users/${found.body.items[0].id}`)).body;
    const activated = await stack.api.request('POST', '/api/v1/auth/activate', { username: newcomer.username, activationCode: newcomer.activationCode, password: 'ma phrase de passe à moi' });
    expect(activated.status).toBe(200);

    // An administrator did not confirm it: not theirs to undo.
    expect((await stack.api.as(dir.tokens.administrator).get(`/api/v1/feeds/${second.id}/undo`)).status).toBe(403);
    expect((await stack.api.as(dir.tokens.supervisor).post(`/api/v1/feeds/${second.id}/undo`, {})).status).toBe(403);

    const preview = await manager.get(`/api/v1/feeds/${second.id}/undo`);
    expect(preview.status).toBe(200);
    // The 100 changed students and the ten relatives whose children changed.
    expect(preview.body).toMatchObject({ kind: 'feed', toRemove: 899, toRestore: 110, classes: 3, blocked: 1, undoneAt: null });
    expect(preview.body.blockers).toEqual([{ id: newcomer.id, username: newcomer.username, firstName: newcomer.firstName, lastName: newcomer.lastName, reasons: ['activated'] }]);

    const refused = await manager.post(`/api/v1/feeds/${second.id}/undo`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(`Des comptes ont changé depuis : ${newcomer.username} (1 en tout). Ils ont été activés, distribués ou modifiés ; consultez l’aperçu de l’annulation, puis annulez le reste si vous le souhaitez.`);

    const undone = await manager.post(`/api/v1/feeds/${second.id}/undo`, { skipBlocked: true });
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ removed: 899, restored: 110, classesRemoved: 3, blocked: 1, partial: true });
    // Every row as before the apply, but the activated account's (in 6A, a class of year 1: the list of classes is as before too).
    expect(await directory(newcomer.id)).toEqual(before);

    const again = await manager.post(`/api/v1/feeds/${second.id}/undo`, { skipBlocked: true });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('Cette opération a déjà été annulée.');
  });

  it('undoes a confirmed CSV import: its accounts are gone, for its administrator', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `annule.${i};Léa;Martin;;;;;student;${A};3A;`);
    const file = Buffer.from(['userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId', ...rows].join('\n') + '\n');
    const admin = stack.api.as(dir.tokens.administrator);
    const report = await validated(stack.api, dir.tokens.administrator, file);
    expect((await admin.post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
    expect(await settled(admin, report.id)).toMatchObject({ status: 'done', createdAccounts: 5 });

    expect((await stack.api.as(dir.tokens.adminB).get(`/api/v1/imports/${report.id}/undo`)).status).toBe(403);
    const preview = await admin.get(`/api/v1/imports/${report.id}/undo`);
    expect(preview.body).toMatchObject({ kind: 'import', confirmedBy: dir.adminA.id, toRemove: 5, toRestore: 0, blocked: 0 });
    const undone = await admin.post(`/api/v1/imports/${report.id}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ removed: 5, restored: 0, blocked: 0, partial: false });
    expect((await admin.get('/api/v1/users?q=annule.&pageSize=50')).body.total).toBe(0);
    expect((await manager.get(`/api/v1/imports/${report.id}/undo`)).body.undoneAt).toBe(undone.body.undoneAt);
  });
});
