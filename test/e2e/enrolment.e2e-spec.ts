import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_REASON_HEADER, QUEUES, deadLetterQueueOf, enrolmentRoutingKey, namespaced } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { connect } from 'amqplib';
import { sql } from 'kysely';
import { EventTap, publishEnrolment } from '../support/events';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

type Event = Record<string, any> & { type: string; version: 1 };

/** Enrolment events from an information system (SPEC §7), published to the enrolment exchange. */
describe('enrolment events', () => {
  let stack: Stack;
  let d: Directory;
  let clock = Date.parse('2026-09-01T08:00:00Z');
  const at = () => new Date((clock += 60_000)).toISOString();

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const event = (type: string, body: object, occurredAt = at()): Event => ({ eventId: randomUUID(), occurredAt, source: 'siecle', version: 1, type, ...body });
  const publish = (...events: Event[]) =>
    publishEnrolment(
      stack.isolation.services.amqpUrl,
      stack.isolation.namespace,
      events.map((body) => ({ routingKey: enrolmentRoutingKey(body as never), body })),
    );
  const account = (externalId: string) =>
    stack.identityDb.selectFrom('accounts').selectAll().where('source', '=', 'siecle').where('external_id', '=', externalId).executeTakeFirst();
  const applied = (eventId: string) =>
    eventually(async () => ((await stack.identityDb.selectFrom('enrolment_events').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) ? true : undefined), 15_000, `event ${eventId}`);
  const classesOf = async (id: string) =>
    (await sql<{ name: string }>`SELECT c.name FROM account_classes ac JOIN classes c ON c.id = ac.class_id WHERE ac.account_id = ${id} ORDER BY c.name`.execute(stack.identityDb)).rows.map((r) => r.name);
  const enrolled = (student: string, relatives: Array<{ externalId: string; firstName: string; lastName: string; email?: string }>, className = '6A', uai = '0750001U', occurredAt?: string) =>
    event('student.enrolled', { student: { externalId: student, firstName: 'Lucas', lastName: 'Bernard' }, school: { uai }, className, relatives }, occurredAt);

  it('creates a student and relatives once, links a relative to each of their children, generates logins', async () => {
    const mother = { externalId: 'P-1', firstName: 'Hélène', lastName: 'Bernard', email: 'helene.bernard@example.org' };
    const first = enrolled('E-1', [mother, { externalId: 'P-2', firstName: 'Marc', lastName: 'Bernard' }], '6A');
    const second = enrolled('E-2', [mother], '4C');
    await publish(first, second);
    await applied(second.eventId);

    const [lucas1, lucas2, helene] = [await account('E-1'), await account('E-2'), await account('P-1')];
    expect(lucas1).toEqual(expect.objectContaining({ username: 'lucas.bernard', profile: 'student', role: 'member' }));
    expect(lucas2!.username).toBe('lucas.bernard2');
    expect(lucas1!.activation_code).toMatch(/^v1\./); // a code, stored sealed
    expect(helene).toEqual(expect.objectContaining({ username: 'helene.bernard', profile: 'relative', email: 'helene.bernard@example.org' }));
    const links = await stack.identityDb.selectFrom('relative_links').select('student_id').where('relative_id', '=', helene!.id).execute();
    expect(links.map((l) => l.student_id).sort()).toEqual([lucas1!.id, lucas2!.id].sort());
    // A relative is in the classes of their children, and visible in the school's selection.
    expect(await classesOf(helene!.id)).toEqual(['4C', '6A']);
    const seen = await stack.api.as(d.tokens.administrator).get('/api/v1/users?q=bernard&pageSize=50');
    expect(seen.body.total).toBe(4);
  });

  it('changes nothing on a duplicate or a replay', async () => {
    const e = enrolled('E-3', [], '5B');
    await publish(e, e);
    await applied(e.eventId);
    const before = await stack.identityDb.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const marker = enrolled('E-4', [], '5B');
    await publish(e, marker);
    await applied(marker.eventId);
    const after = await stack.identityDb.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n + 1);
    expect(await stack.identityDb.selectFrom('accounts').select('id').where('external_id', '=', 'E-3').execute()).toHaveLength(1);
  });

  it('ignores a late transfer when a newer one already placed the student', async () => {
    const enrol = enrolled('E-5', [], '6A');
    const moved = event('student.transferred', { student: { externalId: 'E-5' }, school: { uai: '0750001U' }, className: '5D' });
    const late = event('student.transferred', { student: { externalId: 'E-5' }, school: { uai: '0750001U' }, className: '3Z' }, new Date(Date.parse(moved.occurredAt) - 30_000).toISOString());
    await publish(enrol, moved);
    await applied(moved.eventId);
    await publish(late);
    await applied(late.eventId);
    expect(await classesOf((await account('E-5'))!.id)).toEqual(['5D']);
  });

  it('transfers a student to another school, and the relatives follow', async () => {
    const e = enrolled('E-6', [{ externalId: 'P-6', firstName: 'Inès', lastName: 'Haddad' }], '6A');
    const move = event('student.transferred', { student: { externalId: 'E-6' }, school: { uai: '0750002V' }, className: '2nde 3' });
    await publish(e, move);
    await applied(move.eventId);
    const [student, parent] = [await account('E-6'), await account('P-6')];
    const schoolsOf = async (id: string) => (await stack.identityDb.selectFrom('account_schools').select('school_id').where('account_id', '=', id).execute()).map((r) => r.school_id);
    expect(await schoolsOf(student!.id)).toEqual([d.schoolB.id]);
    expect(await schoolsOf(parent!.id)).toEqual([d.schoolB.id]);
    expect(await classesOf(parent!.id)).toEqual(['2nde 3']);
  });

  it('starts the leavers’ calendar for a leaver, and for a relative with their last child only', async () => {
    const shared = { externalId: 'P-7', firstName: 'Karim', lastName: 'Benali' };
    const only = { externalId: 'P-8', firstName: 'Nora', lastName: 'Benali' };
    const e1 = enrolled('E-7', [shared, only]);
    const e2 = enrolled('E-8', [shared]);
    const left = event('student.left', { student: { externalId: 'E-7' } });
    await publish(e1, e2, left);
    await applied(left.eventId);
    expect((await account('E-7'))!.left_at).not.toBeNull();
    expect((await account('P-8'))!.left_at).not.toBeNull();
    expect((await account('P-7'))!.left_at).toBeNull();
    expect((await account('E-8'))!.left_at).toBeNull();
    // Coming back restores.
    const back = enrolled('E-7', [only]);
    await publish(back);
    await applied(back.eventId);
    expect((await account('E-7'))!.left_at).toBeNull();
    expect((await account('P-8'))!.left_at).toBeNull();
    // A child enrolled and gone within one batch does not take away a relative who has another child.
    const brief = enrolled('E-12', [shared]);
    const gone = event('student.left', { student: { externalId: 'E-12' } });
    await publish(brief, gone);
    await applied(gone.eventId);
    expect((await account('E-12'))!.left_at).not.toBeNull();
    expect((await account('P-7'))!.left_at).toBeNull();
  });

  it('assigns staff to schools and classes, and starts their calendar when they leave the last one', async () => {
    const teacher = { externalId: 'T-1', firstName: 'Sophie', lastName: 'Moreau', email: 'sophie.moreau@ac-paris.fr' };
    const inA = event('staff.assigned', { staff: teacher, profile: 'teacher', school: { uai: '0750001U' }, classNames: ['6A', '5B'] });
    const inB = event('staff.assigned', { staff: teacher, profile: 'teacher', school: { uai: '0750002V' }, classNames: ['Tle 1'] });
    const leftA = event('staff.left', { staff: { externalId: 'T-1' }, school: { uai: '0750001U' } });
    await publish(inA, inB, leftA);
    await applied(leftA.eventId);
    const sophie = (await account('T-1'))!;
    expect(sophie).toEqual(expect.objectContaining({ profile: 'teacher', email: 'sophie.moreau@ac-paris.fr', left_at: null }));
    expect(await classesOf(sophie.id)).toEqual(['Tle 1']);
    const leftB = event('staff.left', { staff: { externalId: 'T-1' }, school: { uai: '0750002V' } });
    await publish(leftB);
    await applied(leftB.eventId);
    expect((await account('T-1'))!.left_at).not.toBeNull();
  });

  it('dead-letters invalid events with the reason, and goes on with the others', async () => {
    const unknownSchool = enrolled('E-9', [], '6A', '0999999F');
    const staffAsStudent = event('student.transferred', { student: { externalId: 'T-9' }, school: { uai: '0750001U' }, className: '6A' });
    const good = enrolled('E-10', []);
    const teacher = event('staff.assigned', { staff: { externalId: 'T-9', firstName: 'Yves', lastName: 'Roy' }, profile: 'teacher', school: { uai: '0750001U' }, classNames: [] });
    await publish(teacher);
    await applied(teacher.eventId);
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, [
      { routingKey: 'student.enrolled.v1', body: '{ this is not json' },
      { routingKey: 'student.enrolled.v1', body: { eventId: 'nope', type: 'student.enrolled' } },
      { routingKey: 'student.enrolled.v1', body: unknownSchool },
      { routingKey: 'student.transferred.v1', body: staffAsStudent },
      { routingKey: 'student.enrolled.v1', body: good },
    ]);
    await applied(good.eventId);
    const connection = await connect(stack.isolation.services.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const dlq = namespaced(stack.isolation.namespace, deadLetterQueueOf(QUEUES.identityEnrolment));
      const reasons: string[] = [];
      await eventually(async () => {
        const message = await channel.get(dlq, { noAck: true });
        if (message) reasons.push(String(message.properties.headers?.[DEAD_LETTER_REASON_HEADER]));
        return reasons.length >= 4 ? true : undefined;
      }, 15_000, 'four dead letters');
      expect(reasons.join('\n')).toMatch(/not JSON/);
      expect(reasons.join('\n')).toMatch(/invalid message: .*eventId/);
      expect(reasons.join('\n')).toMatch(/unknown school: no school has the UAI 0999999F/);
      expect(reasons.join('\n')).toMatch(/not a student: siecle\/T-9 is staff/);
    } finally {
      await connection.close();
    }
    expect(await account('E-9')).toBeUndefined();
    expect(await account('E-10')).toBeDefined();
  });

  it('publishes identity’s own events and keeps a trace of each applied event', async () => {
    const tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, 'identity.user.#');
    const e = enrolled('E-11', []);
    await publish(e);
    await applied(e.eventId);
    const student = (await account('E-11'))!;
    await tap.waitFor('identity.user.created', (data) => data.userId === student.id);
    await tap.close();
    const trace = await stack.identityDb.selectFrom('enrolment_events').selectAll().where('event_id', '=', e.eventId).executeTakeFirst();
    expect(trace).toEqual(expect.objectContaining({ type: 'student.enrolled' }));
  });
});
