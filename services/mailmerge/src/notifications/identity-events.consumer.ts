import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEnvelopeSchema, QUEUES } from '@sesame/contracts';
import { Broker, Consumer } from '@sesame/messaging';
import { NotificationsService } from './notifications.service';

/** Messages handled at once by a replica; each may hold a database connection while its email goes out. */
const PREFETCH = 4;

/** Consumes QUEUES.mailmergeIdentityEvents from start-up until shutdown; messages in hand finish first. */
@Injectable()
export class IdentityEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdentityEventsConsumer.name);
  private readonly consumer: Consumer<typeof EventEnvelopeSchema>;

  constructor(
    private readonly broker: Broker,
    notifications: NotificationsService,
  ) {
    this.consumer = new Consumer(broker, {
      queue: QUEUES.mailmergeIdentityEvents,
      schema: EventEnvelopeSchema,
      prefetch: PREFETCH,
      handle: async (messages) => {
        for (const { body } of messages) await notifications.handle(body);
      },
      onError: (error, raw) =>
        this.logger.warn({ err: error, messageId: raw.properties.messageId, type: raw.fields.routingKey }, 'Identity event not handled; it will be tried again'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The queue is declared on the broker's channel; consuming before that is done would fail.
    await this.broker.channel.waitForConnect();
    await this.consumer.start();
  }

  /** Before the broker and the database close (onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
