import { SealKeyring, generateSealKey, parseSealKey } from '@sesame/auth';
import { eventually } from '@sesame/testing';
import { CapturedLogs } from './support/logs';
import { MailmergeUnderTest, PUBLIC_URL, passwordChanged, resetRequested, startMailmergeForTest } from './support/mailmerge';
import { ReceivedMail, TestSmtpServer } from './support/smtp';

/** Mailmerge reading identity's events from RabbitMQ and writing to a real SMTP server. */
describe('password emails from identity events', () => {
  const smtp = new TestSmtpServer();
  let logs: CapturedLogs;
  let mailmerge: MailmergeUnderTest;
  // The key identity sealed with before the current one: still accepted during the rotation.
  const previousKey = generateSealKey('2025-03');

  beforeAll(async () => {
    logs = new CapturedLogs();
    mailmerge = await startMailmergeForTest({ SMTP_URL: await smtp.start(), MAIL_SEAL_PREVIOUS_KEYS: previousKey });
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
    const { event, token } = await mailmerge.resetRequested({ displayName: 'Zoé <b>"Lefèvre"</b> & fils' });
    const { email, username } = event.data as { email: string; username: string };
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
    expect(mail.text).toContain(`(identifiant\u00a0: ${username})`);
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.text).toMatch(/valable jusqu’au \p{L}+ \d{1,2}(er)? \p{L}+ \d{4} à \d{2} h \d{2} \(heure de Paris\)/u);
    expect(mail.text).toContain("Si vous n’êtes pas à l’origine de cette demande");

    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('Bonjour Zoé &lt;b&gt;&quot;Lefèvre&quot;&lt;/b&gt; &amp; fils,');
    expect(mail.html).not.toContain('<b>');
    expect(await outcomeOf(event.id)).toBe('sent');
  });

  it('writes in English to a user whose locale is en', async () => {
    const { event } = await mailmerge.resetRequested({ locale: 'en', displayName: 'Amelia Jones' });
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
    expect(mail.text).toContain("veuillez contacter sans attendre l’administrateur de votre établissement");
    expect(mail.html).toContain("l’administrateur de votre établissement");
    expect(mail.text).not.toContain('password/reset');
  });

  it('sends nothing when the user has no email on file', async () => {
    const event = passwordChanged({ email: null });
    await mailmerge.publish(event);

    await eventually(async () => logs.find('No email on file: nothing to send', { eventId: event.id })[0], 15_000, 'the skip');
    expect(smtp.attempts).toEqual([]);
    expect(await outcomeOf(event.id)).toBeUndefined();
  });

  it('opens a token sealed under the previous key during a rotation', async () => {
    const { event, token } = await resetRequested(new SealKeyring(parseSealKey(previousKey)!));
    await mailmerge.publish(event);

    const mail = await mailTo((event.data as { email: string }).email);
    expect(mail.text).toContain(`${PUBLIC_URL}/password/reset?token=${encodeURIComponent(token)}`);
  });

  it('sends one email for an event delivered twice', async () => {
    const { event } = await mailmerge.resetRequested();
    await mailmerge.publish(event);
    await mailmerge.publish(event);

    expect((await handled(event.id, 2)).sort()).toEqual(['duplicate', 'sent']);
    expect(smtp.received.filter((m) => m.headers['x-sesame-event-id'] === event.id)).toHaveLength(1);
  });

  it('dead-letters what can never be sent, with the reason, and sends nothing', async () => {
    const { event: noToken } = await mailmerge.resetRequested({ sealedToken: undefined });
    const { event: twoRecipients } = await mailmerge.resetRequested({ email: 'eleve@example.org,\r\nBcc: intrus@example.org' }, { email: 'eleve@example.org,\r\nBcc: intrus@example.org' });
    await mailmerge.publish(noToken);
    await mailmerge.publish(twoRecipients);
    await mailmerge.publish(Buffer.from('{ not json'));

    const dead: Array<{ reason: string; body: string }> = [];
    await eventually(async () => {
      dead.push(...(await mailmerge.takeDeadLetters()));
      return dead.length >= 3 ? dead : undefined;
    }, 15_000, 'three dead letters');
    const reasonOf = (id: string) => dead.find((d) => d.body.includes(id))?.reason;
    expect(reasonOf(noToken.id)).toMatch(/^identity\.user\.password-reset-requested: invalid data: sealedToken /);
    expect(reasonOf(twoRecipients.id)).toContain('recipient refused before sending');
    expect(dead.find((d) => d.body === '{ not json')?.reason).toBe('invalid message: not JSON');
    expect(smtp.attempts).toEqual([]);
    expect(await outcomeOf(twoRecipients.id)).toBeUndefined();
  });

  it('dead-letters a token in clear, a tampered box, a box moved to another account or address, and one under an unknown key, naming no secret', async () => {
    const genuine = await mailmerge.resetRequested();
    const victim = genuine.event.data as { userId: string; email: string; sealedToken: { ciphertext: string } };
    const inClear = { ...genuine.event, id: crypto.randomUUID(), version: 1, data: { ...victim, sealedToken: undefined, token: genuine.token } };
    const flipped = Buffer.from(victim.sealedToken.ciphertext, 'base64url');
    flipped[0] ^= 1;
    const tampered = { ...genuine.event, id: crypto.randomUUID(), data: { ...victim, sealedToken: { ...victim.sealedToken, ciphertext: flipped.toString('base64url') } } };
    // Someone who read the genuine event copies its box into an event of their own.
    const toAnotherAccount = (await mailmerge.resetRequested({ sealedToken: victim.sealedToken })).event;
    const toAnotherAddress = { ...genuine.event, id: crypto.randomUUID(), data: { ...victim, email: 'intrus@example.org' } };
    const unknownKey = (await resetRequested(new SealKeyring(parseSealKey(generateSealKey('stolen'))!))).event;
    for (const event of [inClear, tampered, toAnotherAccount, toAnotherAddress, unknownKey]) await mailmerge.publish(event);

    const dead: Array<{ reason: string; body: string }> = [];
    await eventually(async () => {
      dead.push(...(await mailmerge.takeDeadLetters()));
      return dead.length >= 5 ? dead : undefined;
    }, 15_000, 'five dead letters');
    const reasonOf = (id: string) => dead.find((d) => JSON.parse(d.body).id === id)?.reason;
    expect(reasonOf(inClear.id)).toBe('identity.user.password-reset-requested: version 1 is not handled (expected 2)');
    for (const event of [tampered, toAnotherAccount, toAnotherAddress]) {
      expect(reasonOf(event.id)).toBe('identity.user.password-reset-requested: sealed secret refused: not authentic');
    }
    expect(reasonOf(unknownKey.id)).toBe('identity.user.password-reset-requested: sealed secret refused: unknown key');
    expect(dead.map((d) => d.reason).join('\n')).not.toContain(genuine.token);
    expect(smtp.attempts).toEqual([]);
  });
});
