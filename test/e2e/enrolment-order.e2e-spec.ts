import { randomUUID } from 'node:crypto';
import { enrolmentRoutingKey } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { publishEnrolment } from '../support/events';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { applyReference, deadLetterReasons, directories, publishStream, randomStream, waitApplied } from './enrolment-streams.support';

type Event = Record<string, any> & { type: string; version: 1 };

/** Events that arrive late (SPEC §7): what each one says is kept when nothing newer said otherwise. */
describe('enrolment events out of order', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
    expect((await d.asManager.post('/api/v1/schools', { uai: '0750003W', name: 'Lycée Voltaire' })).status).toBe(201);
  });
  afterAll(() => stack.close());

  const minute = (n: number) => new Date(Date.parse('2026-09-01T08:00:00Z') + n * 60_000).toISOString();
  const event = (type: string, occurredAt: string, body: object): Event => ({ eventId: randomUUID(), occurredAt, source: 'siecle', version: 1, type, ...body });
  const publish = (...events: Event[]) =>
    publishEnrolment(
      stack.isolation.services.amqpUrl,
      stack.isolation.namespace,
      events.map((body) => ({ routingKey: enrolmentRoutingKey(body as never), body })),
    );
  const applied = (eventId: string) =>
    eventually(async () => ((await stack.identityDb.selectFrom('enrolment_events').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) ? true : undefined), 15_000, `event ${eventId}`);
  const account = (externalId: string) =>
    stack.identityDb.selectFrom('accounts').selectAll().where('source', '=', 'siecle').where('external_id', '=', externalId).executeTakeFirstOrThrow();
  const membershipsOf = async (id: string) => ({
    schools: (await sql<{ uai: string }>`SELECT s.uai FROM account_schools a JOIN schools s ON s.id = a.school_id WHERE a.account_id = ${id} AND NOT a.inherited ORDER BY s.uai`.execute(stack.identityDb)).rows.map((r) => r.uai),
    classes: (await sql<{ name: string }>`SELECT c.name FROM account_classes a JOIN classes c ON c.id = a.class_id WHERE a.account_id = ${id} AND NOT a.inherited ORDER BY c.name`.execute(stack.identityDb)).rows.map((r) => r.name),
  });

  it('keeps a late transfer that happened before the departure: the student left from the new school', async () => {
    const enrolled = event('student.enrolled', minute(1), { student: { externalId: 'L-1', firstName: 'Jade', lastName: 'Roux' }, school: { uai: '0750001U' }, className: '6A', relatives: [] });
    const transferred = event('student.transferred', minute(2), { student: { externalId: 'L-1' }, school: { uai: '0750002V' }, className: '5C' });
    const left = event('student.left', minute(3), { student: { externalId: 'L-1' } });
    await publish(enrolled, left);
    await applied(left.eventId);
    await publish(transferred);
    await applied(transferred.eventId);
    const student = await account('L-1');
    expect(await membershipsOf(student.id)).toEqual({ schools: ['0750002V'], classes: ['5C'] });
    expect(student.left_at).not.toBeNull();
  });

  it('keeps a late assignment of a teacher to a second school', async () => {
    const teacher = { externalId: 'L-T1', firstName: 'Marc', lastName: 'Petit' };
    const inB = event('staff.assigned', minute(5), { staff: teacher, profile: 'teacher', school: { uai: '0750002V' }, classNames: ['Tle 2'] });
    const inA = event('staff.assigned', minute(4), { staff: teacher, profile: 'teacher', school: { uai: '0750001U' }, classNames: ['6A'] });
    await publish(inB);
    await applied(inB.eventId);
    await publish(inA);
    await applied(inA.eventId);
    const marc = await account('L-T1');
    expect(await membershipsOf(marc.id)).toEqual({ schools: ['0750001U', '0750002V'], classes: ['6A', 'Tle 2'] });
    expect(marc.left_at).toBeNull();
    expect(d.schoolA.uai).toBe('0750001U');
  });

  it('keeps a transfer that arrives before the enrolment, and applies it when the enrolment comes', async () => {
    const transferred = event('student.transferred', minute(7), { student: { externalId: 'L-2' }, school: { uai: '0750002V' }, className: '4E' });
    const enrolled = event('student.enrolled', minute(6), { student: { externalId: 'L-2', firstName: 'Noé', lastName: 'Blanc' }, school: { uai: '0750001U' }, className: '6B', relatives: [] });
    await publish(transferred);
    await applied(transferred.eventId);
    expect(await stack.identityDb.selectFrom('accounts').select('id').where('external_id', '=', 'L-2').executeTakeFirst()).toBeUndefined();
    await publish(enrolled);
    await applied(enrolled.eventId);
    const student = await account('L-2');
    expect(await membershipsOf(student.id)).toEqual({ schools: ['0750002V'], classes: ['4E'] });
    expect(student.left_at).toBeNull();
  });

  it('ends in the state of the events applied in time order, through the broker, for 20 random orderings', async () => {
    const seed = Date.now() % 1_000_000;
    const stream = randomStream(20, seed);
    await applyReference(stack, stream);
    await publishStream(stack, stream, seed);
    await waitApplied(stack, stream, 60_000);
    const reasons = await deadLetterReasons(stack, stream, 30_000);

    const { arrived, reference } = await directories(stack, stream);
    expect({ seed, arrived }).toEqual({ seed, arrived: reference });
    // Each copy of an invalid event (the stream has duplicates) is dead-lettered, each with the reason.
    for (const [eventId, expected] of stream.invalid) expect(reasons.get(eventId)).toEqual(reasons.get(eventId)!.map(() => expect.stringMatching(expected)));
    expect([...stream.valid].filter((id) => reasons.has(id))).toEqual([]);
  }, 120_000);
});
