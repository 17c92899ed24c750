import { eventually } from '@sesame/testing';
import { MailmergeUnderTest, startMailmergeForTest } from './support/mailmerge';
import { TestSmtpServer } from './support/smtp';

/** SIGTERM while an email is on its way: the email goes out and is recorded before mailmerge stops. */
describe('graceful shutdown', () => {
  const smtp = new TestSmtpServer();
  let mailmerge: MailmergeUnderTest;

  beforeAll(async () => {
    mailmerge = await startMailmergeForTest({ SMTP_URL: await smtp.start() });
  });

  afterAll(async () => {
    await mailmerge?.close();
    await smtp.stop();
  });

  it('finishes the message in hand, then stops taking new ones', async () => {
    smtp.acceptDelayMs = 1_500;
    const { event: inHand } = await mailmerge.resetRequested();
    await mailmerge.publish(inHand);
    await eventually(async () => (smtp.attempts.length > 0 ? true : undefined), 10_000, 'the email on its way');

    await mailmerge.stopApp();
    expect(smtp.received.map((m) => m.headers['x-sesame-event-id'])).toEqual([inHand.id]);
    const recorded = await mailmerge.db.selectFrom('processed_events').select('outcome').where('event_id', '=', inHand.id).executeTakeFirst();
    expect(recorded?.outcome).toBe('sent');
    // Acknowledged before the connection closed: it will not come back to another replica.
    expect(await mailmerge.queueDepth()).toBe(0);

    // Stopped: what comes next waits in the queue for the next replica.
    await mailmerge.publish((await mailmerge.resetRequested()).event);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.received).toHaveLength(1);
    expect(await mailmerge.queueDepth()).toBe(1);
  });
});
