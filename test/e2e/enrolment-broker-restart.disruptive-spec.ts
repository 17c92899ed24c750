import { randomUUID } from 'node:crypto';
import { enrolmentRoutingKey } from '@sesame/contracts';
import { brokerControl, eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { publishEnrolment } from '../support/events';
import { seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/** RabbitMQ restarts in the middle of an enrolment stream: every event is applied, once. */
describe('enrolment stream across a broker restart', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
    await seedDirectory(stack.api);
  });
  afterAll(async () => {
    await brokerControl.start();
    await stack.close();
  });

  it('loses nothing and applies nothing twice', async () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({
      eventId: randomUUID(),
      occurredAt: new Date(Date.parse('2026-09-01T08:00:00Z') + i * 1000).toISOString(),
      source: 'siecle',
      version: 1 as const,
      type: 'student.enrolled' as const,
      student: { externalId: `R-${i}`, firstName: 'Jade', lastName: `Durand ${i}` },
      school: { uai: i % 2 ? '0750001A' : '0750002B' },
      className: `6${String.fromCharCode(65 + (i % 5))}`,
      relatives: [{ externalId: `RP-${Math.floor(i / 2)}`, firstName: 'Claire', lastName: `Durand ${Math.floor(i / 2)}` }],
    }));
    // Published durably before the restart; the consumer is in the middle of them when it happens.
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, events.map((body) => ({ routingKey: enrolmentRoutingKey(body), body })));
    const applied = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM enrolment_events`.execute(stack.identityDb)).rows[0].n;
    await eventually(async () => ((await applied()) > 200 ? true : undefined), 30_000, 'the stream to start');
    await brokerControl.stop();
    const during = await applied();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await brokerControl.start();
    await eventually(async () => ((await applied()) >= 3000 ? true : undefined), 120_000, 'every event to be applied');

    expect(during).toBeLessThan(3000);
    const students = await sql<{ n: number; distinct_ids: number }>`
      SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids FROM accounts WHERE source = 'siecle' AND profile = 'student'`.execute(stack.identityDb);
    expect(students.rows[0]).toEqual({ n: 3000, distinct_ids: 3000 });
    const relatives = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE source = 'siecle' AND profile = 'relative'`.execute(stack.identityDb);
    expect(relatives.rows[0].n).toBe(1500);
    const links = await sql<{ n: number }>`SELECT count(*)::int AS n FROM relative_links`.execute(stack.identityDb);
    expect(links.rows[0].n).toBe(3000);
  }, 240_000);
});
