import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

const PUPILS = 600;
const NEWCOMERS = 160;
const CLASSES = 20;
/** Accounts created `parallel` at a time through the API, as a school's secretary and a script would. */
async function inBatches<T>(count: number, parallel: number, create: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += parallel) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, k) => create(start + k)))));
  }
  return out;
}

/**
 * The rentrée through the API (issue 16, done-when): 600 staying pupils keep their login, password and
 * activation, their classes are archived; letters « arrived since the rentrée » select the 160
 * newcomers only; then year N is restored exactly.
 */
describe('the rentrée through the API', () => {
  let stack: Stack;
  let d: Directory;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-rentree-'));
    stack = await startStack({ mailmerge: { DOCUMENTS_DIR: dir } });
    d = await seedDirectory(stack.api);
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const credentials = async (schoolId: string) =>
    (await sql<any>`SELECT a.id, a.username, a.password_hash, a.activated_at, a.activation_code FROM accounts a
                    JOIN account_schools m ON m.account_id = a.id AND m.school_id = ${schoolId} WHERE a.profile = 'student' ORDER BY a.username`.execute(stack.identityDb)).rows;
  const classMemberships = async (schoolId: string) =>
    (await sql<any>`SELECT ac.account_id, ac.class_id, ac.inherited FROM account_classes ac JOIN classes c ON c.id = ac.class_id
                    WHERE c.school_id = ${schoolId} ORDER BY 1, 2`.execute(stack.identityDb)).rows;

  it('keeps the credentials of 600 staying pupils, archives their classes, offers letters to the 160 newcomers only, then restores', async () => {
    const manager = d.asManager;
    const school = d.schoolA.id;
    const classes = await inBatches(CLASSES, 5, async (i) => (await manager.post(`/api/v1/schools/${school}/classes`, { name: `6${String.fromCharCode(65 + i)}` })).body);
    // 600 pupils in 20 classes; one in a hundred chose a password (activated), the others have their code.
    const pupils = await inBatches(PUPILS, 10, async (i) => {
      const answer = await manager.post('/api/v1/users', {
        role: 'member', profile: 'student', firstName: 'Élève', lastName: `Reste ${i}`, username: uniqueName('reste'),
        schoolIds: [school], classIds: [classes[i % CLASSES].id], ...(i % 100 === 0 ? { password: PASSWORD } : {}),
      });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      return answer.body;
    });
    const activated = pupils.filter((_, i) => i % 100 === 0);
    expect(activated).toHaveLength(6);
    for (const pupil of activated) await stack.api.login(pupil.username, PASSWORD);
    // Every letter of year N was handed out (as the distribution log records it).
    await sql`UPDATE accounts SET last_distributed_at = now() - interval '200 days', last_distribution_channel = 'pdf'`.execute(stack.identityDb);

    const body = { schoolIds: [school], schoolYear: 2027 };
    // The seed's student (memberA) stays too, and its class 3A is archived with the others.
    const preview = await manager.post('/api/v1/rentrees/preview', body);
    expect(preview.status).toBe(200);
    expect(preview.body.total).toEqual({ classesArchived: CLASSES + 1, pupilsKept: PUPILS + 1, pupilsWithoutClass: PUPILS + 1, newcomers: 0, classesCreated: 0 });
    expect((await stack.api.as(d.tokens.adminB).post('/api/v1/rentrees/preview', body)).status).toBe(403);
    expect((await stack.api.as(d.tokens.supervisor).post('/api/v1/rentrees', body)).status).toBe(403);

    const before = { credentials: await credentials(school), classes: (await manager.get(`/api/v1/schools/${school}/classes`)).body, memberships: await classMemberships(school) };
    expect(before.credentials).toHaveLength(PUPILS + 1);
    expect(before.memberships).toHaveLength(PUPILS + 1);
    const opened = await stack.api.as(d.tokens.administrator).post('/api/v1/rentrees', body);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ schoolYear: 2027, restorable: true, counts: { classesArchived: CLASSES + 1, pupilsKept: PUPILS + 1 } });
    expect((await manager.post('/api/v1/rentrees', body)).status).toBe(409);

    // Same login, password and activation state; those who chose a password sign in with it.
    expect(await credentials(school)).toEqual(before.credentials);
    for (const pupil of activated) await stack.api.login(pupil.username, PASSWORD);
    expect((await manager.get(`/api/v1/schools/${school}/classes`)).body).toEqual([]);
    expect(await classMemberships(school)).toEqual([]);

    // The 160 newcomers arrive, in a class of the new year.
    const newClass = (await manager.post(`/api/v1/schools/${school}/classes`, { name: '6A' })).body;
    const newcomers = await inBatches(NEWCOMERS, 10, async (i) => {
      const answer = await stack.api.as(d.tokens.administrator).post('/api/v1/users', {
        role: 'member', profile: 'student', firstName: 'Élève', lastName: `Arrivé ${i}`, schoolIds: [school], classIds: [newClass.id],
      });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      return answer.body;
    });
    // The distribution's « arrived since the rentrée »: the newcomers, nobody else.
    const letters = await stack.api.as(d.tokens.administrator).post('/api/v1/campaigns/preview', { filter: { schoolId: school, arrivedSinceRentree: true }, channel: 'pdf' });
    expect(letters.status).toBe(200);
    expect(letters.body).toMatchObject({ selected: NEWCOMERS, reached: NEWCOMERS });
    const listed = await stack.api.as(d.tokens.administrator).get(`/api/v1/users?schoolId=${school}&arrivedSinceRentree=true&pageSize=500`);
    expect(listed.body.items.map((u: any) => u.id).sort()).toEqual(newcomers.map((u) => u.id).sort());

    // Restore: year N's classes (same ids) and class memberships exactly; the newcomers stay in the school, without a class.
    const restored = await stack.api.as(d.tokens.administrator).post(`/api/v1/rentrees/${opened.body.id}/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ restorable: false, restoredAt: expect.any(String) });
    expect((await manager.get(`/api/v1/schools/${school}/classes`)).body).toEqual(before.classes);
    expect(await classMemberships(school)).toEqual(before.memberships);
    expect(await credentials(school)).toHaveLength(PUPILS + 1 + NEWCOMERS);
    expect((await stack.api.as(d.tokens.administrator).post(`/api/v1/rentrees/${opened.body.id}/restore`, {})).status).toBe(409);
    const list = await stack.api.as(d.tokens.adminB).get('/api/v1/rentrees');
    expect(list.body.items).toEqual([]);
    expect((await manager.get('/api/v1/rentrees')).body.items.map((r: any) => r.id)).toEqual([opened.body.id]);
  }, 240_000);
});
