import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * The leavers' calendar through the API (issue 16): the policy and its legal limit in the user's
 * language, who may set it, a departure, the simulator, and a return with the same password.
 * (Each step on its day is identity's lifecycle.int-spec, on a fake clock.)
 */
describe('the leavers’ calendar through the API', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const as = (token: string) => stack.api.as(token);

  it('refuses a four-month policy with the legal reason, in French and in English, and lets only the manager set one', async () => {
    const fourMonths = { profiles: [{ profile: 'student', tolerationDays: 40, deactivationDays: 40, preDeletionDays: 40 }] };
    const fr = await as(d.tokens.manager).put('/api/v1/lifecycle/policy', fourMonths);
    expect(fr.status).toBe(400);
    expect(fr.body.errors).toEqual([
      expect.objectContaining({
        field: 'profiles.0.preDeletionDays',
        code: 'lifecycle.exceeds_legal_limit',
        message:
          'Du départ à la suppression, les délais totalisent 120 jours : l’arrêté du 30 novembre 2006 (article 6) veut les données supprimées dans les trois mois, soit 89 jours au plus quel que soit le jour du départ.',
      }),
    ]);
    const en = await as(d.tokens.manager).inLanguage('en').put('/api/v1/lifecycle/policy', fourMonths);
    expect(en.body.errors[0].message).toMatch(/^From departure to deletion the delays add up to 120 days/);
    expect((await as(d.tokens.administrator).put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 1, deactivationDays: 1, preDeletionDays: 1 }] })).status).toBe(403);

    const set = await as(d.tokens.manager).put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 7, deactivationDays: 30, preDeletionDays: 30 }] });
    expect(set.status).toBe(200);
    const read = await as(d.tokens.administrator).get('/api/v1/lifecycle/policy');
    expect(read.status).toBe(200);
    expect(read.body.legalMaximumDays).toBe(89);
    expect(read.body.profiles).toContainEqual({ profile: 'student', tolerationDays: 7, deactivationDays: 30, preDeletionDays: 30, noticeDays: 7 });
    expect((await as(d.tokens.member).get('/api/v1/lifecycle/policy')).status).toBe(403);
  });

  it('records a departure, answers the simulator, and brings the student back with the same password', async () => {
    const username = uniqueName('depart');
    const student = await d.student(d.schoolA, { username, password: PASSWORD });
    const before = await as(d.tokens.administrator).get(`/api/v1/users/${student.id}/lifecycle`);
    expect(before.body).toMatchObject({ step: 'active', hypothetical: true, leftAt: null });

    const leftAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const depart = await as(d.tokens.administrator).post(`/api/v1/users/${student.id}/depart`, { leftAt });
    expect(depart.status).toBe(200);
    expect(depart.body).toMatchObject({
      step: 'leaving',
      hypothetical: false,
      leftAt,
      dates: { deactivateOn: new Date(Date.parse(leftAt) + 7 * 86_400_000).toISOString(), deleteOn: new Date(Date.parse(leftAt) + 67 * 86_400_000).toISOString() },
    });
    // Still active during the toleration.
    expect(await stack.api.login(username, PASSWORD)).toBeTruthy();
    // Another school's administrator sees nothing of it.
    expect((await as(d.tokens.adminB).post(`/api/v1/users/${student.id}/depart`, {})).status).toBe(403);
    expect((await as(d.tokens.administrator).post(`/api/v1/users/${student.id}/depart`, { leftAt: new Date(Date.now() + 86_400_000).toISOString() })).body).toMatchObject({ step: 'leaving', leftAt });

    const back = await as(d.tokens.administrator).post(`/api/v1/users/${student.id}/return`, {});
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ step: 'active', leftAt: null });
    expect(await stack.api.login(username, PASSWORD)).toBeTruthy();
    expect((await as(d.tokens.administrator).post(`/api/v1/users/${student.id}/return`, {})).status).toBe(409);
  });

  it('refuses a departure in the future with its reason', async () => {
    const student = await d.student(d.schoolA, { username: uniqueName('futur') });
    const answer = await as(d.tokens.administrator).post(`/api/v1/users/${student.id}/depart`, { leftAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ field: 'leftAt', code: 'lifecycle.departure_in_future' });
  });
});
