import { defineRpc, namespaced } from '@sesame/contracts';
import { TestIsolation } from '@sesame/testing';
import { Channel, ChannelModel, connect } from 'amqplib';
import { z } from 'zod';
import { RpcClient } from './rpc-client';

const QUEUE = 'sesame.test.slow-rpc';
const ANSWER_AFTER_MS = 1_200;
const Echo = z.object({ n: z.number() });
const quick = defineRpc('test.quick', Echo, Echo);
const long = defineRpc('test.long', Echo, Echo, { timeoutMs: 10_000 });

/**
 * A call's wait on a real broker: the caller's timeout, unless the call's definition declares a
 * longer one (a rentrée, the undo of a feed). The callee here answers after 1.2 s, as Nest's RMQ
 * server does (direct reply-to, same correlation id).
 */
describe('RpcClient timeouts', () => {
  const isolation = new TestIsolation();
  let broker: ChannelModel;
  let channel: Channel;
  let client: RpcClient;

  beforeAll(async () => {
    const { AMQP_URL, AMQP_NAMESPACE } = isolation.serviceEnv;
    broker = await connect(AMQP_URL);
    channel = await broker.createChannel();
    const queue = namespaced(AMQP_NAMESPACE, QUEUE);
    await channel.assertQueue(queue, { durable: false, autoDelete: true });
    await channel.consume(queue, (message) => {
      if (!message) return;
      const { data, id } = JSON.parse(message.content.toString());
      setTimeout(() => {
        const reply = { id, response: { ok: true, data: data.input }, isDisposed: true };
        channel.sendToQueue(message.properties.replyTo, Buffer.from(JSON.stringify(reply)), { correlationId: message.properties.correlationId });
      }, ANSWER_AFTER_MS);
      channel.ack(message);
    });
    client = new RpcClient({ url: AMQP_URL, namespace: AMQP_NAMESPACE, queue: QUEUE, timeout: 500 });
  });
  afterAll(async () => {
    await client?.close();
    await broker?.close();
    await isolation.cleanup();
  });

  it('gives up after its own timeout on an ordinary call', async () => {
    await expect(client.call(quick, { n: 1 })).rejects.toMatchObject({ code: 'service_unavailable' });
  });

  it('waits as long as the definition says for a long call, and gets the answer', async () => {
    expect(await client.call(long, { n: 2 })).toEqual({ n: 2 });
  });
});
