import { eventually } from '@sesame/testing';
import { CapturedLogs } from './support/logs';
import { MailmergeUnderTest, startMailmergeForTest } from './support/mailmerge';
import { TestSmtpServer } from './support/smtp';

/** What mailmerge does when the SMTP server says "later" (4xx), "never" (5xx) or does not answer. */
describe('SMTP failures', () => {
  const smtp = new TestSmtpServer();
  let logs: CapturedLogs;
  let mailmerge: MailmergeUnderTest;

  beforeAll(async () => {
    logs = new CapturedLogs();
    mailmerge = await startMailmergeForTest({ SMTP_URL: await smtp.start(), SMTP_TIMEOUT_MS: '3000' });
  });

  afterAll(async () => {
    await mailmerge?.close();
    await smtp.stop();
    logs?.restore();
  });

  beforeEach(() => smtp.clear());

  const handled = (eventId: string) =>
    eventually(async () => logs.find('Identity event handled', { eventId })[0]?.fields.outcome, 20_000, `event ${eventId} handled`);
  const retried = (eventId: string) => logs.find('Identity event not handled; it will be tried again', { messageId: eventId });
  const outcomeOf = async (eventId: string) =>
    (await mailmerge.db.selectFrom('processed_events').select('outcome').where('event_id', '=', eventId).executeTakeFirst())?.outcome;

  it('tries again after a 451 and delivers the email once', async () => {
    const { event } = await mailmerge.resetRequested();
    const email = (event.data as { email: string }).email;
    smtp.refuse = (address, attempt) => (address === email && attempt === 1 ? { code: 451, message: '4.7.1 Greylisted, please try again later' } : null);
    await mailmerge.publish(event);

    expect(await handled(event.id)).toBe('sent');
    expect(smtp.attempts.filter((a) => a === email)).toHaveLength(2);
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(retried(event.id)).toHaveLength(1);
    expect(await outcomeOf(event.id)).toBe('sent');
  });

  it('records a 550 once with the server answer in the log, and does not try again', async () => {
    const { event } = await mailmerge.resetRequested();
    const email = (event.data as { email: string }).email;
    smtp.refuse = (address) => (address === email ? { code: 550, message: '5.1.1 Mailbox unknown' } : null);
    await mailmerge.publish(event);

    expect(await handled(event.id)).toBe('refused');
    const [refusal] = logs.find('The mail server refused the email', { eventId: event.id });
    expect(refusal.level).toBe('error');
    expect(refusal.fields.response).toContain('550 5.1.1 Mailbox unknown');
    expect(await outcomeOf(event.id)).toBe('refused');
    // A retry would come after one second; give it more than that to show it does not.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(smtp.attempts).toEqual([email]);
    expect(retried(event.id)).toEqual([]);
    expect(await mailmerge.takeDeadLetters()).toEqual([]);
  });

  it('keeps trying while the server is down and delivers once it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const { event } = await mailmerge.resetRequested();
    await mailmerge.publish(event);

    await eventually(async () => retried(event.id)[0], 15_000, 'a failed attempt');
    expect(await outcomeOf(event.id)).toBeUndefined();
    await smtp.start(port);
    expect(await handled(event.id)).toBe('sent');
    expect(smtp.received.filter((m) => m.headers['x-sesame-event-id'] === event.id)).toHaveLength(1);
    const [failure] = retried(event.id);
    expect(failure.fields.err).toMatchObject({ transient: true, details: { code: 'ECONNREFUSED' } });
  });
});
