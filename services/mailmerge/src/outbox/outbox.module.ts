import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DATABASE } from '@sesame/database';
import { Broker } from '@sesame/messaging';
import { OutboxRelay } from '@sesame/outbox';
import type { Kysely } from 'kysely';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';

/** Runs the relay that publishes mailmerge's recorded events (distributions) to `sesame.events`. */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxService.name);
  private readonly relay: OutboxRelay;

  constructor(@Inject(DATABASE) db: Kysely<unknown>, broker: Broker, @Inject(MAILMERGE_CONFIG) config: MailmergeConfig) {
    this.relay = new OutboxRelay(db, broker, {
      interval: config.OUTBOX_INTERVAL_MS,
      onError: (error) => this.logger.warn({ err: error }, 'Outbox relay pass failed; it will try again'),
    });
  }

  /** Called after a commit that recorded events, so they leave without waiting for the next pass. */
  flushSoon(): void {
    this.relay.kick();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Before the database and the broker close (they close in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}

@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
