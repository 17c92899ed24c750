import { DynamicModule, Inject, Injectable, InjectionToken, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Broker } from '@sesame/messaging';
import type { Kysely } from 'kysely';
import { OutboxRelay } from './outbox-relay';

/** Where a service's outbox is, and how often its relay looks at it when idle. */
export interface OutboxSettings {
  // Any service database that includes the outbox table; Kysely's types are invariant in it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  intervalMs: number;
}

const OUTBOX_SETTINGS = Symbol('OUTBOX_SETTINGS');

/** Runs the relay that publishes the service's recorded events to `sesame.events`. */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxService.name);
  private readonly relay: OutboxRelay;

  constructor(@Inject(OUTBOX_SETTINGS) settings: OutboxSettings, broker: Broker) {
    this.relay = new OutboxRelay(settings.db as Kysely<unknown>, broker, {
      interval: settings.intervalMs,
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

@Module({})
export class OutboxModule {
  /**
   * The outbox module of one service: `useFactory` receives what `inject` names (its database and
   * configuration) and says where the outbox is. Register it once per service and import that.
   */
  static register(options: {
    inject: InjectionToken[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    useFactory: (...dependencies: any[]) => OutboxSettings;
  }): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: OUTBOX_SETTINGS, inject: options.inject, useFactory: options.useFactory }, OutboxService],
      exports: [OutboxService],
    };
  }
}
