import { EXCHANGES, EventEnvelopeSchema, namespaced } from '@sesame/contracts';
import { brokerControl, eventually } from '@sesame/testing';
import { Channel, ChannelModel, connect } from 'amqplib';
import { type Actor, AccountStatusService, UsersService } from '@sesame/identity/testing';
import { Directory, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * RabbitMQ stops while identity keeps changing accounts, then comes back: every event recorded in
 * the outbox is published, and exactly once (SPEC §1, reliable events).
 */
describe('outbox across a broker restart', () => {
  let stack: Stack;
  let d: Directory;
  let queue: string;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
    queue = namespaced(stack.isolation.namespace, 'test.all-identity-events');
    await withChannel(async (channel) => {
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.bindQueue(queue, namespaced(stack.isolation.namespace, EXCHANGES.events), 'identity.#');
    });
  });
  afterAll(async () => {
    await brokerControl.start();
    await withChannel((channel) => channel.deleteQueue(queue).then(() => undefined));
    await stack.close();
  });

  async function withChannel<T>(use: (channel: Channel) => Promise<T>): Promise<T> {
    const connection: ChannelModel = await connect(stack.isolation.services.amqpUrl);
    try {
      return await use(await connection.createChannel());
    } finally {
      await connection.close();
    }
  }

  const pending = async () => (await stack.identityDb.selectFrom('outbox').select('id').execute()).length;

  it('publishes every event once after RabbitMQ comes back', async () => {
    await eventually(async () => ((await pending()) === 0 ? true : undefined), 15_000, 'the outbox to drain before the restart');
    // Only the events recorded from here on are counted.
    await withChannel((channel) => channel.purgeQueue(queue).then(() => undefined));

    const manager: Actor = { id: (await stack.api.as(d.tokens.manager).get('/api/v1/me')).body.id, username: 'manager', role: 'manager', schoolIds: [] };
    const users = stack.identity.get(UsersService);
    const statuses = stack.identity.get(AccountStatusService);
    await brokerControl.stop();
    // Changes keep being made while the broker is away: each commits with its events.
    for (let i = 0; i < 20; i++) {
      const created = await users.create(manager, {
        role: 'member',
        profile: 'student',
        firstName: 'Inès',
        lastName: uniqueName('Panne'),
        schoolIds: [d.schoolA.id],
      });
      if (i % 4 === 0) await statuses.deactivate(manager, created.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Recorded, waiting for the broker.
    const recorded = await stack.identityDb.selectFrom('outbox').select(['id', 'type']).execute();
    expect(recorded).toHaveLength(25);

    await brokerControl.start();
    await eventually(async () => ((await pending()) === 0 ? true : undefined), 60_000, 'the outbox to drain after the restart');

    const received = new Map<string, number>();
    await withChannel(async (channel) => {
      for (;;) {
        const message = await channel.get(queue, { noAck: false });
        if (!message) break;
        const envelope = EventEnvelopeSchema.parse(JSON.parse(message.content.toString()));
        expect(message.properties.messageId).toBe(envelope.id);
        expect(message.fields.routingKey).toBe(envelope.type);
        received.set(envelope.id, (received.get(envelope.id) ?? 0) + 1);
        channel.ack(message);
      }
    });
    for (const event of recorded) expect([event.type, received.get(event.id)]).toEqual([event.type, 1]);
    expect(received.size).toBe(recorded.length);

    // The whole path works again: gateway → RabbitMQ → identity.
    await eventually(
      async () => ((await stack.api.as(d.tokens.manager).get('/api/v1/me')).status === 200 ? true : undefined),
      30_000,
      'the gateway to reach identity again',
    );
  }, 180_000);
});
