import { eventually } from '@sesame/testing';
import { CapturedLogs } from './support/logs';
import { MailmergeUnderTest, PUBLIC_URL, passwordChanged, resetRequested, startMailmergeForTest } from './support/mailmerge';
import { ReceivedMail, TestSmtpServer } from './support/smtp';

/** Mailmerge reading identity's events from RabbitMQ and writing to a real SMTP server. */
describe('password emails from identity events', () => {
  const smtp = new TestSmtpServer();
  let logs: CapturedLogs;
  let mailmerge: MailmergeUnderTest;

  beforeAll(async () => {
    logs = new CapturedLogs();
    mailmerge = await startMailmergeForTest({ SMTP_URL: await smtp.start() });
  });

  afterAll(async () => {
    await mailmerge?.close();
    await smtp.stop();
    logs?.restore();
  });

  beforeEach(() => smtp.clear());

  const mailTo = (address: string): Promise<ReceivedMail> =>
    eventually(async () => smtp.received.find((m) => m.to.includes(address)), 15_000, `an email to ${address}`);

  const handled = (eventId: string, count = 1) =>
    eventually(async () => {
      const entries = logs.find('Identity event handled', { eventId });
      return entries.length >= count ? entries.map((e) => e.fields.outcome) : undefined;
    }, 15_000, `event ${eventId} handled ${count} time(s)`);

  const outcomeOf = async (eventId: string) =>
    (await mailmerge.db.selectFrom('processed_events').select('outcome').where('event_id', '=', eventId).executeTakeFirst())?.outcome;

  it('sends the single-use reset link in French by default, as text and as escaped HTML', async () => {
    const event = resetRequested({ displayName: 'Zoé <b>"Lefèvre"</b> & fils' });
    const { email, token, username } = event.data as { email: string; token: string; username: string };
    await mailmerge.publish(event);

    const mail = await mailTo(email);
    const link = `${PUBLIC_URL}/password/reset?token=${encodeURIComponent(token)}`;
    expect(token).toMatch(/[+/=]/);
    expect(mail.to).toEqual([email]);
    expect(mail.from).toBe('ne-pas-repondre@ac-test.fr');
    expect(mail.headers.from).toBe('Sesame Académie <ne-pas-repondre@ac-test.fr>');
    expect(mail.headers.to).toContain(`<${email}>`);
    expect(mail.headers.to).toContain('Lefèvre');
    expect(mail.headers.subject).toBe('Réinitialisation de votre mot de passe Sesame');
    expect(mail.headers['message-id']).toBe(`<${event.id}@ac-test.fr>`);
    expect(mail.headers['x-sesame-event-id']).toBe(event.id);
    expect(mail.headers['auto-submitted']).toBe('auto-generated');

    expect(mail.text).toContain('Bonjour Zoé <b>"Lefèvre"</b> & fils,');
    expect(mail.text).toContain(`(identifiant : ${username})`);
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.text).toMatch(/valable jusqu'au \p{L}+ \d{1,2}(er)? \p{L}+ \d{4} à \d{2} h \d{2} \(heure de Paris\)/u);
    expect(mail.text).toContain("Si vous n'êtes pas à l'origine de cette demande");

    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('Bonjour Zoé &lt;b&gt;&quot;Lefèvre&quot;&lt;/b&gt; &amp; fils,');
    expect(mail.html).not.toContain('<b>');
    expect(await outcomeOf(event.id)).toBe('sent');
  });

  it('writes in English to a user whose locale is en', async () => {
    const event = resetRequested({ locale: 'en', displayName: 'Amelia Jones' });
    await mailmerge.publish(event);

    const mail = await mailTo((event.data as { email: string }).email);
    expect(mail.headers.subject).toBe('Resetting your Sesame password');
    expect(mail.headers['content-language']).toBe('en');
    expect(mail.text).toContain('Hello Amelia Jones,');
    expect(mail.text).toMatch(/valid until \p{L}+ \d{1,2} \p{L}+ \d{4} at \d{2}:\d{2} \(Paris time\)/u);
    expect(mail.text).toContain(`${PUBLIC_URL}/password/reset?token=`);
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Choose a new password');
  });

  it('tells users their password was changed and whom to call if it was not them', async () => {
    const event = passwordChanged({ displayName: 'Karim Benali' });
    await mailmerge.publish(event);

    const mail = await mailTo((event.data as { email: string }).email);
    expect(mail.headers.subject).toBe('Votre mot de passe Sesame a été modifié');
    expect(mail.text).toContain('Bonjour Karim Benali,');
    expect(mail.text).toMatch(/a été modifié le \p{L}+ \d{1,2}(er)? \p{L}+ \d{4} à \d{2} h \d{2} \(heure de Paris\)/u);
    expect(mail.text).toContain("veuillez contacter sans attendre l'administrateur de votre établissement");
    expect(mail.html).toContain("l&#39;administrateur de votre établissement");
    expect(mail.text).not.toContain('password/reset');
  });

  it('sends nothing when the user has no email on file', async () => {
    const event = passwordChanged({ email: null });
    await mailmerge.publish(event);

    await eventually(async () => logs.find('No email on file: nothing to send', { eventId: event.id })[0], 15_000, 'the skip');
    expect(smtp.attempts).toEqual([]);
    expect(await outcomeOf(event.id)).toBeUndefined();
  });

  it('sends one email for an event delivered twice', async () => {
    const event = resetRequested();
    await mailmerge.publish(event);
    await mailmerge.publish(event);

    expect((await handled(event.id, 2)).sort()).toEqual(['duplicate', 'sent']);
    expect(smtp.received.filter((m) => m.headers['x-sesame-event-id'] === event.id)).toHaveLength(1);
  });

  it('dead-letters what can never be sent, with the reason, and sends nothing', async () => {
    const noToken = resetRequested({ token: undefined });
    const twoRecipients = resetRequested({ email: 'eleve@example.org,\r\nBcc: intrus@example.org' });
    await mailmerge.publish(noToken);
    await mailmerge.publish(twoRecipients);
    await mailmerge.publish(Buffer.from('{ not json'));

    const dead: Array<{ reason: string; body: string }> = [];
    await eventually(async () => {
      dead.push(...(await mailmerge.takeDeadLetters()));
      return dead.length >= 3 ? dead : undefined;
    }, 15_000, 'three dead letters');
    const reasonOf = (id: string) => dead.find((d) => d.body.includes(id))?.reason;
    expect(reasonOf(noToken.id)).toMatch(/^identity\.user\.password-reset-requested: invalid data: token /);
    expect(reasonOf(twoRecipients.id)).toContain('recipient refused before sending');
    expect(dead.find((d) => d.body === '{ not json')?.reason).toBe('invalid message: not JSON');
    expect(smtp.attempts).toEqual([]);
    expect(await outcomeOf(twoRecipients.id)).toBeUndefined();
  });
});
