import { createHash, randomBytes } from 'node:crypto';
import { eventually } from '@sesame/testing';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * Issue 12: any password change (own change, administrator set, reset, activation), deactivation
 * or role change voids every outstanding reset link and activation code of the account. An account
 * still to activate gets a fresh code (it must stay distributable); the old one no longer works.
 */
describe('what a password, status or role change voids', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  /**
   * Asks for a reset link through the API, as the user would, and returns a link that works. The
   * link itself travels by email; the test replaces the stored hash with that of a token it knows.
   */
  async function outstandingLink(account: { id: string; username: string }): Promise<string> {
    expect((await stack.api.post('/api/v1/auth/password/forgot', { username: account.username })).status).toBe(202);
    const token = randomBytes(32).toString('base64url');
    await eventually(async () => {
      const updated = await stack.identityDb
        .updateTable('password_reset_tokens')
        .set({ token_hash: createHash('sha256').update(token).digest() })
        .where('account_id', '=', account.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1 ? true : undefined;
    });
    return token;
  }
  const reset = (token: string) => stack.api.post('/api/v1/auth/password/reset', { token, password: 'une phrase de passe neuve' });
  const activate = (username: string, activationCode: string) =>
    stack.api.post('/api/v1/auth/activate', { username, activationCode, password: 'ma phrase de passe à moi' });
  const codeOf = async (id: string) => (await d.asManager.get(`/api/v1/users/${id}`)).body.activationCode as string | null;
  /** A student not activated yet, with an email (so a reset link can be asked for) and a code. */
  const pendingStudent = async () => {
    const student = await d.student(d.schoolA, { username: uniqueName('pending'), email: `${uniqueName('p')}@example.org` });
    expect(student.activationCode).toMatch(/^[a-z0-9]{8}$/);
    return student as { id: string; username: string; activationCode: string };
  };

  it('a link works when nothing changed (the baseline the other cases depend on)', async () => {
    const student = await d.student(d.schoolA, { username: uniqueName('base'), email: `${uniqueName('b')}@example.org`, password: PASSWORD });
    const link = await outstandingLink(student);
    expect((await reset(link)).status).toBe(204);
  });

  it('an administrator setting a password voids the link, and the old code of an account still to activate', async () => {
    const student = await pendingStudent();
    const link = await outstandingLink(student);
    expect((await stack.api.as(d.tokens.administrator).put(`/api/v1/users/${student.id}/password`, { password: 'un mot de passe donné' })).status).toBe(204);

    expect((await reset(link)).body.code).toBe('invalid_reset_token');
    const fresh = await codeOf(student.id);
    expect(fresh).toMatch(/^[a-z0-9]{8}$/);
    expect(fresh).not.toBe(student.activationCode);
    expect((await activate(student.username, student.activationCode)).body.code).toBe('invalid_activation');
    expect((await activate(student.username, fresh!)).status).toBe(200);
  });

  it('deactivating then reactivating voids the link and the old code; the account gets a new code', async () => {
    const student = await pendingStudent();
    const link = await outstandingLink(student);
    expect((await d.asManager.post(`/api/v1/users/${student.id}/deactivate`)).status).toBe(200);
    expect(await codeOf(student.id)).toBeNull();
    expect((await d.asManager.post(`/api/v1/users/${student.id}/reactivate`)).status).toBe(200);

    expect((await reset(link)).body.code).toBe('invalid_reset_token');
    expect((await activate(student.username, student.activationCode)).body.code).toBe('invalid_activation');
    const fresh = await codeOf(student.id);
    expect(fresh).toMatch(/^[a-z0-9]{8}$/);
    expect(fresh).not.toBe(student.activationCode);
    expect((await activate(student.username, fresh!)).status).toBe(200);
  });

  it('an activated account deactivated then reactivated: its link is void and its sessions ended', async () => {
    const student = await d.student(d.schoolA, { username: uniqueName('back'), email: `${uniqueName('k')}@example.org`, password: PASSWORD });
    const session = await stack.api.login(student.username, PASSWORD);
    const link = await outstandingLink(student);
    await d.asManager.post(`/api/v1/users/${student.id}/deactivate`);
    await d.asManager.post(`/api/v1/users/${student.id}/reactivate`);
    expect((await reset(link)).body.code).toBe('invalid_reset_token');
    // Activated accounts have no code, before or after.
    expect(await codeOf(student.id)).toBeNull();
    expect((await stack.api.as(session).get('/api/v1/me')).status).toBe(401);
  });

  it('a role change (another profile) voids the link and the old code', async () => {
    const student = await pendingStudent();
    const link = await outstandingLink(student);
    const changed = await stack.api.as(d.tokens.administrator).patch(`/api/v1/users/${student.id}`, { profile: 'teacher' });
    expect(changed.status).toBe(200);

    expect((await reset(link)).body.code).toBe('invalid_reset_token');
    expect((await activate(student.username, student.activationCode)).body.code).toBe('invalid_activation');
    expect(changed.body.activationCode).toMatch(/^[a-z0-9]{8}$/);
    expect(changed.body.activationCode).not.toBe(student.activationCode);

    // A plain edit (a name) voids nothing.
    const kept = await outstandingLink(student);
    expect((await stack.api.as(d.tokens.administrator).patch(`/api/v1/users/${student.id}`, { firstName: 'Léonie' })).status).toBe(200);
    expect(await codeOf(student.id)).toBe(changed.body.activationCode);
    expect((await reset(kept)).status).toBe(204);
  });

  it('a supervisor given to another administrator: its link is void and its sessions ended', async () => {
    const supervisor = await d.staff('supervisor', { managedBy: d.adminA.id });
    const session = await stack.api.login(supervisor.username, PASSWORD);
    const link = await outstandingLink(supervisor);
    expect((await d.asManager.patch(`/api/v1/users/${supervisor.id}`, { managedBy: d.adminB.id })).status).toBe(200);
    expect((await reset(link)).body.code).toBe('invalid_reset_token');
    expect((await stack.api.as(session).get('/api/v1/me')).status).toBe(401);
  });

  it('changing one’s own password voids the link asked for earlier', async () => {
    const student = await d.student(d.schoolA, { username: uniqueName('own'), email: `${uniqueName('o')}@example.org`, password: PASSWORD });
    const session = await stack.api.login(student.username, PASSWORD);
    const link = await outstandingLink(student);
    const changed = await stack.api.as(session).put('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'une autre phrase de passe' });
    expect(changed.status).toBe(200);
    expect((await reset(link)).body.code).toBe('invalid_reset_token');
  });

  it('activating with the code voids a link asked for before', async () => {
    const student = await pendingStudent();
    const link = await outstandingLink(student);
    expect((await activate(student.username, student.activationCode)).status).toBe(200);
    expect((await reset(link)).body.code).toBe('invalid_reset_token');
  });

  it('resetting with one link leaves no other link working', async () => {
    const student = await d.student(d.schoolA, { username: uniqueName('twice'), email: `${uniqueName('t')}@example.org`, password: PASSWORD });
    const first = await outstandingLink(student);
    // A second link, stored beside the first (as a race between two requests could leave them).
    const second = randomBytes(32).toString('base64url');
    await stack.identityDb
      .insertInto('password_reset_tokens')
      .values({ token_hash: createHash('sha256').update(second).digest(), account_id: student.id, expires_at: new Date(Date.now() + 600_000), used_at: null })
      .execute();
    expect((await reset(first)).status).toBe(204);
    expect((await reset(second)).body.code).toBe('invalid_reset_token');
  });
});
