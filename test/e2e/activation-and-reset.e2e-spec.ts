import { EventEnvelope, IdentityEvents } from '@sesame/contracts';
import { loadIdentityConfig, startIdentity } from '@sesame/identity/testing';
import { EventTap, resetTokenIn } from '../support/events';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

describe('activation codes (SPEC §3)', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack({ identity: { LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS: '4' } });
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const activate = (body: object, address = '10.9.0.1') =>
    stack.api.request('POST', '/api/v1/auth/activate', body, { 'x-forwarded-for': address });

  it('activates with login + code: the user chooses a password, may give an email, and is signed in', async () => {
    const member = await d.student(d.schoolA);
    const answer = await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi', email: 'lea@example.org' });
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual(expect.objectContaining({ activated: true, email: 'lea@example.org', activationCode: null }));
    expect((await stack.api.as(answer.body.accessToken).get('/api/v1/me')).status).toBe(200);
    expect((await stack.api.post('/api/v1/auth/login', { username: member.username, password: 'ma phrase de passe à moi' })).status).toBe(200);
    const seen = await stack.api.as(d.tokens.administrator).get(`/api/v1/users/${member.id}`);
    expect(seen.body.activationCode).toBeNull();
  });

  it('accepts the code in capitals and with spaces around, as people type what they read', async () => {
    const member = await d.student(d.schoolA);
    const answer = await activate({ username: member.username, activationCode: ` ${member.activationCode.toUpperCase()} `, password: 'ma phrase de passe à moi' });
    expect(answer.status).toBe(200);
  });

  it('refuses a wrong code, an unknown login and a consumed code with the same answer', async () => {
    const member = await d.student(d.schoolA);
    const wrong = await activate({ username: member.username, activationCode: 'aaaaaaaa', password: 'ma phrase de passe à moi' });
    const unknown = await activate({ username: uniqueName('nobody'), activationCode: member.activationCode, password: 'ma phrase de passe à moi' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.title).toBe(unknown.body.title);
    expect(wrong.body.code).toBe('invalid_activation');
    await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' });
    const again = await activate({ username: member.username, activationCode: member.activationCode, password: 'une autre phrase de passe' });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('invalid_activation');
  });

  it('says when a code has expired, and a regenerated code works while the old one does not', async () => {
    const member = await d.student(d.schoolA);
    await stack.identityDb.updateTable('accounts').set({ activation_code_expires_at: new Date(Date.now() - 1000) }).where('id', '=', member.id).execute();
    const expired = await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('activation_code_expired');

    const renewed = await stack.api.as(d.tokens.administrator).post(`/api/v1/users/${member.id}/activation-code`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.activationCode).toMatch(/^[a-z0-9]{8}$/);
    expect(renewed.body.activationCode).not.toBe(member.activationCode);
    expect(Date.parse(renewed.body.activationCodeExpiresAt)).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    expect((await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' })).status).toBe(401);
    expect((await activate({ username: member.username, activationCode: renewed.body.activationCode, password: 'ma phrase de passe à moi' })).status).toBe(200);
  });

  it('tells whoever holds the letter of a deactivated account whom to ask, and nobody else anything', async () => {
    const member = await d.student(d.schoolA);
    expect((await stack.api.as(d.tokens.administrator).post(`/api/v1/users/${member.id}/deactivate`)).status).toBe(200);
    // The code is kept, unusable and shown nowhere: not on the account, not in the list.
    expect((await stack.api.as(d.tokens.administrator).get(`/api/v1/users/${member.id}`)).body.activationCode).toBeNull();
    expect((await stack.api.as(d.tokens.administrator).get(`/api/v1/users?id=${member.id}&deactivated=only`)).body.items[0].activationCode).toBeNull();

    // The letter's login and code: a refusal of its own, in the user's language, and nothing changes.
    const refused = await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' }, '10.9.0.7');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'account_deactivated', title: 'Ce compte a été désactivé : adressez-vous au secrétariat de votre établissement.' });
    const inEnglish = await stack.api.request('POST', '/api/v1/auth/activate', { username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' }, {
      'x-forwarded-for': '10.9.0.7',
      'accept-language': 'en',
    });
    expect(inEnglish.body.title).toBe('This account has been deactivated: ask your school’s office.');
    expect((await stack.api.as(d.tokens.administrator).get(`/api/v1/users/${member.id}`)).body).toMatchObject({ activated: false, deactivatedAt: expect.any(String) });

    // No new code while deactivated: reactivation gives one.
    const renewed = await stack.api.as(d.tokens.administrator).post(`/api/v1/users/${member.id}/activation-code`);
    expect(renewed.status).toBe(409);
    expect(renewed.body.detail).toBe('Ce compte est désactivé : il recevra un nouveau code d’activation quand le gestionnaire le réactivera.');

    // Without the code, a deactivated account looks like any wrong login or code.
    const guessed = await activate({ username: member.username, activationCode: 'aaaaaaaa', password: 'ma phrase de passe à moi' }, '10.9.0.8');
    expect(guessed.status).toBe(401);
    expect(guessed.body.code).toBe('invalid_activation');

    // Reactivated: the old letter no longer works, a new code does.
    expect((await d.asManager.post(`/api/v1/users/${member.id}/reactivate`)).status).toBe(200);
    expect((await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' }, '10.9.0.7')).body.code).toBe('invalid_activation');
    const fresh = (await stack.api.as(d.tokens.administrator).get(`/api/v1/users/${member.id}`)).body.activationCode as string;
    expect(fresh).toMatch(/^[a-z0-9]{8}$/);
    expect((await activate({ username: member.username, activationCode: fresh, password: 'ma phrase de passe à moi' }, '10.9.0.7')).status).toBe(200);
  });

  it('refuses to regenerate the code of an activated account, and refuses supervisors', async () => {
    const member = await d.student(d.schoolA);
    expect((await stack.api.as(d.tokens.supervisor).post(`/api/v1/users/${member.id}/activation-code`)).status).toBe(403);
    expect((await stack.api.as(d.tokens.adminB).post(`/api/v1/users/${member.id}/activation-code`)).status).toBe(403);
    const activated = await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' });
    expect(activated.status).toBe(200);
    const refused = await stack.api.as(d.tokens.administrator).post(`/api/v1/users/${member.id}/activation-code`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('déjà activé');
  });

  it('applies the password policy, and shows codes to supervisors (they distribute) but not to members', async () => {
    const member = await d.student(d.schoolA);
    const weak = await activate({ username: member.username, activationCode: member.activationCode, password: 'azertyuiop12' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].code).toBe('password.too_common');
    expect((await stack.api.as(d.tokens.supervisor).get(`/api/v1/users/${member.id}`)).body.activationCode).toBe(member.activationCode);
  });

  it('is rate limited per login and address', async () => {
    const member = await d.student(d.schoolA);
    for (let i = 0; i < 4; i++) {
      expect((await activate({ username: member.username, activationCode: 'wrongcod', password: 'ma phrase de passe à moi' }, '10.9.1.1')).status).toBe(401);
    }
    const blocked = await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' }, '10.9.1.1');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).not.toBeNull();
    expect((await activate({ username: member.username, activationCode: member.activationCode, password: 'ma phrase de passe à moi' }, '10.9.1.2')).status).toBe(200);
  });
});

describe('password reset (SPEC §3)', () => {
  let stack: Stack;
  let d: Directory;
  let tap: EventTap;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
    tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, 'identity.user.#');
  });
  afterAll(async () => {
    await tap.close();
    await stack.close();
  });

  const forgot = (username: string, language = 'fr') => stack.api.inLanguage(language).post('/api/v1/auth/password/forgot', { username });
  // The test reads the sealed token as mailmerge does.
  const tokenIn = (event: EventEnvelope) => resetTokenIn(event, stack.isolation.mailSealKey);
  const tokensOf = async (accountId: string) =>
    stack.identityDb.selectFrom('password_reset_tokens').selectAll().where('account_id', '=', accountId).execute();

  it('answers 202 with the same body for an account with email, one without, and an unknown login', async () => {
    const withEmail = await d.student(d.schoolA, { email: `${uniqueName('lea')}@example.org`, username: uniqueName('with'), password: PASSWORD });
    const withoutEmail = await d.student(d.schoolA, { username: uniqueName('without'), password: PASSWORD });
    const answers = [await forgot(withEmail.username), await forgot(withoutEmail.username), await forgot(uniqueName('ghost'))];
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0].body.message).toContain('administrateur de votre établissement');

    // Only the account with an email gets a link; the token is stored hashed.
    const sent = await tap.waitFor(IdentityEvents.userPasswordResetRequested.type, (data) => data.userId === withEmail.id);
    expect(sent.data).toEqual(expect.objectContaining({ email: withEmail.email, locale: 'fr' }));
    const stored = await tokensOf(withEmail.id);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash.toString('hex')).not.toContain(Buffer.from(await tokenIn(sent)).toString('hex'));
    expect(await tokensOf(withoutEmail.id)).toHaveLength(0);
    // Nothing published stays in the outbox, the secret included.
    expect(await stack.identityDb.selectFrom('outbox').select('id').where('id', '=', sent.id).execute()).toHaveLength(0);
  });

  it('answers at once even when identity is not there to look the login up', async () => {
    await stack.identity.close();
    try {
      const started = Date.now();
      const answer = await forgot('anybody');
      expect(answer.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      // Another identity takes the queued request and the tests go on.
      stack.identity = await startIdentity(loadIdentityConfig(stack.env.identity));
    }
  });

  it('resets with the link once: new password, sessions ended, the user told, the token spent', async () => {
    const member = await d.student(d.schoolA, { email: `${uniqueName('zoe')}@example.org`, username: uniqueName('reset'), password: PASSWORD });
    const session = await stack.api.login(member.username, PASSWORD);
    await forgot(member.username, 'en');
    const sent = await tap.waitFor(IdentityEvents.userPasswordResetRequested.type, (data) => data.userId === member.id);
    const token = await tokenIn(sent);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url

    const reset = await stack.api.post('/api/v1/auth/password/reset', { token, password: 'un tout nouveau secret' });
    expect(reset.status).toBe(204);
    expect((await stack.api.as(session).get('/api/v1/me')).status).toBe(401);
    expect((await stack.api.post('/api/v1/auth/login', { username: member.username, password: 'un tout nouveau secret' })).status).toBe(200);
    await tap.waitFor(IdentityEvents.userPasswordChanged.type, (data) => data.userId === member.id && data.email === member.email);

    const reused = await stack.api.post('/api/v1/auth/password/reset', { token, password: 'encore un autre secret' });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('invalid_reset_token');
  });

  it('refuses an expired token and a made-up one', async () => {
    const member = await d.student(d.schoolA, { email: `${uniqueName('max')}@example.org`, username: uniqueName('late'), password: PASSWORD });
    await forgot(member.username);
    const sent = await tap.waitFor(IdentityEvents.userPasswordResetRequested.type, (data) => data.userId === member.id);
    await stack.identityDb.updateTable('password_reset_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('account_id', '=', member.id).execute();
    expect((await stack.api.post('/api/v1/auth/password/reset', { token: await tokenIn(sent), password: 'un tout nouveau secret' })).body.code).toBe('invalid_reset_token');
    expect((await stack.api.post('/api/v1/auth/password/reset', { token: 'x'.repeat(43), password: 'un tout nouveau secret' })).status).toBe(400);
  });
});
