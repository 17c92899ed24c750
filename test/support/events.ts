import { SealKeyring, parseSealKey } from '@sesame/auth';
import { EXCHANGES, EventEnvelope, EventEnvelopeSchema, IdentityEvents, namespaced, resetTokenSealContext } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';

/**
 * Listens to Sesame's events exchange (or publishes to the enrolment exchange) of one test's
 * namespace, as another system would.
 */
export class EventTap {
  readonly received: EventEnvelope[] = [];
  /** Every message as it crossed the broker: body and properties (headers included), unparsed. */
  readonly raw: string[] = [];
  private constructor(private readonly connection: ChannelModel) {}

  static async listen(amqpUrl: string, namespace: string, routingKey = '#'): Promise<EventTap> {
    const connection = await connect(amqpUrl);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    const exchange = namespaced(namespace, EXCHANGES.events);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, routingKey);
    await channel.consume(queue, (message) => {
      if (!message) return;
      tap.raw.push(`${message.content.toString()}\n${JSON.stringify(message.properties)}`);
      tap.received.push(EventEnvelopeSchema.parse(JSON.parse(message.content.toString())));
    }, { noAck: true });
    return tap;
  }

  of(type: string): EventEnvelope[] {
    return this.received.filter((e) => e.type === type);
  }

  /** Waits for an event of `type` whose data matches `where`. */
  waitFor(type: string, where: (data: any) => boolean = () => true, timeoutMs = 10_000): Promise<EventEnvelope> {
    return eventually(async () => this.of(type).find((e) => where(e.data)), timeoutMs, `an event ${type}`);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** Publishes raw messages to the namespaced enrolment exchange, with confirms. */
export async function publishEnrolment(amqpUrl: string, namespace: string, messages: Array<{ routingKey: string; body: unknown }>): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const exchange = namespaced(namespace, EXCHANGES.enrolment);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    for (const { routingKey, body } of messages) {
      channel.publish(exchange, routingKey, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), { persistent: true });
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

/** The token of a reset request, opened as mailmerge opens it, with the key identity shares with it (MAIL_SEAL_KEY). */
export async function resetTokenIn(event: EventEnvelope, mailSealKey: string): Promise<string> {
  const data = IdentityEvents.userPasswordResetRequested.data.parse(event.data);
  return new SealKeyring(parseSealKey(mailSealKey)!).open(data.sealedToken, resetTokenSealContext(data));
}
