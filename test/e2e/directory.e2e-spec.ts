import { IdentityEvents } from '@sesame/contracts';
import { sql } from 'kysely';
import { eventually } from '@sesame/testing';
import { PurgeService } from '@sesame/identity/testing';
import type { Api } from '../support/api';
import { EventTap } from '../support/events';
import { Directory, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * The selection of SPEC §4 on a small known school: every filter alone, combined, every sort,
 * pages, and scope; then pre-deletion and the activation report.
 */
describe('selection, pre-deletion and reports', () => {
  let stack: Stack;
  let d: Directory;
  let tap: EventTap;
  let admin: Api;
  const classes: Record<string, string> = {};
  const people: Record<string, { id: string; username: string; activationCode: string }> = {};

  beforeAll(async () => {
    stack = await startStack({ identity: { PURGE_INTERVAL_MS: '300' } });
    d = await seedDirectory(stack.api);
    tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, 'identity.user.#');
    admin = stack.api.as(d.tokens.administrator);
    for (const name of ['6B', '5A']) classes[name] = (await admin.post(`/api/v1/schools/${d.schoolA.id}/classes`, { name })).body.id;
    classes['3A'] = d.classA.id;
    const add = async (key: string, body: object) => {
      const answer = await admin.post('/api/v1/users', { role: 'member', schoolIds: [d.schoolA.id], ...body });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      people[key] = answer.body;
    };
    await add('zoe', { profile: 'student', firstName: 'Zoé', lastName: 'Abadie', classIds: [classes['6B']], email: 'zoe@example.org' });
    await add('emile', { profile: 'student', firstName: 'Émile', lastName: 'Éluard', classIds: [classes['5A']] });
    await add('eric', { profile: 'student', firstName: 'Eric', lastName: 'Eluard', classIds: [classes['6B']] });
    await add('paul', { profile: 'teacher', firstName: 'Paul', lastName: 'Martin', classIds: [classes['6B'], classes['5A']], email: 'paul@example.org' });
    await add('anne', { profile: 'relative', firstName: 'Anne', lastName: 'Abadie', childIds: [people.zoe.id], email: 'anne@example.org' });
    await add('old', { profile: 'personnel', firstName: 'Odile', lastName: 'Ancienne' });
    // Emile has activated his account; Old was created two years ago.
    await stack.api.post('/api/v1/auth/activate', { username: people.emile.username, activationCode: people.emile.activationCode, password: 'le mot de passe d’Émile' });
    await sql`UPDATE accounts SET created_at = '2024-09-02T10:00:00Z' WHERE id = ${people.old.id}`.execute(stack.identityDb);
  });
  it('refuses a school whose UAI does not end with its check letter, naming the right one', async () => {
    const answer = await d.asManager.post('/api/v1/schools', { uai: '0754321A', name: `Collège ${uniqueName('x')}` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'uai', code: 'uai.check' })]);
    expect(answer.body.errors[0].message).toBe('Le code UAI 0754321A n’existe pas : avec ces sept chiffres, la lettre de contrôle est P.');
    expect((await d.asManager.post('/api/v1/schools', { uai: '0754321P', name: `Collège ${uniqueName('x')}` })).status).toBe(201);
  });

  afterAll(async () => {
    await tap.close();
    await stack.close();
  });

  const mine = ['zoe', 'emile', 'eric', 'paul', 'anne', 'old'];
  const select = async (query: string, as: Api = admin) => {
    const answer = await as.get(`/api/v1/users?pageSize=500&${query}`);
    if (answer.status !== 200) throw new Error(`${query} → ${answer.status} ${JSON.stringify(answer.body)}`);
    expect(answer.body.total).toBe(answer.body.items.length);
    const byId = new Map(Object.entries(people).map(([key, p]) => [p.id, key]));
    return (answer.body.items as Array<{ id: string }>).map((row) => byId.get(row.id)).filter((key): key is string => key !== undefined);
  };
  const sorted = (keys: string[]) => [...keys].sort();

  it.each([
    ['profile=student', ['zoe', 'emile', 'eric']],
    ['profile=student,relative', ['zoe', 'emile', 'eric', 'anne']],
    [`classId=${'6B'}`, ['zoe', 'eric', 'paul', 'anne']],
    [`classId=${'6B'},${'5A'}`, ['zoe', 'emile', 'eric', 'paul', 'anne']],
    ['activation=activated', ['emile']],
    ['activation=not_activated', ['zoe', 'eric', 'paul', 'anne', 'old']],
    ['email=with', ['zoe', 'paul', 'anne']],
    ['email=without', ['emile', 'eric', 'old']],
    ['createdTo=2024-12-31', ['old']],
    ['createdFrom=2025-01-01', ['zoe', 'emile', 'eric', 'paul', 'anne']],
    ['q=eluard', ['emile', 'eric']],
    ['q=ÉLU', ['emile', 'eric']],
    ['q=abad', ['zoe', 'anne']],
  ])('filter %s alone', async (query, expected) => {
    const resolved = query.replace(/(6B|5A)/g, (name) => classes[name]);
    expect(sorted(await select(resolved))).toEqual(sorted(expected));
  });

  it('combines filters', async () => {
    expect(sorted(await select(`profile=student,relative&classId=${classes['6B']}&email=with`))).toEqual(['anne', 'zoe']);
    expect(sorted(await select(`schoolId=${d.schoolA.id}&profile=student&activation=not_activated&email=without`))).toEqual(['eric']);
    expect(await select(`profile=teacher&q=martin&createdFrom=2025-01-01&classId=${classes['5A']}`)).toEqual(['paul']);
  });

  it('lists administrators and supervisors only', async () => {
    const answer = await admin.get('/api/v1/users?adminsOnly=true&pageSize=500');
    const roles = new Set(answer.body.items.map((u: { role: string }) => u.role));
    expect([...roles].sort()).toEqual(['administrator', 'supervisor']);
    expect(answer.body.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining([d.adminA.username, d.supervisorA.username]));
  });

  it('sorts alphabetically in French order, by profile, by class', async () => {
    const byName = (await select('sort=name')).filter((k) => mine.includes(k));
    // Accents and case set aside over the whole name: Éluard Émile before Eluard Eric.
    expect(byName).toEqual(['anne', 'zoe', 'old', 'emile', 'eric', 'paul']);
    const byProfile = (await select('sort=profile&profile=student,teacher,relative')).filter((k) => mine.includes(k));
    // In the order of the French labels (Élève, Enseignant, Parent), not of the codes (relative, student, teacher).
    expect(byProfile).toEqual(['zoe', 'emile', 'eric', 'paul', 'anne']);
    const byClass = (await select(`sort=class&classId=${classes['6B']},${classes['5A']}`)).filter((k) => mine.includes(k));
    // 5A first (Émile, Paul's first class), then 6B by name.
    expect(byClass).toEqual(['emile', 'paul', 'anne', 'zoe', 'eric']);
  });

  it('pages with an exact total', async () => {
    const first = await admin.get('/api/v1/users?profile=student,relative,teacher&sort=name&pageSize=2&page=1');
    const third = await admin.get('/api/v1/users?profile=student,relative,teacher&sort=name&pageSize=2&page=3');
    const beyond = await admin.get('/api/v1/users?profile=student,relative,teacher&sort=name&pageSize=2&page=9');
    expect(first.body.total).toBeGreaterThanOrEqual(6);
    expect(first.body.items).toHaveLength(2);
    expect(third.body.items).toHaveLength(2);
    expect(beyond.body).toEqual({ total: first.body.total, items: [] });
  });

  it('shows the columns of the verification list, with the relative’s classes being the child’s', async () => {
    const [anne] = (await admin.get(`/api/v1/users?q=anne%20abadie`)).body.items;
    expect(anne).toEqual(expect.objectContaining({ lastName: 'Abadie', firstName: 'Anne', profile: 'relative', classes: ['6B'], email: 'anne@example.org' }));
    expect(anne.activationCode).toMatch(/^[a-z0-9]{8}$/);
    const [emile] = (await admin.get(`/api/v1/users?q=emile`)).body.items;
    expect(emile.activationCode).toBeNull();
  });

  it('never shows another school to an administrator, and only members to a supervisor', async () => {
    const b = await select('', stack.api.as(d.tokens.adminB));
    expect(b.filter((k) => mine.includes(k))).toEqual([]);
    const seen = await stack.api.as(d.tokens.supervisor).get('/api/v1/users?pageSize=500');
    expect(new Set(seen.body.items.map((u: { role: string }) => u.role))).toEqual(new Set(['member', 'supervisor']));
    expect(seen.body.items.filter((u: { role: string }) => u.role === 'supervisor').map((u: { id: string }) => u.id)).toEqual([d.supervisorA.id]);
  });

  it('selects chosen accounts by id, still within the other filters and the scope', async () => {
    const ids = [people.zoe.id, people.paul.id, people.emile.id].join(',');
    const chosen = await admin.get(`/api/v1/users?id=${ids}`);
    expect(chosen.body.items.map((u: { id: string }) => u.id).sort()).toEqual([people.zoe.id, people.paul.id, people.emile.id].sort());
    expect(chosen.body.total).toBe(3);
    // Other filters still apply: only the students among them.
    expect((await admin.get(`/api/v1/users?id=${ids}&profile=student`)).body.total).toBe(2);
    // Another school's administrator gets none of them; the manager gets them all.
    expect((await stack.api.as(d.tokens.adminB).get(`/api/v1/users?id=${ids}`)).body.total).toBe(0);
    expect((await d.asManager.get(`/api/v1/users?id=${ids}`)).body.total).toBe(3);
    expect((await admin.get('/api/v1/users?id=not-a-uuid')).status).toBe(400);
  });

  describe('pre-deletion', () => {
    it('marks a leaver, hides it by default, restores it, and refuses staff', async () => {
      const leaver = await d.student(d.schoolA);
      const marked = await admin.post(`/api/v1/users/${leaver.id}/pre-delete`);
      expect(marked.status).toBe(200);
      expect(Date.parse(marked.body.deleteAfter) - Date.parse(marked.body.preDeletedAt)).toBe(30 * 86_400_000);
      await tap.waitFor(IdentityEvents.userPreDeleted.type, (data) => data.userId === leaver.id);
      expect((await admin.get(`/api/v1/users?q=${encodeURIComponent(leaver.username)}`)).body.total).toBe(0);
      expect((await admin.get(`/api/v1/users?preDeleted=only&q=${encodeURIComponent(leaver.username)}`)).body.total).toBe(1);
      expect((await admin.get(`/api/v1/users?preDeleted=include&q=${encodeURIComponent(leaver.username)}`)).body.total).toBe(1);

      expect((await admin.post(`/api/v1/users/${leaver.id}/restore`)).status).toBe(200);
      expect((await admin.get(`/api/v1/users?q=${encodeURIComponent(leaver.username)}`)).body.total).toBe(1);
      expect((await admin.post(`/api/v1/users/${leaver.id}/restore`)).status).toBe(409);
      expect((await admin.post(`/api/v1/users/${d.supervisorA.id}/pre-delete`)).status).toBe(409);
      expect((await stack.api.as(d.tokens.adminB).post(`/api/v1/users/${leaver.id}/pre-delete`)).status).toBe(403);
    });

    it('deletes accounts past their grace period with the scheduled job, and says so', async () => {
      const leaver = await d.student(d.schoolA, { username: uniqueName('gone') });
      await admin.post(`/api/v1/users/${leaver.id}/pre-delete`);
      await stack.identityDb.updateTable('accounts').set({ delete_after: new Date(Date.now() - 1000) }).where('id', '=', leaver.id).execute();
      // The BullMQ job scheduler runs the purge every 300 ms in this test.
      await tap.waitFor(IdentityEvents.userDeleted.type, (data) => data.userId === leaver.id, 15_000);
      expect((await admin.get(`/api/v1/users/${leaver.id}`)).status).toBe(404);
      const audit = await stack.identityDb.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', leaver.id).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.pre-delete', 'user.delete']);
      expect(audit[2].actor_id).toBeNull();
    });

    it('keeps an account whose grace period is not over', async () => {
      const stayer = await d.student(d.schoolA);
      await admin.post(`/api/v1/users/${stayer.id}/pre-delete`);
      expect(await stack.identity.get(PurgeService).purgeExpired()).toBe(0);
      expect((await admin.get(`/api/v1/users/${stayer.id}`)).status).toBe(200);
    });

    it('updates what a relative inherits when its only child is deleted', async () => {
      const child = await d.student(d.schoolB, { classIds: [] });
      const parent = (await d.asManager.post('/api/v1/users', { role: 'member', profile: 'relative', firstName: 'Jean', lastName: 'Parent', childIds: [child.id] })).body;
      expect(parent.schools.map((s: { id: string }) => s.id)).toEqual([d.schoolB.id]);
      await d.asManager.post(`/api/v1/users/${child.id}/pre-delete`);
      await stack.identityDb.updateTable('accounts').set({ delete_after: new Date(Date.now() - 1000) }).where('id', '=', child.id).execute();
      await eventually(async () => ((await d.asManager.get(`/api/v1/users/${child.id}`)).status === 404 ? true : undefined), 15_000, 'the purge');
      expect((await d.asManager.get(`/api/v1/users/${parent.id}`)).body.schools).toEqual([]);
    });
  });

  describe('activation report', () => {
    it('counts activated and not activated by profile and class, for the administrator’s schools', async () => {
      const answer = await admin.get('/api/v1/reports/activation');
      expect(answer.status).toBe(200);
      expect(answer.body.schools.map((s: { id: string }) => s.id)).toEqual([d.schoolA.id]);
      const school = answer.body.schools[0];
      expect(school.byProfile.find((p: { profile: string }) => p.profile === 'teacher')).toEqual({ profile: 'teacher', activated: 0, notActivated: 1 });
      const fiveA = school.byClass.find((c: { name: string }) => c.name === '5A');
      expect(fiveA).toEqual(expect.objectContaining({ activated: 1, notActivated: 1 })); // Émile, Paul
      expect(school.activated + school.notActivated).toBe(school.byProfile.reduce((n: number, p: { activated: number; notActivated: number }) => n + p.activated + p.notActivated, 0));
    });

    it('is the manager’s for any school, refused to supervisors and for another school', async () => {
      expect((await d.asManager.get(`/api/v1/reports/activation?schoolId=${d.schoolB.id}`)).body.schools).toHaveLength(1);
      expect((await d.asManager.get('/api/v1/reports/activation')).body.schools.length).toBeGreaterThanOrEqual(2);
      expect((await stack.api.as(d.tokens.supervisor).get('/api/v1/reports/activation')).status).toBe(403);
      expect((await admin.get(`/api/v1/reports/activation?schoolId=${d.schoolB.id}`)).status).toBe(403);
    });
  });
});
