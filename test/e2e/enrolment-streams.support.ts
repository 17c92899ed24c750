import { randomBytes, randomUUID } from 'node:crypto';
import { DEAD_LETTER_REASON_HEADER, EnrolmentEvent, QUEUES, deadLetterQueueOf, enrolmentRoutingKey, namespaced } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import fc from 'fast-check';
import { sql } from 'kysely';
import { connect } from 'amqplib';
import { EnrolmentService, Step, arrivalArbitrary, directoryOf, eventsOf, historyArbitrary, inTimeOrder, isInvalid } from '@sesame/identity/testing';
import { publishEnrolment } from '../support/events';
import type { Stack } from '../support/stack';

/**
 * Random enrolment histories sent through the real broker (SPEC §7): each under a source of its own,
 * in a random arrival order with duplicates, all interleaved in one stream, with invalid events among
 * them (a NUL in a name, an unknown school). The same histories applied in time order under other
 * sources are the reference.
 */
export interface Stream {
  histories: Array<{ arriving: string; reference: string; referenceEvents: EnrolmentEvent[] }>;
  /** What is published, in order. */
  messages: Array<{ routingKey: string; body: string }>;
  valid: Set<string>;
  /** Invalid event ids, with what their dead-letter reason must say. */
  invalid: Map<string, RegExp>;
}

export function randomStream(count: number, seed: number): Stream {
  const tag = randomBytes(3).toString('hex');
  const samples = fc.sample(
    historyArbitrary().chain((steps) => fc.record({ steps: fc.constant(steps), arrival: arrivalArbitrary(steps.length), nul: fc.nat({ max: steps.length - 1 }) })),
    { numRuns: count, seed },
  );
  const stream: Stream = { histories: [], messages: [], valid: new Set(), invalid: new Map() };
  const queues: string[][] = [];
  samples.forEach(({ steps, arrival, nul }: { steps: Step[]; arrival: { order: number[] }; nul: number }, i) => {
    const arriving = `s${tag}-${i}-a`;
    const reference = `s${tag}-${i}-t`;
    const events = eventsOf(steps, arriving);
    stream.histories.push({ arriving, reference, referenceEvents: inTimeOrder(eventsOf(steps, reference)) });
    const queue = arrival.order.map((index) => {
      const event = events[index];
      if (isInvalid(event)) stream.invalid.set(event.eventId, /^unknown school: no school has the UAI 0999999F$/);
      else stream.valid.add(event.eventId);
      return JSON.stringify(event);
    });
    // A copy of one event with a NUL in a name: refused before its contract is even read (no NUL
    // reaches a handler, libs/contracts text.ts), whatever else it says.
    const poisoned = { ...events[nul], eventId: randomUUID() } as EnrolmentEvent & Record<string, any>;
    const person = poisoned.student?.firstName !== undefined ? 'student' : poisoned.staff?.firstName !== undefined ? 'staff' : undefined;
    if (person) {
      poisoned[person] = { ...poisoned[person], lastName: 'Nul\u0000' };
      stream.invalid.set(poisoned.eventId, new RegExp(`^invalid message: NUL character in ${person}\\.lastName$`));
      queue.splice(nul % (queue.length + 1), 0, JSON.stringify(poisoned));
    }
    queues.push(queue);
  });
  // Interleave the histories' streams at random, each keeping its own arrival order.
  const random = fc.sample(fc.nat({ max: 1_000_000 }), { numRuns: queues.reduce((n, q) => n + q.length, 0), seed: seed + 1 });
  while (queues.some((q) => q.length)) {
    const open = queues.filter((q) => q.length);
    const body = open[random.pop()! % open.length].shift()!;
    stream.messages.push({ routingKey: enrolmentRoutingKey(JSON.parse(body)), body });
  }
  return stream;
}

/** Publishes the stream in chunks of random sizes, so the consumer cuts batches of all sizes. */
export async function publishStream(stack: Stack, stream: Stream, seed: number): Promise<void> {
  const sizes = fc.sample(fc.integer({ min: 1, max: 60 }), { numRuns: stream.messages.length, seed });
  for (let i = 0, n = 0; i < stream.messages.length; i += sizes[n++]) {
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, stream.messages.slice(i, i + sizes[n]));
  }
}

/** The reference: the same histories applied in time order by identity's service, without the broker. */
export async function applyReference(stack: Stack, stream: Stream): Promise<void> {
  const enrolment = stack.identity.get(EnrolmentService);
  for (const history of stream.histories) await enrolment.apply(history.referenceEvents);
}

/** Waits until every valid event was applied (or found stale) once. */
export async function waitApplied(stack: Stack, stream: Stream, timeoutMs: number): Promise<void> {
  const ids = [...stream.valid];
  const count = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM enrolment_events WHERE event_id = ANY(${sql.val(ids)}::uuid[])`.execute(stack.identityDb)).rows[0].n;
  await eventually(async () => ((await count()) === ids.length ? true : undefined), timeoutMs, `${ids.length} events applied`);
}

/** Reads the dead-letter queue until every invalid event of the stream is there; their reasons, by event id. */
export async function deadLetterReasons(stack: Stack, stream: Stream, timeoutMs: number): Promise<Map<string, string[]>> {
  const connection = await connect(stack.isolation.services.amqpUrl);
  const reasons = new Map<string, string[]>();
  try {
    const channel = await connection.createChannel();
    const dlq = namespaced(stack.isolation.namespace, deadLetterQueueOf(QUEUES.identityEnrolment));
    await eventually(async () => {
      for (let message = await channel.get(dlq, { noAck: true }); message; message = await channel.get(dlq, { noAck: true })) {
        const eventId = String(JSON.parse(message.content.toString('utf8')).eventId);
        reasons.set(eventId, [...(reasons.get(eventId) ?? []), String(message.properties.headers?.[DEAD_LETTER_REASON_HEADER])]);
      }
      return [...stream.invalid.keys()].every((id) => reasons.has(id)) ? true : undefined;
    }, timeoutMs, `${stream.invalid.size} dead letters`);
    return reasons;
  } finally {
    await connection.close();
  }
}

/** Each history's directory, as it arrived, against its reference. */
export async function directories(stack: Stack, stream: Stream): Promise<{ arrived: unknown[]; reference: unknown[] }> {
  const arrived: unknown[] = [];
  const reference: unknown[] = [];
  for (const history of stream.histories) {
    arrived.push(await directoryOf(stack.identityDb, history.arriving));
    reference.push(await directoryOf(stack.identityDb, history.reference));
  }
  return { arrived, reference };
}
