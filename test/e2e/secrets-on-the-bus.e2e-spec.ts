import { IdentityEvents, ImporterEvents } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { ReceivedMail, TestSmtpServer } from '@sesame/mailmerge/testing';
import { EventTap } from '../support/events';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { fixture, settled, validated } from './imports-support';

const PUBLIC_URL = 'https://sesame.ac-test.fr';

/**
 * What any consumer of sesame.events can read (issue 12 §1): a queue of the test's own, bound to
 * every routing key, as another system (or an intruder on the broker) would bind one.
 */
describe('secrets on the events exchange', () => {
  const smtp = new TestSmtpServer();
  let stack: Stack;
  let d: Directory;
  let tap: EventTap;

  beforeAll(async () => {
    stack = await startStack({
      mailmerge: { SMTP_URL: await smtp.start(), PUBLIC_URL },
      importer: { IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' },
    });
    // Keeps a copy of every outbox row as identity writes it (the relay deletes it once published).
    await sql
      .raw(
        `CREATE TABLE test_outbox_written (envelope jsonb NOT NULL);
         CREATE FUNCTION test_keep_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN INSERT INTO test_outbox_written VALUES (NEW.envelope); RETURN NEW; END $$;
         CREATE TRIGGER test_keep_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION test_keep_outbox();`,
      )
      .execute(stack.identityDb);
    tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, '#');
    d = await seedDirectory(stack.api);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.close();
    await smtp.stop();
  });

  const outboxRows = async () => (await sql<{ envelope: unknown }>`SELECT envelope FROM test_outbox_written`.execute(stack.identityDb)).rows.map((r) => JSON.stringify(r.envelope));
  /** The reset email to `address` (a password change notice may reach the same address meanwhile). */
  const resetMailTo = (address: string): Promise<ReceivedMail> =>
    eventually(async () => smtp.received.find((m) => m.to.includes(address) && m.text.includes('/password/reset?token=')), 15_000, `a reset email to ${address}`);
  const linkTokenOf = (mail: ReceivedMail) => decodeURIComponent(/\/password\/reset\?token=([^\s"<>]+)/.exec(mail.text)![1]);
  const reset = (token: string, password: string) => stack.api.post('/api/v1/auth/password/reset', { token, password });
  const stringsIn = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];

  it('carries reset tokens sealed: nothing on the bus or in the outbox resets the password, the email’s link does', async () => {
    const member = await d.student(d.schoolA, { email: `${uniqueName('lea')}@example.org`, username: uniqueName('reset'), password: PASSWORD });
    await stack.api.post('/api/v1/auth/password/forgot', { username: member.username });

    const event = await tap.waitFor(IdentityEvents.userPasswordResetRequested.type, (data) => data.userId === member.id);
    expect(event.version).toBe(2);
    expect(event.data).not.toHaveProperty('token');
    expect(event.data).toHaveProperty('sealedToken');
    // Whatever a consumer of the exchange tries from the event, the reset is refused.
    const box = (event.data as { sealedToken: Record<string, string> }).sealedToken;
    const candidates = [...stringsIn(event), JSON.stringify(box), Object.values(box).join('.')];
    for (const candidate of candidates) expect((await reset(candidate, 'un tout nouveau secret')).status).toBe(400);

    // Mailmerge opens the box and writes the link; the token in it appears nowhere else.
    const mail = await resetMailTo(member.email);
    const token = linkTokenOf(mail);
    expect(mail.text).toContain(`${PUBLIC_URL}/password/reset?token=`);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(tap.raw.join('\n')).not.toContain(token);
    const written = await outboxRows();
    expect(written.some((row) => row.includes(member.id) && row.includes('sealedToken'))).toBe(true);
    expect(written.join('\n')).not.toContain(token);

    expect((await reset(token, 'un tout nouveau secret')).status).toBe(204);
    expect((await stack.api.post('/api/v1/auth/login', { username: member.username, password: 'un tout nouveau secret' })).status).toBe(200);
  });

  it('never carries a password, its hash, an activation code or a reset token, whatever changes a password', async () => {
    const secrets: string[] = [PASSWORD];
    const accountIds: string[] = [];
    const changed = (userId: string) => tap.waitFor(IdentityEvents.userPasswordChanged.type, (data) => data.userId === userId);

    // Activation: the code, and the password chosen with it.
    const student = await d.student(d.schoolA, { username: uniqueName('activation') });
    secrets.push(student.activationCode, 'le mot de passe choisi à l’activation');
    const activated = await stack.api.post('/api/v1/auth/activate', { username: student.username, activationCode: student.activationCode, password: secrets.at(-1) });
    expect(activated.status).toBe(200);
    await tap.waitFor(IdentityEvents.userActivated.type, (data) => data.userId === student.id);
    accountIds.push(student.id);

    // Login.
    const member = await d.student(d.schoolA, { email: `${uniqueName('zoe')}@example.org`, username: uniqueName('member'), password: PASSWORD });
    await stack.api.login(member.username, PASSWORD);
    accountIds.push(member.id);

    // An administrator sets the password; the member changes it; then forgets it and resets it.
    secrets.push('choisi par l’administrateur');
    expect((await stack.api.as(d.tokens.administrator).put(`/api/v1/users/${member.id}/password`, { password: secrets.at(-1) })).status).toBe(204);
    await changed(member.id);
    const own = await stack.api.login(member.username, secrets.at(-1)!);
    secrets.push('changé par moi-même ce matin');
    expect((await stack.api.as(own).put('/api/v1/me/password', { currentPassword: secrets.at(-2), newPassword: secrets.at(-1) })).status).toBe(200);
    await eventually(async () => (tap.of(IdentityEvents.userPasswordChanged.type).filter((e) => (e.data as { userId: string }).userId === member.id).length >= 2 ? true : undefined), 10_000, 'the second change');
    await stack.api.post('/api/v1/auth/password/forgot', { username: member.username });
    const token = linkTokenOf(await resetMailTo(member.email));
    secrets.push(token, 'choisi avec le lien reçu');
    expect((await reset(token, secrets.at(-1)!)).status).toBe(204);

    // An import of staff with their passwords (hashed by the importer, sent to identity by RPC).
    const report = await validated(stack.api, d.tokens.manager, fixture('ok/staff-with-passwords.csv'), { fields: { administratorId: d.adminA.id } });
    expect(report.status).toBe('ready');
    expect((await stack.api.as(d.tokens.manager).post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
    expect((await settled(stack.api.as(d.tokens.manager), report.id)).status).toBe('done');
    await tap.waitFor(ImporterEvents.importCompleted.type, (data) => data.importId === report.id);
    secrets.push('une phrase de passe solide', 'le chat dort sur le radiateur', 'le lycée ouvre à huit heures');
    const imported = await stack.identityDb.selectFrom('accounts').select('id').where('username', 'in', ['Superviseur Nord', 'superviseur.sud', 'direction.lycee']).execute();
    expect(imported).toHaveLength(3);
    accountIds.push(...imported.map((a) => a.id));

    const hashes = (await stack.identityDb.selectFrom('accounts').select('password_hash').where('id', 'in', accountIds).execute()).map((a) => a.password_hash!);
    expect(hashes).toHaveLength(accountIds.length);
    const everything = tap.raw.join('\n');
    expect(tap.raw.length).toBeGreaterThan(10);
    for (const secret of [...secrets, ...hashes]) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('$argon2');
  });
});
