import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Broker } from '@sesame/messaging';
import { OutboxRelay } from '@sesame/outbox';
import type { Kysely } from 'kysely';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { DB, Db } from '../database/database.module';

/** Runs the relay that publishes the importer's recorded events to `sesame.events`. */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxService.name);
  readonly relay: OutboxRelay;

  constructor(@Inject(DB) db: Db, broker: Broker, @Inject(IMPORTER_CONFIG) config: ImporterConfig) {
    this.relay = new OutboxRelay(db as unknown as Kysely<unknown>, broker, {
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
