import type { Broker } from '@sesame/messaging';
import { Kysely, sql } from 'kysely';
import { OUTBOX_EXCHANGE, OutboxDatabase } from './outbox';

export interface OutboxRelayOptions {
  /** Milliseconds between two looks at the table when nothing kicked the relay. */
  interval?: number;
  batchSize?: number;
  /** Days published rows are kept (for audit and replay) before they are purged. */
  retentionDays?: number;
  onError?: (error: unknown) => void;
}

/**
 * Publishes recorded events with publisher confirms, then marks them published in the same
 * transaction that locked them. Replicas skip each other's locked rows, so each event is published by
 * one replica; a crash between confirm and commit republishes it, and consumers deduplicate by id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private kicked = false;
  private lastPurge = 0;

  private readonly db: Kysely<OutboxDatabase>;

  constructor(
    db: Kysely<OutboxDatabase> | Kysely<unknown>,
    private readonly broker: Broker,
    private readonly options: OutboxRelayOptions = {},
  ) {
    // Any service database that includes the outbox table (see outboxMigration).
    this.db = db as Kysely<OutboxDatabase>;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass as soon as possible (after a commit that recorded events). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes every pending event; returns how many were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < (this.options.batchSize ?? 200)) return total;
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const again = this.kicked;
        this.kicked = false;
        this.schedule(again ? 0 : (this.options.interval ?? 500));
      });
    }, delay);
  }

  private async pass(): Promise<void> {
    if (!this.broker.isConnected()) return;
    try {
      await this.drain();
      await this.purgeOld();
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async publishBatch(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('outbox')
        .select(['id', 'type', 'envelope', 'sensitive'])
        .where('published_at', 'is', null)
        .orderBy('seq')
        .limit(this.options.batchSize ?? 200)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map((row) =>
          this.broker.publish(OUTBOX_EXCHANGE, row.type, row.envelope, {
            messageId: row.id,
            type: row.type,
            timestamp: Math.floor(Date.parse(row.envelope.occurredAt) / 1000),
          }),
        ),
      );
      const secret = rows.filter((r) => r.sensitive).map((r) => r.id);
      const plain = rows.filter((r) => !r.sensitive).map((r) => r.id);
      if (secret.length) await trx.deleteFrom('outbox').where('id', 'in', secret).execute();
      if (plain.length) await trx.updateTable('outbox').set({ published_at: new Date() }).where('id', 'in', plain).execute();
      return rows.length;
    });
  }

  private async purgeOld(): Promise<void> {
    if (Date.now() - this.lastPurge < 3_600_000) return;
    this.lastPurge = Date.now();
    const days = this.options.retentionDays ?? 7;
    await this.db
      .deleteFrom('outbox')
      .where('published_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
      .execute();
  }
}
