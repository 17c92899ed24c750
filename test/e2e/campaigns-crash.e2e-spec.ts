import { eventually } from '@sesame/testing';
import { TestSmtpServer } from '@sesame/mailmerge/testing';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { Replica, freePort } from './replicas-support';
import { campaignWhen, launch, recipientsOf } from './campaigns.support';

const STUDENTS = 30;

/**
 * A mailmerge replica killed (SIGKILL) while emails are on their way, then started again: no
 * recipient gets two emails, and every recipient is accounted for — sent, or `uncertain` when the
 * killed attempt may have sent it (those are never sent again).
 */
describe('email campaign across a crash', () => {
  const smtp = new TestSmtpServer();
  let stack: Stack;
  let d: Directory;
  let admin: Api;
  let mailmerge: Replica;

  beforeAll(async () => {
    stack = await startStack();
    const env = {
      DATABASE_URL: await stack.isolation.database('mailmerge'),
      ...stack.isolation.serviceEnv,
      LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'error',
      SMTP_URL: await smtp.start(),
      SMTP_TIMEOUT_MS: '5000',
      CAMPAIGN_EMAILS_PER_SECOND: '100',
      CAMPAIGN_EMAIL_CONCURRENCY: '4',
      CAMPAIGN_EMAIL_BACKOFF_MS: '200',
      // The selection is read from identity in several pages.
      DISTRIBUTION_PAGE_SIZE: '7',
      // A killed replica's jobs go back to the queue after this long.
      CAMPAIGN_JOB_LOCK_MS: '2000',
    };
    mailmerge = new Replica('mailmerge', 'mailmerge', await freePort(), env);
    await mailmerge.start().ready();
    d = await seedDirectory(stack.api);
    admin = stack.api.as(d.tokens.administrator);
    for (let i = 0; i < STUDENTS; i++) {
      const answer = await admin.post('/api/v1/users', {
        role: 'member',
        profile: 'student',
        firstName: 'Élève',
        lastName: `Numéro ${i}`,
        schoolIds: [d.schoolA.id],
        email: `eleve.${i}@example.org`,
      });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
    }
  });

  afterAll(async () => {
    await mailmerge?.stop();
    await stack?.close();
    await smtp.stop();
  });

  it('sends no email twice and accounts for every recipient', async () => {
    // A slow server: each email is on its way for a while, so the kill lands mid-send.
    smtp.acceptDelayMs = 300;
    const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, q: 'numéro' }, channel: 'email' });
    await eventually(async () => (smtp.received.length >= 8 ? true : undefined), 30_000, 'a few emails sent');
    await mailmerge.stop('SIGKILL');
    const receivedBeforeRestart = smtp.received.length;
    expect(receivedBeforeRestart).toBeLessThan(STUDENTS);

    await mailmerge.start().ready();
    const done = await campaignWhen(admin, campaign.id, undefined, 60_000);
    expect(done.status).toBe('completed');

    const recipients = await recipientsOf(admin, campaign.id);
    expect(recipients).toHaveLength(STUDENTS);
    const addresses = smtp.received.flatMap((m) => m.to);
    // No duplicate: each address received at most one message.
    expect(addresses.length).toBe(new Set(addresses).size);
    // Every recipient settled: sent (and received), or uncertain (the killed attempt's).
    const sent = recipients.filter((r) => r.status === 'sent');
    const uncertain = recipients.filter((r) => r.status === 'uncertain');
    expect(sent.length + uncertain.length).toBe(STUDENTS);
    expect(uncertain.length).toBeGreaterThanOrEqual(1);
    expect(uncertain.every((r) => r.detail === 'attempt_interrupted')).toBe(true);
    expect(done.counts).toMatchObject({ selected: STUDENTS, sent: sent.length, uncertain: uncertain.length, pending: 0, failed: 0 });
    const receivedBy = new Set(addresses);
    const emailOf = async (accountId: string) => (await admin.get(`/api/v1/users/${accountId}`)).body.email as string;
    for (const r of sent) expect(receivedBy.has(await emailOf(r.accountId))).toBe(true);
    // Those sent after the restart were never sent before it.
    expect(smtp.received.length).toBeGreaterThan(receivedBeforeRestart);
    // The server saw connections cut by the kill, and nothing worse.
    expect(smtp.errors).toEqual([]);
  });
});
