import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EXCHANGES, EventEnvelopeSchema, SCIM_PUSH_EVENTS, scimPushQueue } from '@sesame/contracts';
import { Broker, Consumer, PoisonMessage } from '@sesame/messaging';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import type { ScimTargetRow } from '../database/schema';
import { TargetError } from './scim-target.client';
import { backoffMs, retryable } from './scim-push.rules';
import { ScimPushService } from './scim-push.service';
import { ScimTargetsRepository } from './scim-targets.repository';

const PUSHED_TYPES = new Set<string>(SCIM_PUSH_EVENTS.map((event) => event.type));

/** The bindings of a target's queue: the account events that change what it holds. */
export const pushBindings = () => SCIM_PUSH_EVENTS.map((event) => ({ exchange: EXCHANGES.events, routingKey: event.type }));

/**
 * One consumer per enabled SCIM target, on the target's own queue (single active consumer across
 * replicas, one message at a time): changes reach each target in the order Sesame made them, and a
 * target that is down holds back its own queue only. A change is tried again with a growing wait
 * while the target cannot take it (unreachable, 5xx, 429), then dead-lettered with the target's
 * answer (`npm run dlq:replay` sends it again); a refusal (4xx) is dead-lettered at once.
 */
@Injectable()
export class ScimPushConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ScimPush');
  private readonly consumers = new Map<string, { consumer: Consumer<typeof EventEnvelopeSchema>; url: string; token: string }>();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  /** Ends every wait between tries at once when the service stops. */
  private readonly stop = new AbortController();
  private syncing = Promise.resolve();

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly broker: Broker,
    private readonly targets: ScimTargetsRepository,
    private readonly push: ScimPushService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => void this.sync().catch((error) => this.logger.warn({ err: error }, 'SCIM targets not looked at')), this.config.SCIM_PUSH_SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.stop.abort();
    clearInterval(this.timer);
    await this.syncing;
    await Promise.all([...this.consumers.values()].map(({ consumer }) => consumer.stop()));
    this.consumers.clear();
  }

  /** Starts the consumers of enabled targets, stops those of targets deleted, disabled or changed (one at a time). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow());
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.stopping) return;
    const targets = await this.targets.list();
    const live = new Map(targets.filter((target) => target.enabled).map((target) => [target.id, target]));
    for (const [id, running] of this.consumers) {
      const target = live.get(id);
      if (!target || target.url !== running.url || target.token_sealed !== running.token) {
        await running.consumer.stop();
        this.consumers.delete(id);
      }
    }
    for (const target of live.values()) {
      if (this.consumers.has(target.id)) continue;
      await this.broker.declareQueueNow(scimPushQueue(target.id), pushBindings(), { singleActiveConsumer: true });
      const consumer = this.consumerOf(target.id);
      await consumer.start();
      this.consumers.set(target.id, { consumer, url: target.url, token: target.token_sealed });
    }
  }

  private consumerOf(targetId: string): Consumer<typeof EventEnvelopeSchema> {
    return new Consumer(this.broker, {
      queue: scimPushQueue(targetId),
      schema: EventEnvelopeSchema,
      prefetch: 1,
      sequential: true,
      handle: async (messages) => {
        for (const { body } of messages) {
          if (!PUSHED_TYPES.has(body.type)) throw new PoisonMessage(`unexpected event ${body.type}`);
          const userId = (body.data as { userId?: unknown }).userId;
          if (typeof userId !== 'string') throw new PoisonMessage(`${body.type}: no userId`);
          await this.deliver(targetId, userId);
        }
      },
      onError: (error, raw) => this.logger.warn({ err: error, targetId, messageId: raw.properties.messageId }, 'SCIM change not pushed; it will be tried again'),
    });
  }

  /** One account's state to one target, tried again while the target cannot take it. */
  private async deliver(targetId: string, accountId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const target = await this.targets.find(targetId);
      // Deleted meanwhile: nothing to push to (its queue goes with it).
      if (!target) return;
      try {
        const outcome = await this.push.push(target, accountId);
        await this.targets.delivered(targetId);
        this.logger.debug({ targetId, userId: accountId, outcome }, 'SCIM change pushed');
        return;
      } catch (error) {
        if (!(error instanceof TargetError)) throw error;
        await this.targets.failedOnce(targetId, error.message);
        if (!retryable(error.status)) throw new PoisonMessage(`the target refused the change (${error.status}): ${error.answer}`);
        if (attempt >= this.config.SCIM_PUSH_MAX_ATTEMPTS) throw new PoisonMessage(`the target could not take the change after ${attempt} tries: ${error.message}`);
        // Stopping: the change goes back to the queue for the next replica or start.
        if (this.stopping) throw error;
        const wait = backoffMs(attempt, this.config.SCIM_PUSH_MAX_BACKOFF_MS, error.retryAfter);
        this.logger.warn({ targetId, userId: accountId, attempt, waitMs: wait, status: error.status }, 'SCIM target cannot take the change yet');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  }

  /** A target's queue removed with it (its consumer first). */
  async forget(target: ScimTargetRow): Promise<void> {
    const running = this.consumers.get(target.id);
    if (running) {
      await running.consumer.stop();
      this.consumers.delete(target.id);
    }
    await this.broker.deleteQueue(scimPushQueue(target.id));
  }
}
