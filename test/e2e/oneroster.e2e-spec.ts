import { OneRosterErrorSchema, OneRosterPayloads } from '@sesame/contracts';
import { sql } from 'kysely';
import { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { machineToken, registerClient } from '../support/oidc';
import { Stack, startStack } from '../support/stack';

/*
 * OneRoster 1.2 rostering, read (issue 18): every answer validated against the binding's JSON shapes
 * written in libs/contracts (strict), through the gateway with machine clients' tokens.
 */
describe('OneRoster 1.2 rostering', () => {
  let stack: Stack;
  let d: Directory;
  let academie: Api;
  let schoolA: Api;
  let relative: Record<string, any>;
  let teacher: Record<string, any>;
  const base = '/ims/oneroster/rostering/v1p2';
  const get = (api: Api, path: string) => api.request('GET', `${base}${path}`);
  const client = async (fields: Parameters<typeof registerClient>[1]) =>
    stack.api.as(await machineToken(stack.api.baseUrl, await registerClient(stack.identityDb, fields), 'oneroster'));
  /** A valid answer of the binding, parsed with its shape (which throws on anything else). */
  async function read<K extends keyof typeof OneRosterPayloads>(api: Api, path: string, shape: K) {
    const answer = await get(api, path);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { ...answer, body: OneRosterPayloads[shape].parse(answer.body) as any };
  }

  beforeAll(async () => {
    stack = await startStack({ identity: { ACADEMIE_NAME: 'Académie de Test', ONEROSTER_MAX_LIMIT: '500' } });
    d = await seedDirectory(stack.api);
    relative = (await d.asManager.post('/api/v1/users', { role: 'member', profile: 'relative', firstName: 'Paul', lastName: 'Martin', childIds: [d.memberA.id] })).body;
    teacher = (await d.asManager.post('/api/v1/users', { role: 'member', profile: 'teacher', firstName: 'Anne', lastName: 'Prof', schoolIds: [d.schoolA.id], classIds: [d.classA.id], externalId: 'sts-77' })).body;
    academie = await client({ kind: 'machine', scopes: ['oneroster'], operations: ['read'] });
    schoolA = await client({ kind: 'machine', scopes: ['oneroster'], operations: ['read'], allowed_school_ids: [d.schoolA.id] });
  });
  afterAll(() => stack.close());

  describe('access (OAuth 2.0 client credentials, scoped to schools)', () => {
    it('refuses a call without a token with 401 and the binding’s status report', async () => {
      const answer = await get(stack.api, '/users');
      expect(answer.status).toBe(401);
      expect(OneRosterErrorSchema.parse(answer.body).imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    });
    it('refuses a token without the oneroster scope', async () => {
      const scimOnly = stack.api.as(await machineToken(stack.api.baseUrl, await registerClient(stack.identityDb, { kind: 'machine', scopes: ['scim'] }), 'scim'));
      expect((await get(scimOnly, '/users')).status).toBe(403);
    });
    it('shows a school’s client its school and its people only', async () => {
      const orgs = await read(schoolA, '/orgs', 'orgs');
      expect(orgs.body.orgs.map((o: { sourcedId: string }) => o.sourcedId).sort()).toEqual(['academie', d.schoolA.id].sort());
      const users = await read(schoolA, '/users?limit=500', 'users');
      const ids = users.body.users.map((u: { sourcedId: string }) => u.sourcedId);
      expect(ids).toEqual(expect.arrayContaining([d.memberA.id, teacher.id, relative.id]));
      expect(ids).not.toContain(d.memberB.id);
      expect(ids).not.toContain(d.adminA.id);
      expect((await get(schoolA, `/users/${d.memberB.id}`)).status).toBe(404);
      expect((await get(schoolA, `/schools/${d.schoolB.id}/classes`)).status).toBe(404);
    });
    it('holds a client to its profiles', async () => {
      const teachersOnly = await client({ kind: 'machine', scopes: ['oneroster'], operations: ['read'], allowed_profiles: ['teacher'] });
      const users = await read(teachersOnly, '/users', 'users');
      expect(users.body.users.map((u: { sourcedId: string }) => u.sourcedId)).toEqual([teacher.id]);
    });
  });

  describe('orgs, academicSessions, courses and classes', () => {
    it('gives the académie as the district and the schools under it', async () => {
      const { body } = await read(academie, '/orgs', 'orgs');
      expect(body.orgs.find((o: { type: string }) => o.type === 'district')).toMatchObject({ sourcedId: 'academie', name: 'Académie de Test', status: 'active' });
      const school = (await read(academie, `/schools/${d.schoolA.id}`, 'org')).body.org;
      expect(school).toMatchObject({ type: 'school', identifier: d.schoolA.uai, name: d.schoolA.name, parent: { sourcedId: 'academie', type: 'org' } });
      expect((await read(academie, '/schools', 'orgs')).body.orgs.every((o: { type: string }) => o.type === 'school')).toBe(true);
    });
    it('gives the school year as an academic session, and no terms', async () => {
      const { body } = await read(academie, '/academicSessions', 'academicSessions');
      expect(body.academicSessions[0]).toMatchObject({ type: 'schoolYear', startDate: expect.stringMatching(/-09-01$/), endDate: expect.stringMatching(/-08-31$/) });
      expect((await read(academie, '/terms', 'academicSessions')).body.academicSessions).toEqual([]);
      const id = body.academicSessions[0].sourcedId;
      expect((await read(academie, `/academicSessions/${id}`, 'academicSession')).body.academicSession.sourcedId).toBe(id);
    });
    it('gives each class with its school, its course and its term', async () => {
      const klass = (await read(academie, `/classes/${d.classA.id}`, 'class')).body.class;
      expect(klass).toMatchObject({ title: d.classA.name, classType: 'homeroom', school: { sourcedId: d.schoolA.id }, course: { sourcedId: d.classA.id, type: 'course' } });
      expect((await read(academie, `/courses/${d.classA.id}`, 'course')).body.course.org.sourcedId).toBe(d.schoolA.id);
      expect((await read(academie, `/schools/${d.schoolA.id}/classes`, 'classes')).body.classes.map((c: { sourcedId: string }) => c.sourcedId)).toEqual([d.classA.id]);
      expect((await read(academie, `/users/${d.memberA.id}/classes`, 'classes')).body.classes).toHaveLength(1);
    });
  });

  describe('users, their roles and their agents', () => {
    it('gives a pupil its role in its school and its relative as agent, and the relative the pupil', async () => {
      const pupil = (await read(academie, `/users/${d.memberA.id}`, 'user')).body.user;
      expect(pupil).toMatchObject({
        username: d.memberA.username,
        enabledUser: true,
        givenName: 'Léa',
        roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: d.schoolA.id } }],
        primaryOrg: { sourcedId: d.schoolA.id },
        agents: [{ sourcedId: relative.id, type: 'user' }],
      });
      const parent = (await read(academie, `/users/${relative.id}`, 'user')).body.user;
      expect(parent.roles[0].role).toBe('parent');
      expect(parent.agents).toEqual([expect.objectContaining({ sourcedId: d.memberA.id })]);
      const prof = (await read(academie, `/teachers/${teacher.id}`, 'user')).body.user;
      expect(prof).toMatchObject({ identifier: 'sts-77', userIds: [{ identifier: 'sts-77' }] });
      expect((await get(academie, `/students/${teacher.id}`)).status).toBe(404);
    });
    it('lists the students and teachers of a class and of a school', async () => {
      expect((await read(academie, `/classes/${d.classA.id}/students`, 'users')).body.users.map((u: { sourcedId: string }) => u.sourcedId)).toEqual([d.memberA.id]);
      expect((await read(academie, `/classes/${d.classA.id}/teachers`, 'users')).body.users.map((u: { sourcedId: string }) => u.sourcedId)).toEqual([teacher.id]);
      expect((await read(academie, `/schools/${d.schoolA.id}/teachers`, 'users')).body.users).toHaveLength(1);
      const students = (await read(academie, '/students?limit=500', 'users')).body.users;
      expect(students.every((u: { roles: Array<{ role: string }> }) => u.roles[0].role === 'student')).toBe(true);
    });
    it('gives enrollments: the pupil as student, the teacher as primary teacher', async () => {
      const { body } = await read(academie, `/schools/${d.schoolA.id}/classes/${d.classA.id}/enrollments`, 'enrollments');
      expect(body.enrollments.map((e: { user: { sourcedId: string }; role: string; primary?: boolean }) => [e.user.sourcedId, e.role, e.primary ?? false]).sort()).toEqual(
        [[d.memberA.id, 'student', false], [teacher.id, 'teacher', true]].sort(),
      );
      const one = body.enrollments[0];
      expect((await read(academie, `/enrollments/${one.sourcedId}`, 'enrollment')).body.enrollment).toEqual(one);
      expect((await get(academie, '/enrollments/nothing')).status).toBe(404);
    });
  });

  describe('query parameters (REST binding §3.4)', () => {
    it('pages with limit and offset, with X-Total-Count and the Link header', async () => {
      const all = await read(academie, '/users?limit=500', 'users');
      const total = Number(all.headers.get('x-total-count'));
      expect(total).toBe(all.body.users.length);
      const second = await read(academie, '/users?limit=1&offset=1', 'users');
      expect(second.body.users.map((u: { sourcedId: string }) => u.sourcedId)).toEqual(all.body.users.slice(1, 2).map((u: { sourcedId: string }) => u.sourcedId));
      expect(second.headers.get('link')).toContain('rel="next"');
      expect(second.headers.get('link')).toContain('offset=0>; rel="first"');
      // Page after page (the continuation without offset) reads the same records as one read.
      const paged: string[] = [];
      for (let offset = 0; offset < total; offset += 2) paged.push(...(await read(academie, `/users?limit=2&offset=${offset}`, 'users')).body.users.map((u: { sourcedId: string }) => u.sourcedId));
      expect(paged).toEqual(all.body.users.map((u: { sourcedId: string }) => u.sourcedId));
      expect((await get(academie, '/users?limit=0')).status).toBe(400);
    });
    it('sorts by a field, both ways', async () => {
      const asc = (await read(academie, '/users?sort=username&orderBy=asc', 'users')).body.users.map((u: { username: string }) => u.username);
      expect(asc).toEqual([...asc].sort((a, b) => (a < b ? -1 : 1)));
      const desc = (await read(academie, '/users?sort=username&orderBy=desc', 'users')).body.users.map((u: { username: string }) => u.username);
      expect(desc).toEqual([...asc].reverse());
      expect((await get(academie, '/users?sort=nothing')).body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('invalid_sort_field');
    });
    it('filters with = != ~ and AND / OR', async () => {
      const ids = async (filter: string) => (await read(academie, `/users?filter=${encodeURIComponent(filter)}`, 'users')).body.users.map((u: { sourcedId: string }) => u.sourcedId).sort();
      expect(await ids(`role='teacher'`)).toEqual([teacher.id]);
      expect(await ids(`familyName~'prof' OR givenName='Paul'`)).toEqual([teacher.id, relative.id].sort());
      expect(await ids(`familyName='Martin' AND givenName='Paul'`)).toEqual([relative.id]);
      expect(await ids(`role!='student' AND role!='teacher'`)).toEqual([relative.id]);
      for (const filter of [`role=teacher`, `nothing='x'`, `role='teacher' XOR role='student'`, `dateLastModified>'yesterday'`]) {
        const answer = await get(academie, `/users?filter=${encodeURIComponent(filter)}`);
        expect([filter, answer.status, OneRosterErrorSchema.parse(answer.body).imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue]).toEqual([filter, 400, 'invalid_filter_field']);
      }
    });
    it('selects fields', async () => {
      const answer = await get(academie, `/users?fields=sourcedId,username&filter=${encodeURIComponent(`role='teacher'`)}`);
      expect(answer.body.users).toEqual([{ sourcedId: teacher.id, username: teacher.username }]);
      expect((await get(academie, '/users?fields=sourcedId,nothing')).body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('invalid_selection_field');
    });
  });

  describe('deltas: dateLastModified > a time returns exactly the changes since', () => {
    it('gives each record changed since the time once, and nothing else', async () => {
      const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(stack.identityDb);
      const since = new Date(rows[0].now.getTime() + 5).toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const renamed = await d.student(d.schoolA);
      const moved = await d.student(d.schoolA);
      const leaving = await d.student(d.schoolA);
      const untouched = await d.student(d.schoolA);
      // The four above were created after `since`; what is measured is what changes after `later`.
      const { rows: later } = await sql<{ now: Date }>`SELECT now() AS now`.execute(stack.identityDb);
      const after = new Date(later[0].now.getTime() + 5).toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await d.asManager.patch(`/api/v1/users/${renamed.id}`, { firstName: 'Renommée' })).status).toBe(200);
      // A change of class only: the account's own columns stay as they are.
      expect((await d.asManager.patch(`/api/v1/users/${moved.id}`, { classIds: [d.classA.id] })).status).toBe(200);
      expect((await d.asManager.post(`/api/v1/users/${leaving.id}/pre-delete`, {})).status).toBe(200);
      const delta = async (time: string) =>
        (await read(academie, `/users?limit=500&filter=${encodeURIComponent(`dateLastModified>'${time}'`)}`, 'users')).body.users as Array<{ sourcedId: string; status: string }>;
      const changed = await delta(after);
      expect(changed.map((u) => u.sourcedId).sort()).toEqual([renamed.id, moved.id, leaving.id].sort());
      expect(changed.find((u) => u.sourcedId === leaving.id)!.status).toBe('tobedeleted');
      expect((await delta(since)).map((u) => u.sourcedId).sort()).toEqual([renamed.id, moved.id, leaving.id, untouched.id].sort());
    });
  });
});
