import { randomUUID } from 'node:crypto';
import { enrolmentRoutingKey } from '@sesame/contracts';
import { LifecycleService, PurgeService } from '@sesame/identity/testing';
import { TestSmtpServer } from '@sesame/mailmerge/testing';
import { eventually } from '@sesame/testing';
import { publishEnrolment } from '../support/events';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

const DAY = 86_400_000;

/**
 * A school year of the leavers' calendar on a fake clock (issue 16), every service on real servers:
 * the manager's policy (a four-month one refused), departures by an administrator and by a
 * `student.left` event, the notices emailed in each account's language before deactivation and
 * before deletion and kept in the distribution log, each step on its day (login refused once
 * deactivated, the account gone on its deletion day), and a returner enrolled again before deletion
 * who signs in with the same login and password.
 */
describe('a year of the leavers’ calendar', () => {
  const smtp = new TestSmtpServer();
  let stack: Stack;
  let d: Directory;
  let lifecycle: LifecycleService;
  let purge: PurgeService;
  // Departures an hour ago; the clock the run is given moves by days from there.
  const t0 = new Date(Date.now() - 3_600_000);
  const day = (n: number, minutes = 1) => new Date(t0.getTime() + n * DAY + minutes * 60_000);

  beforeAll(async () => {
    stack = await startStack({ mailmerge: { SMTP_URL: await smtp.start(), SMTP_TIMEOUT_MS: '3000', MAIL_FROM: 'Sesame Académie <ne-pas-repondre@ac-test.fr>' } });
    d = await seedDirectory(stack.api);
    lifecycle = stack.identity.get(LifecycleService);
    purge = stack.identity.get(PurgeService);
  });
  afterAll(async () => {
    await stack?.close();
    await smtp.stop();
  });

  const manager = () => stack.api.as(d.tokens.manager);
  const admin = () => stack.api.as(d.tokens.administrator);
  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => ({ ...m, text: m.text.replace(/\u00a0/g, ' ') }));
  const calendar = async (id: string) => (await admin().get(`/api/v1/users/${id}/lifecycle`)).body;
  const signsIn = (username: string) => stack.api.post('/api/v1/auth/login', { username, password: PASSWORD }).then((r) => r.status === 200);
  const enrolment = (type: string, body: object, occurredAt: Date) => {
    const event = { eventId: randomUUID(), occurredAt: occurredAt.toISOString(), source: 'siecle', version: 1 as const, type, ...body };
    return publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, [{ routingKey: enrolmentRoutingKey(event as never), body: event }]).then(() => event.eventId);
  };
  const applied = (eventId: string) =>
    eventually(async () => ((await stack.identityDb.selectFrom('enrolment_events').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) ? true : undefined), 15_000, `event ${eventId}`);
  const bySiecle = (externalId: string) => stack.identityDb.selectFrom('accounts').selectAll().where('source', '=', 'siecle').where('external_id', '=', externalId).executeTakeFirst();

  it('takes each leaver through notices and steps on their days, and restores a returner', async () => {
    // The manager's policy: a four-month one is refused; 10 days of toleration, 20 deactivated, 30 pre-deleted, notices 3 days ahead.
    expect((await manager().put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 40, deactivationDays: 40, preDeletionDays: 40 }] })).status).toBe(400);
    const policy = await manager().put('/api/v1/lifecycle/policy', { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30, noticeDays: 3 }] });
    expect(policy.status).toBe(200);

    // Léa leaves by her administrator's hand; Tom (who reads English) and Chloé by the information system's events.
    const lea = await d.student(d.schoolA, { username: uniqueName('lea'), password: PASSWORD, email: 'lea@example.org' });
    expect((await admin().post(`/api/v1/users/${lea.id}/depart`, { leftAt: t0.toISOString() })).status).toBe(200);
    const enrolled = (externalId: string, firstName: string, email: string) =>
      enrolment('student.enrolled', { student: { externalId, firstName, lastName: 'Départ', email }, school: { uai: d.schoolA.uai }, className: '5B', relatives: [] }, new Date(t0.getTime() - DAY));
    await applied(await enrolled('E-TOM', 'Tom', 'tom@example.org'));
    await applied(await enrolled('E-CHLOE', 'Chloé', 'chloe@example.org'));
    const tom = (await bySiecle('E-TOM'))!;
    const chloe = (await bySiecle('E-CHLOE'))!;
    await stack.identityDb.updateTable('accounts').set({ locale: 'en' }).where('id', '=', tom.id).execute();
    // Chloé chose her password before she left.
    expect((await stack.api.post('/api/v1/auth/activate', { username: chloe.username, activationCode: (await admin().get(`/api/v1/users/${chloe.id}`)).body.activationCode, password: PASSWORD })).status).toBe(200);
    await applied(await enrolment('student.left', { student: { externalId: 'E-TOM' } }, t0));
    await applied(await enrolment('student.left', { student: { externalId: 'E-CHLOE' } }, t0));
    // An event's departure is dated by the event (its occurredAt), not by when Sesame applied it.
    for (const who of [lea, tom, chloe]) expect(await calendar(who.id)).toMatchObject({ step: 'leaving', leftAt: t0.toISOString() });
    // Her first sign-in activates her account; the next is no edit of it (the undo of an import reads updated_at as one).
    expect(await signsIn(lea.username)).toBe(true);
    const beforeSignIn = await stack.identityDb.selectFrom('accounts').select(['updated_at', 'last_login_at']).where('id', '=', lea.id).executeTakeFirstOrThrow();
    expect(await signsIn(lea.username)).toBe(true);
    const afterSignIn = await stack.identityDb.selectFrom('accounts').select(['updated_at', 'last_login_at']).where('id', '=', lea.id).executeTakeFirstOrThrow();
    expect(afterSignIn.updated_at).toEqual(beforeSignIn.updated_at);
    expect(afterSignIn.last_login_at).not.toEqual(beforeSignIn.last_login_at);

    // Day 6: nothing yet. Day 7: the notices of deactivation (day 10), once each, in each one's language.
    expect(await lifecycle.run(day(6, 59))).toEqual({ noticed: 0, deactivated: 0, preDeleted: 0 });
    expect(await lifecycle.run(day(7, 120))).toEqual({ noticed: 3, deactivated: 0, preDeleted: 0 });
    expect((await lifecycle.run(day(7, 180))).noticed).toBe(0);
    await eventually(async () => (mailsTo('tom@example.org').length && mailsTo('lea@example.org').length ? true : undefined), 15_000, 'the deactivation notices');
    const [toLea] = mailsTo('lea@example.org');
    expect(toLea.headers.subject).toMatch(/^Votre compte Sesame sera désactivé le \d/);
    expect(toLea.text).toContain(`(identifiant : ${lea.username}) reste utilisable jusqu’au`);
    expect(mailsTo('tom@example.org')[0].headers.subject).toMatch(/^Your Sesame account will be deactivated on \d/);
    // The distribution log has it, as mailmerge reported it.
    await eventually(async () => ((await calendar(lea.id)).notices[0]?.outcome === 'sent' ? true : undefined), 15_000, 'the notice in the log');
    expect((await calendar(lea.id)).notices).toEqual([
      expect.objectContaining({ kind: 'deactivation', on: new Date(t0.getTime() + 10 * DAY).toISOString(), outcome: 'sent' }),
    ]);

    // Day 10: deactivated, no more sign-in.
    expect(await lifecycle.run(day(9, 59))).toMatchObject({ deactivated: 0 });
    expect(await lifecycle.run(day(10, 120))).toMatchObject({ deactivated: 3, preDeleted: 0 });
    expect(await signsIn(lea.username)).toBe(false);
    expect(await calendar(lea.id)).toMatchObject({ step: 'deactivated' });

    // Day 30: pre-deleted, deletion on day 60.
    expect(await lifecycle.run(day(30, 120))).toMatchObject({ deactivated: 0, preDeleted: 3 });
    const away = await calendar(chloe.id);
    expect(away).toMatchObject({ step: 'pre_deleted', dates: { deleteOn: new Date(Date.parse(away.leftAt) + 60 * DAY).toISOString() } });

    // Chloé comes back (enrolled again) before deletion: the same login and the password she chose.
    await applied(await enrolment('student.enrolled', { student: { externalId: 'E-CHLOE', firstName: 'Chloé', lastName: 'Départ' }, school: { uai: d.schoolA.uai }, className: '4B', relatives: [] }, day(31)));
    expect(await calendar(chloe.id)).toMatchObject({ step: 'active', leftAt: null });
    expect((await bySiecle('E-CHLOE'))!.username).toBe(chloe.username);
    expect(await signsIn(chloe.username)).toBe(true);

    // Day 57: the notices of deletion (day 60) to the two still leaving.
    smtp.clear();
    expect(await lifecycle.run(day(57, 120))).toMatchObject({ noticed: 2 });
    await eventually(async () => (mailsTo('lea@example.org').length && mailsTo('tom@example.org').length ? true : undefined), 15_000, 'the deletion notices');
    expect(mailsTo('lea@example.org')[0].headers.subject).toMatch(/^Les données de votre compte Sesame seront supprimées le \d/);
    expect(mailsTo('lea@example.org')[0].text).toContain('arrêté du 30 novembre 2006, article 6');
    expect(mailsTo('chloe@example.org')).toEqual([]);

    // Day 60: deleted; Chloé stays.
    expect(await purge.purgeExpired(day(59, 58))).toBe(0);
    expect(await purge.purgeExpired(day(60, 120))).toBe(2);
    expect((await admin().get(`/api/v1/users/${lea.id}`)).status).toBe(404);
    expect((await admin().get(`/api/v1/users/${tom.id}`)).status).toBe(404);
    expect(await signsIn(chloe.username)).toBe(true);
  });
});
