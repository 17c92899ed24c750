import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { Logger } from '@nestjs/common';
import {
  DEAD_LETTER_REASON_HEADER,
  EXCHANGES,
  SHARED_EXCHANGES,
  deadLetterQueueOf,
  durableQueueArguments,
  namespaced,
} from '@sesame/contracts';
import { AmqpTls, socketOptions } from './socket';

export interface BrokerOptions {
  url: string;
  namespace: string;
  /** Name shown in the RabbitMQ connection list. */
  connectionName: string;
  /** Milliseconds a publish may wait for the broker's confirm before it is reported as failed. */
  publishTimeout?: number;
  /** CA bundle and client certificate of an amqps:// connection. */
  tls?: AmqpTls;
}

const DEAD_LETTER_QUEUE_ARGUMENTS = { 'x-queue-type': 'quorum' };

/**
 * One connection to RabbitMQ per process, reconnecting by itself, with a confirm channel for
 * publishing. Every exchange and queue name goes through `name()` so the namespace applies everywhere.
 */
export class Broker {
  readonly connection: AmqpConnectionManager;
  readonly channel: ChannelWrapper;
  private readonly logger = new Logger(Broker.name);

  constructor(private readonly options: BrokerOptions) {
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      connectionOptions: { ...socketOptions(options.tls), clientProperties: { connection_name: options.connectionName } },
    });
    // Reconnection is automatic; an unhandled 'error' event would crash the process instead.
    this.connection.on('connectFailed', () => undefined);
    this.channel = this.connection.createChannel({
      confirm: true,
      json: false,
      publishTimeout: options.publishTimeout ?? 5_000,
      // Every user of the Broker publishes its outbox to the events exchange.
      setup: () => this.ensureExchange(EXCHANGES.events),
    });
    // A setup refused after a reconnection (a permission withdrawn): said, not swallowed.
    this.channel.on('error', (error: Error) => this.logger.error({ err: error }, 'RabbitMQ channel setup failed'));
  }

  name(plain: string): string {
    return namespaced(this.options.namespace, plain);
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  /** Resolves once the broker confirmed the message (publisher confirms). */
  async publish(exchange: string, routingKey: string, body: unknown, options: Options.Publish = {}): Promise<void> {
    await this.channel.publish(this.name(exchange), routingKey, Buffer.from(JSON.stringify(body)), {
      persistent: true,
      contentType: 'application/json',
      ...options,
    });
  }

  /** Sends a message a consumer gave up on to the dead-letter queue of `queue`, with the reason. */
  async deadLetter(queue: string, message: ConsumeMessage, reason: string): Promise<void> {
    // Through the default exchange, as the broker's own dead letters (see deadLetterArguments).
    // Without the publisher's user-id: RabbitMQ takes a message only with its sender's own.
    const { userId: _publisher, ...properties } = message.properties;
    await this.channel.publish('', this.name(deadLetterQueueOf(queue)), message.content, {
      ...properties,
      persistent: true,
      headers: { ...message.properties.headers, [DEAD_LETTER_REASON_HEADER]: reason.slice(0, 1000) },
    });
  }

  /** Declares the dead-letter queue `<queue>.dead` of a request/reply queue (the transport declares the queue). */
  async declareRpcDeadLetters(queue: string): Promise<void> {
    await this.channel.addSetup(async (channel: ConfirmChannel) => {
      await channel.assertQueue(this.name(deadLetterQueueOf(queue)), { durable: true, arguments: DEAD_LETTER_QUEUE_ARGUMENTS });
    });
  }

  /**
   * Declares a durable quorum queue that dead-letters to `<queue>.dead`, and that dead-letter queue.
   * Runs again after every reconnection.
   */
  async declareDurableQueue(
    queue: string,
    bindings: Array<{ exchange: string; routingKey: string }> = [],
    options: { singleActiveConsumer?: boolean } = {},
  ): Promise<void> {
    await this.channel.addSetup(async (channel: ConfirmChannel) => {
      const name = this.name(queue);
      await channel.assertQueue(this.name(deadLetterQueueOf(queue)), { durable: true, arguments: DEAD_LETTER_QUEUE_ARGUMENTS });
      const args = {
        ...durableQueueArguments(this.options.namespace, queue),
        // Only one replica consumes at a time (the others wait as standbys): the stream stays in order.
        ...(options.singleActiveConsumer ? { 'x-single-active-consumer': true } : {}),
      };
      await channel.assertQueue(name, { durable: true, arguments: args });
      for (const binding of bindings) {
        // Setups may run concurrently: this one cannot count on the constructor's having run.
        await this.ensureExchange(binding.exchange);
        await channel.bindQueue(name, this.name(binding.exchange), binding.routingKey);
      }
    });
  }

  /**
   * Declares a durable quorum queue (and its dead-letter queue) once, now: for queues a service
   * creates and deletes at run time (one per thing it serves), which a setup would declare again
   * after each reconnection even once deleted. Durable, they outlive a broker restart.
   */
  async declareQueueNow(queue: string, bindings: Array<{ exchange: string; routingKey: string }>, options: { singleActiveConsumer?: boolean } = {}): Promise<void> {
    await this.channel.waitForConnect();
    for (const binding of bindings) await this.ensureExchange(binding.exchange);
    await this.onTemporaryChannel(async (channel) => {
      const name = this.name(queue);
      await channel.assertQueue(this.name(deadLetterQueueOf(queue)), { durable: true, arguments: DEAD_LETTER_QUEUE_ARGUMENTS });
      const args = { ...durableQueueArguments(this.options.namespace, queue), ...(options.singleActiveConsumer ? { 'x-single-active-consumer': true } : {}) };
      await channel.assertQueue(name, { durable: true, arguments: args });
      for (const binding of bindings) await channel.bindQueue(name, this.name(binding.exchange), binding.routingKey);
    });
  }

  /** Deletes a queue declared with declareQueueNow, and its dead letters. */
  async deleteQueue(queue: string): Promise<void> {
    await this.channel.waitForConnect();
    await this.onTemporaryChannel(async (channel) => {
      await channel.deleteQueue(this.name(queue));
      await channel.deleteQueue(this.name(deadLetterQueueOf(queue)));
    });
  }

  /** Messages waiting in a queue and in its dead letters (null when the broker cannot say). */
  async depth(queue: string): Promise<{ waiting: number | null; dead: number | null }> {
    const count = async (name: string) => {
      try {
        let messages: number | null = null;
        await this.onTemporaryChannel(async (channel) => {
          messages = (await channel.checkQueue(this.name(name))).messageCount;
        });
        return messages;
      } catch {
        return null;
      }
    };
    return { waiting: await count(queue), dead: await count(deadLetterQueueOf(queue)) };
  }

  /** Each on a channel of its own: a refusal closes the channel it happens on. */
  private async onTemporaryChannel(run: (channel: Channel) => Promise<unknown>): Promise<void> {
    const connection = this.connection.connection;
    if (!connection) throw new Error('not connected to RabbitMQ');
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await run(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }

  /**
   * Makes sure a shared exchange exists. A deployment declares them beforehand (SHARED_EXCHANGES),
   * and services get no `configure` on them (it would let them delete one): checking takes no
   * permission. On a development broker where nobody declared it, the service declares it itself,
   * which the least-privilege users cannot do: they get the error that says what is missing.
   * Each attempt on its own channel, since a refusal closes the channel it happens on.
   */
  private async ensureExchange(exchange: string): Promise<void> {
    const name = this.name(exchange);
    const attempt = (run: (channel: Channel) => Promise<unknown>) => this.onTemporaryChannel(run);
    try {
      return await attempt((channel) => channel.checkExchange(name));
    } catch {
      // missing: declared below if this user may
    }
    const declaration = SHARED_EXCHANGES.find((e) => e.name === exchange);
    try {
      await attempt((channel) => channel.assertExchange(name, declaration?.type ?? 'topic', { durable: true }));
    } catch (error) {
      throw new Error(`the exchange ${name} does not exist and this user may not declare it (the deployment declares it: docs/operations.md, "Broker and Redis users"): ${(error as Error).message}`);
    }
  }
}
