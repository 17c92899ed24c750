import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEAD_LETTER_REASON_HEADER, QUEUES, deadLetterQueueOf, enrolmentRoutingKey, namespaced } from '@sesame/contracts';
import { Broker } from '@sesame/messaging';
import { TestIsolation, eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';
import { publishEnrolment } from '../support/events';
import { MANAGER, Stack, startStack } from '../support/stack';

// eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is not a package: the test runs the operators' script as shipped.
const { replayDeadLetters, REPLAYED_HEADER } = require('../../scripts/dlq-replay.cjs');

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'dlq-replay.cjs');

/** `node scripts/dlq-replay.cjs …` as an operator runs it (it needs the built libs/contracts). */
function runReplay(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function messageCount(connection: ChannelModel, queue: string): Promise<number> {
  const channel = await connection.createChannel();
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await channel.close();
  }
}

describe('npm run dlq:replay: an enrolment event refused for an unknown school, applied once the school exists', () => {
  let stack: Stack;
  let connection: ChannelModel;
  let env: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack();
    connection = await connect(stack.isolation.services.amqpUrl);
    env = { AMQP_URL: stack.isolation.services.amqpUrl, AMQP_NAMESPACE: stack.isolation.namespace };
  });
  afterAll(async () => {
    await connection.close();
    await stack.close();
  });

  it('lists the dead letters with their reason, moves them back, and identity applies them', async () => {
    const dead = namespaced(stack.isolation.namespace, deadLetterQueueOf(QUEUES.identityEnrolment));
    const event = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      source: 'siecle',
      version: 1,
      type: 'student.enrolled',
      student: { externalId: 'DLQ-1', firstName: 'Inès', lastName: 'Laurent' },
      school: { uai: '0930007C' },
      className: '6B',
      relatives: [],
    };
    await publishEnrolment(env.AMQP_URL, env.AMQP_NAMESPACE, [{ routingKey: enrolmentRoutingKey(event as never), body: event }]);
    await eventually(async () => ((await messageCount(connection, dead)) === 1 ? true : undefined), 15_000, 'the dead letter');

    const listing = await runReplay([QUEUES.identityEnrolment, '--dry-run'], env);
    expect(listing).toEqual(expect.objectContaining({ code: 0 }));
    expect(listing.stdout).toContain('unknown school: no school has the UAI 0930007C');
    expect(listing.stdout).toContain(`1 message(s) in ${dead}; nothing moved`);
    expect(await messageCount(connection, dead)).toBe(1);

    const manager = await stack.api.login(MANAGER.username, MANAGER.password);
    expect((await stack.api.as(manager).post('/api/v1/schools', { uai: '0930007C', name: 'Collège Jean-Jaurès' })).status).toBe(201);

    const replay = await runReplay([QUEUES.identityEnrolment], env);
    expect(replay).toEqual(expect.objectContaining({ code: 0 }));
    expect(replay.stdout).toContain(`1 message(s) moved from ${dead} back to ${namespaced(stack.isolation.namespace, QUEUES.identityEnrolment)}`);
    const student = await eventually(
      async () => stack.identityDb.selectFrom('accounts').select(['username', 'profile']).where('external_id', '=', 'DLQ-1').executeTakeFirst(),
      15_000,
      'the student enrolled by the replayed event',
    );
    expect(student).toEqual({ username: expect.stringMatching(/^ines\.laurent/), profile: 'student' });
    expect(await messageCount(connection, dead)).toBe(0);
  });

  it('refuses request/reply queues and unknown queues, with usage status 2', async () => {
    const rpc = await runReplay([QUEUES.identityRpc], env);
    expect(rpc.code).toBe(2);
    expect(rpc.stderr).toContain('request/reply queue');
    const unknown = await runReplay(['sesame.nothing'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`queues with a dead-letter queue: ${QUEUES.identityEnrolment}`);
    expect((await runReplay([], env)).code).toBe(2);
  });
});

describe('replayDeadLetters', () => {
  const isolation = new TestIsolation();
  let broker: Broker;
  let connection: ChannelModel;
  const queue = QUEUES.mailmergeIdentityEvents;
  beforeAll(async () => {
    broker = new Broker({ url: isolation.services.amqpUrl, namespace: isolation.namespace, connectionName: 'dlq-replay-test' });
    await broker.channel.waitForConnect();
    await broker.declareDurableQueue(queue);
    connection = await connect(isolation.services.amqpUrl);
  });
  afterAll(async () => {
    await connection.close();
    await broker.close();
    await isolation.cleanup();
  });

  it('lists without moving, as often as asked, in order and without counting deliveries; then moves the oldest first, up to the limit, keeping the message and its id, without the death records', async () => {
    const channel = await connection.createChannel();
    const raw = (id: string) =>
      ({ content: Buffer.from(JSON.stringify({ id })), properties: { messageId: id, type: 'identity.user.created', contentType: 'application/json', headers: {} } }) as never;
    await broker.deadLetter(queue, raw('first'), 'mail server refused');
    await broker.deadLetter(queue, raw('second'), 'mail server refused');
    const options = { url: isolation.services.amqpUrl, namespace: isolation.namespace, queue };
    for (let i = 0; i < 3; i++) {
      const listing = await replayDeadLetters({ ...options, dryRun: true });
      expect(listing).toEqual({ moved: 0, listed: [expect.objectContaining({ messageId: 'first' }), expect.objectContaining({ messageId: 'second', reason: 'mail server refused' })] });
    }
    const dead = broker.name(deadLetterQueueOf(queue));
    const peek = (await channel.get(dead, { noAck: false })) || undefined;
    expect(peek?.properties.messageId).toBe('first');
    // Each listing put the messages back as new ones: no failed delivery counted against them.
    expect(peek?.properties.headers?.['x-delivery-count'] ?? 0).toBe(0);
    await channel.close();
    const again = await connection.createChannel();

    const result = await replayDeadLetters({ ...options, limit: 1 });
    expect(result).toEqual({ moved: 1, listed: [{ messageId: 'first', type: 'identity.user.created', reason: 'mail server refused' }] });

    const back = await eventually(async () => (await again.get(broker.name(queue), { noAck: true })) || undefined, 5_000, 'the replayed message');
    expect(JSON.parse(back.content.toString())).toEqual({ id: 'first' });
    expect(back.properties.messageId).toBe('first');
    expect(back.properties.headers?.[DEAD_LETTER_REASON_HEADER]).toBeUndefined();
    expect(back.properties.headers?.[REPLAYED_HEADER]).toBe(1);
    expect(await messageCount(connection, dead)).toBe(1);
    await again.close();
  });
});
