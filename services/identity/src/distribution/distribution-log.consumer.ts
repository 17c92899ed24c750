import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EXCHANGES, EventEnvelope, EventEnvelopeSchema, MailmergeEvents, QUEUES } from '@sesame/contracts';
import type { z } from 'zod';
import { Broker, Consumer, PoisonMessage } from '@sesame/messaging';
import { DistributionService } from './distribution.service';

/** What the log records: campaigns' distributions, and the leavers' notices (issue 16). */
const DISTRIBUTION_LOG_EVENTS = [MailmergeEvents.campaignDistributed, MailmergeEvents.lifecycleNoticeSent];

function readData<T extends z.ZodType>(schema: T, body: EventEnvelope): z.infer<T> {
  const data = schema.safeParse(body.data);
  if (!data.success) throw new PoisonMessage(`${body.type}: invalid data: ${data.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return data.data;
}

/** Events in hand at once: each names up to a thousand accounts. */
const PREFETCH = 8;

/**
 * Keeps each account's last distribution (SPEC §4 "never distributed") from mailmerge's
 * `mailmerge.campaign.distributed` events, and the leavers' notices mailmerge sent, on a durable quorum queue: acknowledged after the
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
    const notice = MailmergeEvents.lifecycleNoticeSent;
    this.consumer = new Consumer(broker, {
      queue: QUEUES.identityDistributions,
      schema: EventEnvelopeSchema,
      prefetch: PREFETCH,
      // A few events per campaign (a thousand accounts each): one at a time, in arrival order.
      sequential: true,
      handle: async (messages) => {
        for (const { body } of messages) {
          if (body.type === notice.type && body.version === notice.version) {
            const data = readData(notice.data, body);
            const recorded = await distribution.recordNotice({ ...data, on: new Date(data.on), at: new Date(data.at) });
            this.logger.debug({ eventId: body.id, userId: data.userId, kind: data.kind, recorded }, 'Lifecycle notice recorded');
            continue;
          }
          if (body.type !== event.type || body.version !== event.version) throw new PoisonMessage(`unexpected event ${body.type} v${body.version}`);
          const data = readData(event.data, body);
          const updated = await distribution.recordDistribution(data.accountIds, data.channel, new Date(data.at));
          this.logger.debug({ eventId: body.id, campaignId: data.campaignId, accounts: data.accountIds.length, updated }, 'Distribution recorded');
        }
      },
      onError: (error, raw) => this.logger.warn({ err: error, messageId: raw.properties.messageId }, 'Distribution event not recorded; it will be tried again'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Declared here rather than in app.module: the queue belongs to this feature alone.
    await this.broker.declareDurableQueue(
      QUEUES.identityDistributions,
      DISTRIBUTION_LOG_EVENTS.map((definition) => ({ exchange: EXCHANGES.events, routingKey: definition.type })),
    );
    await this.broker.channel.waitForConnect();
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
