import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EXCHANGES, EventEnvelopeSchema, MailmergeEvents, QUEUES } from '@sesame/contracts';
import { Broker, Consumer, PoisonMessage } from '@sesame/messaging';
import { DistributionService } from './distribution.service';

/** Events in hand at once: each names up to a thousand accounts. */
const PREFETCH = 8;

/**
 * Keeps each account's last distribution (SPEC §4 "never distributed") from mailmerge's
 * `mailmerge.campaign.distributed` events, on a durable quorum queue: acknowledged after the
 * update is committed; a copy delivered twice changes nothing (see recordDistribution).
 */
@Injectable()
export class DistributionLogConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DistributionLogConsumer.name);
  private readonly consumer: Consumer<typeof EventEnvelopeSchema>;

  constructor(
    private readonly broker: Broker,
    distribution: DistributionService,
  ) {
    const event = MailmergeEvents.campaignDistributed;
    this.consumer = new Consumer(broker, {
      queue: QUEUES.identityDistributions,
      schema: EventEnvelopeSchema,
      prefetch: PREFETCH,
      // A few events per campaign (a thousand accounts each): one at a time, in arrival order.
      sequential: true,
      handle: async (messages) => {
        for (const { body } of messages) {
          if (body.type !== event.type || body.version !== event.version) throw new PoisonMessage(`unexpected event ${body.type} v${body.version}`);
          const data = event.data.safeParse(body.data);
          if (!data.success) throw new PoisonMessage(`${body.type}: invalid data: ${data.error.issues.map((i) => i.path.join('.')).join(', ')}`);
          const updated = await distribution.recordDistribution(data.data.accountIds, data.data.channel, new Date(data.data.at));
          this.logger.debug({ eventId: body.id, campaignId: data.data.campaignId, accounts: data.data.accountIds.length, updated }, 'Distribution recorded');
        }
      },
      onError: (error, raw) => this.logger.warn({ err: error, messageId: raw.properties.messageId }, 'Distribution event not recorded; it will be tried again'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Declared here rather than in app.module: the queue belongs to this feature alone.
    await this.broker.declareDurableQueue(QUEUES.identityDistributions, [
      { exchange: EXCHANGES.events, routingKey: MailmergeEvents.campaignDistributed.type },
    ]);
    await this.broker.channel.waitForConnect();
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
