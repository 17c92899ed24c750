import { eventually } from '@sesame/testing';
import { TestSmtpServer } from '@sesame/mailmerge/testing';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, launch, recipientsOf } from './campaigns.support';

const PUBLIC_URL = 'https://sesame.ac-test.fr';

/**
 * Email campaigns through a real SMTP server (SPEC §6): both variants, accounts without an email
 * skipped, a greylisting (4xx) retried, a refusal (5xx) recorded, a test sent to oneself, and a
 * selection frozen at launch.
 */
describe('email campaigns', () => {
  const smtp = new TestSmtpServer();
  let stack: Stack;
  let d: Directory;
  let admin: Api;
  const people: Record<string, { id: string; username: string; activationCode: string | null; email: string | null }> = {};

  beforeAll(async () => {
    stack = await startStack({
      mailmerge: {
        SMTP_URL: await smtp.start(),
        SMTP_TIMEOUT_MS: '3000',
        PUBLIC_URL,
        MAIL_FROM: 'Sesame Académie <ne-pas-repondre@ac-test.fr>',
        CAMPAIGN_EMAILS_PER_SECOND: '50',
        CAMPAIGN_EMAIL_ATTEMPTS: '6',
        CAMPAIGN_EMAIL_BACKOFF_MS: '200',
      },
    });
    d = await seedDirectory(stack.api);
    admin = stack.api.as(d.tokens.administrator);
    const sixB = (await admin.post(`/api/v1/schools/${d.schoolA.id}/classes`, { name: '6B' })).body;
    const add = async (key: string, body: object) => {
      const answer = await admin.post('/api/v1/users', { role: 'member', schoolIds: [d.schoolA.id], classIds: [sixB.id], ...body });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      people[key] = answer.body;
    };
    await add('zoe', { profile: 'student', firstName: 'Zoé', lastName: 'Abadie', email: 'zoe@example.org' });
    await add('paul', { profile: 'teacher', firstName: 'Paul', lastName: 'Martin', email: 'paul@example.org' });
    await add('emile', { profile: 'student', firstName: 'Émile', lastName: 'Éluard' });
    await add('eric', { profile: 'student', firstName: 'Eric', lastName: 'Eluard' });
    // Émile activates his account and gives his email on the way.
    const activated = await stack.api.post('/api/v1/auth/activate', {
      username: people.emile.username,
      activationCode: people.emile.activationCode,
      password: 'le mot de passe d’Émile',
      email: 'emile@example.org',
    });
    if (activated.status !== 200) throw new Error(JSON.stringify(activated.body));
    people.emile.email = 'emile@example.org';
  });

  afterAll(async () => {
    await stack?.close();
    await smtp.stop();
  });

  beforeEach(() => smtp.clear());

  const sixB = () => ({ schoolId: d.schoolA.id, profiles: ['student', 'teacher'], q: undefined });
  /** Messages to `address`, their text with no-break spaces (before French colons) as plain spaces. */
  const to = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => ({ ...m, text: m.text.replace(/\u00a0/g, ' ') }));

  it('sends each account its variant once, and skips those without an email', async () => {
    const campaign = await launch(admin, { filter: sixB(), sort: 'name', channel: 'email' });
    const done = await campaignWhen(admin, campaign.id);
    // Zoé, Paul (activation), Émile (reminder); Eric and the seed's student have no email.
    expect(done).toMatchObject({ status: 'completed', progress: 1, counts: { selected: 5, sent: 3, skipped: 2, failed: 0, uncertain: 0, pending: 0 } });
    expect(smtp.received).toHaveLength(3);

    const [zoe] = to('zoe@example.org');
    expect(zoe.headers.subject).toBe('Activez votre compte Sesame');
    expect(zoe.headers.to).toContain('Zoé Abadie');
    expect(zoe.headers['message-id']).toBe(`<${campaign.id}.${people.zoe.id}@ac-test.fr>`);
    expect(zoe.headers['auto-submitted']).toBe('auto-generated');
    expect(zoe.text).toContain(`Identifiant : ${people.zoe.username}`);
    expect(zoe.text).toContain(`Code d’activation : ${people.zoe.activationCode}`);
    expect(zoe.text).toContain(`${PUBLIC_URL}/activate?login=${encodeURIComponent(people.zoe.username)}`);
    expect(zoe.html).toContain(people.zoe.activationCode);
    expect(to('paul@example.org')[0].text).toContain(`Code d’activation : ${people.paul.activationCode}`);

    const [emile] = to('emile@example.org');
    expect(emile.headers.subject).toBe('Votre compte Sesame\u00a0: que faire si vous oubliez votre mot de passe');
    expect(emile.text).toContain(`${PUBLIC_URL}/password/forgot`);
    expect(emile.text).not.toContain('Code d’activation');

    const recipients = await recipientsOf(admin, campaign.id);
    expect(recipients.find((r) => r.accountId === people.eric.id)).toMatchObject({ status: 'skipped', detail: 'no_email', attempts: 0 });
    expect(recipients.filter((r) => r.status === 'sent').map((r) => r.accountId).sort()).toEqual([people.zoe.id, people.paul.id, people.emile.id].sort());
    // Identity records the distribution once mailmerge's event arrives.
    await eventually(async () => ((await admin.get(`/api/v1/users/${people.paul.id}`)).body.lastDistributionChannel === 'email' ? true : undefined), 10_000, 'the distribution log');
    expect((await admin.get(`/api/v1/users/${people.eric.id}`)).body.lastDistributedAt).toBeNull();
  });

  it('tries a greylisted email again and records a refused one with the server’s answer', async () => {
    smtp.refuse = (address, attempt) => {
      if (address === 'zoe@example.org' && attempt === 1) return { code: 451, message: '4.7.1 Greylisted, please try again later' };
      if (address === 'paul@example.org') return { code: 550, message: '5.1.1 Mailbox unknown' };
      return null;
    };
    const campaign = await launch(admin, { filter: sixB(), channel: 'email', locale: 'en' });
    const done = await campaignWhen(admin, campaign.id);
    expect(done.counts).toMatchObject({ sent: 2, failed: 1, skipped: 2 });
    expect(smtp.attempts.filter((a) => a === 'zoe@example.org')).toHaveLength(2);
    expect(to('zoe@example.org')).toHaveLength(1);
    expect(to('zoe@example.org')[0].headers.subject).toBe('Activate your Sesame account');
    // A permanent refusal is not tried again.
    expect(smtp.attempts.filter((a) => a === 'paul@example.org')).toHaveLength(1);
    const recipients = await recipientsOf(admin, campaign.id);
    expect(recipients.find((r) => r.accountId === people.zoe.id)).toMatchObject({ status: 'sent', attempts: 2, detail: null });
    const paul = recipients.find((r) => r.accountId === people.paul.id)!;
    expect(paul).toMatchObject({ status: 'failed', attempts: 1 });
    expect(paul.detail).toContain('550 5.1.1 Mailbox unknown');
  });

  it('sends a test to the caller: the first recipient’s email, marked as a test', async () => {
    const answer = await admin.post('/api/v1/campaigns/test-email', { filter: { ...sixB(), q: 'abadie' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ sentTo: d.adminA.email, accountId: people.zoe.id, username: people.zoe.username, variant: 'activation' });
    const [test] = to(d.adminA.email);
    expect(test.headers.subject).toBe('[Essai] Activez votre compte Sesame');
    expect(test.text).toContain('Ceci est un essai');
    expect(test.text).toContain(people.zoe.activationCode!);
    expect(to('zoe@example.org')).toEqual([]);
    // The manager of the tests has no email on file.
    const manager = await stack.api.as(d.tokens.manager).post('/api/v1/campaigns/test-email', { filter: sixB() });
    expect(manager.status).toBe(409);
    expect((await stack.api.as(d.tokens.member).post('/api/v1/campaigns/test-email', { filter: {} })).status).toBe(403);
  });

  it('sends what was selected at launch even when an account changes meanwhile', async () => {
    // The server says "later" until the account has changed: nothing can leave before.
    let open = false;
    smtp.refuse = () => (open ? null : { code: 451, message: '4.3.2 Try again later' });
    const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, q: 'zoé abadie' }, channel: 'email' });
    await eventually(async () => ((await recipientsOf(admin, campaign.id))[0]?.attempts >= 1 ? true : undefined), 10_000, 'a first attempt');
    const changed = await admin.patch(`/api/v1/users/${people.zoe.id}`, { firstName: 'Zoë', email: 'zoe.nouvelle@example.org' });
    expect(changed.status).toBe(200);
    open = true;
    expect((await campaignWhen(admin, campaign.id)).counts).toMatchObject({ selected: 1, sent: 1 });
    expect(to('zoe.nouvelle@example.org')).toEqual([]);
    const [sent] = to('zoe@example.org');
    expect(sent.headers.to).toContain('Zoé Abadie');
    expect((await recipientsOf(admin, campaign.id))[0]).toMatchObject({ email: 'zoe@example.org', status: 'sent' });
  });
});
