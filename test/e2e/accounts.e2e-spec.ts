import { sql } from 'kysely';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { MANAGER, Stack, startStack } from '../support/stack';

describe('accounts', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const create = (body: object) => d.asManager.post('/api/v1/users', body);
  const admin = (username: string) =>
    create({ role: 'administrator', username, email: 'direction@ac-test.fr', schoolIds: [d.schoolA.id] });

  describe('username rules (SPEC §3)', () => {
    it.each([
      ['a'.repeat(65), 'username.too_long'],
      ['-dupont', 'username.first_character'],
      ['jean<dupont', 'username.forbidden_character'],
      ['jean&dupont', 'username.forbidden_character'],
      ['jean\\dupont', 'username.forbidden_character'],
      ['jean"dupont', 'username.forbidden_character'],
      ['jean#dupont', 'username.forbidden_character'],
      ['jean%dupont', 'username.forbidden_character'],
      ['', 'username.required'],
    ])('refuses %j (%s) with a 400 naming the field, and writes nothing', async (username, code) => {
      const before = await countAccounts(stack);
      const answer = await admin(username);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'username', code })]);
      expect(answer.body.errors[0].message).toMatch(/\.$/);
      expect(await countAccounts(stack)).toBe(before);
    });

    it('accepts 64 characters, spaces and any script', async () => {
      expect((await admin(`${'b'.repeat(63)}${uniqueName('').slice(-1)}`)).status).toBe(201);
      expect((await admin(`Jean Dupont ${uniqueName('')}`)).status).toBe(201);
      expect((await admin(`李小龙${uniqueName('')}`)).status).toBe(201);
    });

    it('stores NFC: E + combining acute and É are one username', async () => {
      const composed = `Éric${uniqueName('')}`;
      const decomposed = composed.normalize('NFD');
      expect(decomposed).not.toBe(composed);
      const first = await admin(decomposed);
      expect(first.status).toBe(201);
      expect(first.body.username).toBe(composed);
      const second = await admin(composed);
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('username_taken');
      expect(second.body.title).toContain(composed);
    });

    it('is case-sensitive: JDupont and jdupont are two accounts', async () => {
      const suffix = uniqueName('');
      expect((await admin(`JDupont${suffix}`)).status).toBe(201);
      expect((await admin(`jdupont${suffix}`)).status).toBe(201);
      expect((await admin(`jdupont${suffix}`)).status).toBe(409);
    });

    it('says it in English when asked', async () => {
      const answer = await stack.api
        .as(d.tokens.manager)
        .inLanguage('en-GB,en;q=0.9,fr;q=0.5')
        .post('/api/v1/users', { role: 'administrator', username: 'x#y', email: 'a@b.fr', schoolIds: [d.schoolA.id] });
      expect(answer.body.errors[0].message).toBe('The username cannot contain the character “#”.');
      expect(answer.headers.get('content-language')).toBe('en');
    });
  });

  describe('display name and generated logins', () => {
    it('defaults the display name to "firstName lastName", else the username', async () => {
      const named = await create({ role: 'member', profile: 'teacher', firstName: 'Anne', lastName: 'Lefèvre', schoolIds: [d.schoolA.id] });
      expect(named.body.displayName).toBe('Anne Lefèvre');
      const staff = await admin(uniqueName('sans.nom'));
      expect(staff.body.displayName).toBe(staff.body.username);
    });

    it('generates firstname.lastname without accents, with a suffix on collision', async () => {
      const body = { role: 'member', profile: 'student', firstName: 'Éloïse', lastName: 'Hénaff-Çelik', schoolIds: [d.schoolA.id] };
      const first = await create(body);
      const second = await create(body);
      expect(first.body.username).toBe('eloise.henaff-celik');
      expect(second.body.username).toBe('eloise.henaff-celik2');
    });

    it('gives every new account an activation code of 8 unambiguous characters', async () => {
      const member = await d.student(d.schoolA);
      expect(member.activated).toBe(false);
      expect(member.activationCode).toMatch(/^[abcdefghjkmnpqrtuvwxy346789]{8}$/);
    });

    it('requires an email for staff and names for members', async () => {
      const staff = await create({ role: 'supervisor', username: uniqueName('s'), managedBy: d.adminA.id });
      expect(staff.body.errors).toEqual([expect.objectContaining({ field: 'email', code: 'email.required' })]);
      const member = await create({ role: 'member', profile: 'student', schoolIds: [d.schoolA.id] });
      expect(member.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['firstName', 'lastName']);
    });

    it('refuses an email that holds two addresses or a header', async () => {
      for (const email of ['a@x.org, b@y.org', 'a@x.org\nBcc: evil@z.org']) {
        const answer = await create({ role: 'administrator', username: uniqueName('a'), email, schoolIds: [d.schoolA.id] });
        expect(answer.body.errors[0]).toEqual(expect.objectContaining({ field: 'email', code: 'email.single_address' }));
      }
    });

    it('applies the password policy to passwords set by administrators', async () => {
      const member = await d.student(d.schoolA);
      const answer = await stack.api.as(d.tokens.administrator).put(`/api/v1/users/${member.id}/password`, { password: 'azertyuiop123' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].code).toBe('password.too_common');
    });
  });

  describe('the single manager', () => {
    it('cannot be created a second time through the API', async () => {
      const answer = await create({ role: 'manager', username: 'manager2', email: 'm@ac-test.fr' });
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('manager_exists');
    });

    it('cannot exist twice in the database either', async () => {
      await expect(
        sql`INSERT INTO accounts (username, role) VALUES ('second.manager', 'manager')`.execute(stack.identityDb),
      ).rejects.toThrow(/accounts_single_manager/);
    });

    it('cannot be deactivated', async () => {
      const me = await d.asManager.get('/api/v1/me');
      const answer = await d.asManager.post(`/api/v1/users/${me.body.id}/deactivate`);
      expect(answer.status).toBe(409);
    });
  });

  describe('deactivation', () => {
    it('keeps the account, refuses its login, ends its sessions, and only the manager reactivates it', async () => {
      const member = await d.student(d.schoolA, { username: uniqueName('leaver'), password: PASSWORD });
      const token = await stack.api.login(member.username, PASSWORD);
      expect((await stack.api.as(token).get('/api/v1/me')).status).toBe(200);

      const deactivated = await stack.api.as(d.tokens.administrator).post(`/api/v1/users/${member.id}/deactivate`);
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.deactivatedAt).not.toBeNull();

      expect((await stack.api.as(token).get('/api/v1/me')).status).toBe(401);
      const login = await stack.api.post('/api/v1/auth/login', { username: member.username, password: PASSWORD });
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('account_deactivated');
      const wrong = await stack.api.post('/api/v1/auth/login', { username: member.username, password: 'not the password at all' });
      expect(wrong.status).toBe(401);

      const hidden = await d.asManager.get(`/api/v1/users?q=${encodeURIComponent(member.username)}`);
      expect(hidden.body.total).toBe(0);
      const listed = await d.asManager.get(`/api/v1/users?deactivated=only&q=${encodeURIComponent(member.username)}`);
      expect(listed.body.items.map((u: { id: string }) => u.id)).toEqual([member.id]);

      expect((await stack.api.as(d.tokens.administrator).post(`/api/v1/users/${member.id}/reactivate`)).status).toBe(403);
      expect((await d.asManager.post(`/api/v1/users/${member.id}/reactivate`)).status).toBe(200);
      expect((await stack.api.post('/api/v1/auth/login', { username: member.username, password: PASSWORD })).status).toBe(200);
    });

    it('a password set by an administrator ends the sessions too', async () => {
      const member = await d.student(d.schoolA, { username: uniqueName('reset'), password: PASSWORD });
      const token = await stack.api.login(member.username, PASSWORD);
      await stack.api.as(d.tokens.administrator).put(`/api/v1/users/${member.id}/password`, { password: 'another long password' });
      expect((await stack.api.as(token).get('/api/v1/me')).status).toBe(401);
    });
  });

  describe('activation by a first login', () => {
    it('activates an account whose password an administrator set, and drops its code', async () => {
      const member = await d.student(d.schoolA, { username: uniqueName('first'), password: PASSWORD });
      expect(member.activated).toBe(false);
      await stack.api.login(member.username, PASSWORD);
      const after = await d.asManager.get(`/api/v1/users/${member.id}`);
      expect(after.body.activated).toBe(true);
      expect(after.body.activationCode).toBeNull();
    });
  });

  describe('audit log', () => {
    it('records who changed what, before and after, without any secret', async () => {
      const member = await d.student(d.schoolA, { username: uniqueName('audited'), password: PASSWORD });
      await stack.api.as(d.tokens.administrator).patch(`/api/v1/users/${member.id}`, { firstName: 'Chloé' });
      await stack.api.as(d.tokens.administrator).put(`/api/v1/users/${member.id}/password`, { password: 'yet another long password' });
      const rows = await stack.identityDb
        .selectFrom('audit_log')
        .select(['actor_id', 'action', 'before', 'after'])
        .where('target_id', '=', member.id)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.action)).toEqual(['user.create', 'user.update', 'user.set-password']);
      expect(rows[1].actor_id).toBe(d.adminA.id);
      expect((rows[1].before as { firstName: string }).firstName).toBe('Léa');
      expect((rows[1].after as { firstName: string }).firstName).toBe('Chloé');
      const text = JSON.stringify(rows);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('yet another long password');
      expect(text).not.toContain('$argon2');
      expect(text).not.toContain(member.activationCode);
    });
  });

  describe('answers never leak secrets', () => {
    it('shows no password hash anywhere', async () => {
      const answers = [await d.asManager.get(`/api/v1/users/${d.memberA.id}`), await d.asManager.get('/api/v1/users?pageSize=500')];
      for (const answer of answers) expect(JSON.stringify(answer.body)).not.toMatch(/argon2|password/i);
    });
  });

  it('logs in with the manager from configuration', async () => {
    const answer = await stack.api.post('/api/v1/auth/login', MANAGER);
    expect(answer.status).toBe(200);
    expect(answer.body.user.role).toBe('manager');
    expect(answer.body.expiresIn).toBeGreaterThan(0);
  });
});

async function countAccounts(stack: Stack): Promise<number> {
  const row = await stack.identityDb.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return row.n;
}
