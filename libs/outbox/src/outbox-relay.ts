import type { Broker } from '@sesame/messaging';
import { Kysely, sql } from 'kysely';
import type { EventEnvelope } from '@sesame/contracts';
import { OUTBOX_EXCHANGE, OutboxDatabase } from './outbox';

export interface OutboxRelayOptions {
  /** Milliseconds between two looks at the table when nothing kicked the relay. */
  interval?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/**
 * Publishes recorded events with publisher confirms and removes them in the same transaction that
 * locked them. Replicas skip each other's locked rows, so each event is published by one replica; a
 * crash between confirm and commit republishes it, and consumers deduplicate by id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private kicked = false;

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
      if (published < (this.options.batchSize ?? 500)) return total;
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
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async publishBatch(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      // Taken out of the table in the transaction that publishes them: a failed publish rolls back
      // and they stay for the next pass; a published batch leaves no row behind.
      const { rows } = await sql<{ id: string; type: string; envelope: EventEnvelope }>`
        DELETE FROM outbox WHERE id IN (
          SELECT id FROM outbox ORDER BY seq LIMIT ${this.options.batchSize ?? 500} FOR UPDATE SKIP LOCKED)
        RETURNING id, type, envelope`.execute(trx);
      await Promise.all(
        rows.map((row) =>
          this.broker.publish(OUTBOX_EXCHANGE, row.type, row.envelope, {
            messageId: row.id,
            type: row.type,
            timestamp: Math.floor(Date.parse(row.envelope.occurredAt) / 1000),
          }),
        ),
      );
      return rows.length;
    });
  }

}
