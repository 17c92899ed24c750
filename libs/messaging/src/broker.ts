import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import {
  DEAD_LETTER_REASON_HEADER,
  EXCHANGES,
  deadLetterQueueOf,
  durableQueueArguments,
  namespaced,
} from '@sesame/contracts';
import { LOW_LATENCY_SOCKET } from './rpc-server';

export interface BrokerOptions {
  url: string;
  namespace: string;
  /** Name shown in the RabbitMQ connection list. */
  connectionName: string;
  /** Milliseconds a publish may wait for the broker's confirm before it is reported as failed. */
  publishTimeout?: number;
}

/**
 * One connection to RabbitMQ per process, reconnecting by itself, with a confirm channel for
 * publishing. Every exchange and queue name goes through `name()` so the namespace applies everywhere.
 */
export class Broker {
  readonly connection: AmqpConnectionManager;
  readonly channel: ChannelWrapper;

  constructor(private readonly options: BrokerOptions) {
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      connectionOptions: { ...LOW_LATENCY_SOCKET, clientProperties: { connection_name: options.connectionName } },
    });
    // Reconnection is automatic; an unhandled 'error' event would crash the process instead.
    this.connection.on('connectFailed', () => undefined);
    this.channel = this.connection.createChannel({
      confirm: true,
      json: false,
      publishTimeout: options.publishTimeout ?? 5_000,
      setup: (channel: ConfirmChannel) => this.assertExchanges(channel),
    });
    this.channel.on('error', () => undefined);
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
    await this.channel.publish(this.name(EXCHANGES.deadLetter), this.name(queue), message.content, {
      ...message.properties,
      persistent: true,
      headers: { ...message.properties.headers, [DEAD_LETTER_REASON_HEADER]: reason.slice(0, 1000) },
    });
  }

  /** Declares the dead-letter queue `<queue>.dead` of a request/reply queue (the transport declares the queue). */
  async declareRpcDeadLetters(queue: string): Promise<void> {
    await this.channel.addSetup(async (channel: ConfirmChannel) => {
      await this.assertExchanges(channel);
      const dead = this.name(deadLetterQueueOf(queue));
      await channel.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.bindQueue(dead, this.name(EXCHANGES.deadLetter), this.name(queue));
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
      // Setups may run concurrently: this one cannot count on the exchanges being declared yet.
      await this.assertExchanges(channel);
      const name = this.name(queue);
      const dead = this.name(deadLetterQueueOf(queue));
      await channel.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.bindQueue(dead, this.name(EXCHANGES.deadLetter), name);
      const args = {
        ...durableQueueArguments(this.options.namespace, queue),
        // Only one replica consumes at a time (the others wait as standbys): the stream stays in order.
        ...(options.singleActiveConsumer ? { 'x-single-active-consumer': true } : {}),
      };
      await channel.assertQueue(name, { durable: true, arguments: args });
      for (const binding of bindings) {
        await channel.bindQueue(name, this.name(binding.exchange), binding.routingKey);
      }
    });
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }

  private async assertExchanges(channel: ConfirmChannel): Promise<void> {
    await channel.assertExchange(this.name(EXCHANGES.events), 'topic', { durable: true });
    await channel.assertExchange(this.name(EXCHANGES.enrolment), 'topic', { durable: true });
    await channel.assertExchange(this.name(EXCHANGES.deadLetter), 'direct', { durable: true });
  }
}
