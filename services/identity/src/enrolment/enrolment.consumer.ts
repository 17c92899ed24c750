import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnrolmentEvent, EnrolmentEventSchema, QUEUES } from '@sesame/contracts';
import { Broker, Consumer } from '@sesame/messaging';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { EnrolmentService } from './enrolment.service';

/**
 * Listens to the enrolment exchange. Refused events are dead-lettered with their reason; the others
 * of their batch are applied. The queue has a single active consumer: whatever the number of
 * replicas, one applies the stream, batch after batch, in order; the others stand by.
 */
/** The login a connection URL authenticates as (RabbitMQ's default user when none is given). */
const brokerUserOf = (url: string) => decodeURIComponent(new URL(url).username) || 'guest';

@Injectable()
export class EnrolmentConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EnrolmentConsumer.name);
  private consumer?: Consumer<typeof EnrolmentEventSchema>;

  constructor(
    private readonly broker: Broker,
    private readonly enrolment: EnrolmentService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new Consumer(this.broker, {
      queue: QUEUES.identityEnrolment,
      schema: EnrolmentEventSchema,
      prefetch: this.config.ENROLMENT_PREFETCH,
      batchSize: this.config.ENROLMENT_BATCH_SIZE,
      batchWait: 20,
      sequential: true,
      // The information systems' broker users only: another service's user could put a message on
      // this queue through the default exchange, but cannot claim a user-id that is not its own.
      // Identity's own user too: dead letters replayed from its pod (npm run dlq:replay) carry it.
      senders: this.config.ENROLMENT_PUBLISHERS.length ? [...this.config.ENROLMENT_PUBLISHERS, brokerUserOf(this.config.AMQP_URL)] : [],
      handle: async (messages) => {
        const { refused } = await this.enrolment.apply(messages.map((m) => m.body as EnrolmentEvent));
        return messages.flatMap((m) => (refused.has(m.body.eventId) ? [{ raw: m.raw, reason: refused.get(m.body.eventId)! }] : []));
      },
      onError: (error) => this.logger.warn({ err: error }, 'Enrolment batch failed; it will be tried again'),
    });
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}
