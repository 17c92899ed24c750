import { brokerControl, eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { publishEnrolment } from '../support/events';
import { applyReference, deadLetterReasons, directories, randomStream, waitApplied } from './enrolment-streams.support';

/**
 * RabbitMQ restarts in the middle of an enrolment stream of random histories in random orders, with
 * duplicates and invalid events: nothing is lost, nothing is applied twice, the final state is the
 * one of time order, and the invalid events reach the dead-letter queue with their reasons.
 */
describe('enrolment stream across a broker restart', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
    const d = await seedDirectory(stack.api);
    expect((await d.asManager.post('/api/v1/schools', { uai: '0750003W', name: 'Lycée Voltaire' })).status).toBe(201);
  });
  afterAll(async () => {
    await brokerControl.start();
    await stack.close();
  }, 120_000);

  it('loses nothing, applies nothing twice, and dead-letters the invalid events with their reasons', async () => {
    const seed = Date.now() % 1_000_000;
    const stream = randomStream(500, seed);
    await applyReference(stack, stream);
    // Published durably at once before the restart; the consumer is in the middle of them when it happens.
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, stream.messages);
    const ids = [...stream.valid];
    const applied = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM enrolment_events WHERE event_id = ANY(${sql.val(ids)}::uuid[])`.execute(stack.identityDb)).rows[0].n;
    await eventually(async () => ((await applied()) > 200 ? true : undefined), 30_000, 'the stream to start');
    await brokerControl.stop();
    const during = await applied();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await brokerControl.start();
    await waitApplied(stack, stream, 180_000);
    const reasons = await deadLetterReasons(stack, stream, 60_000);

    expect(during).toBeLessThan(ids.length);
    const { arrived, reference } = await directories(stack, stream);
    expect({ seed, arrived }).toEqual({ seed, arrived: reference });
    // Each copy of an invalid event is dead-lettered with its reason (a copy may be dead-lettered
    // twice when the restart came between the dead letter and its ack); no valid event is.
    for (const [eventId, expected] of stream.invalid) expect(reasons.get(eventId)).toEqual(reasons.get(eventId)!.map(() => expect.stringMatching(expected)));
    expect(ids.filter((id) => reasons.has(id))).toEqual([]);
  }, 360_000);
});
