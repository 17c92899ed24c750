import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Kysely, sql } from 'kysely';

/**
 * A pass over the service's data run once at each start, in the background (readiness does not wait
 * for it), by one replica at a time (a PostgreSQL advisory lock: the others skip it), and stopped
 * between two batches when the service stops — before the database closes, which happens at
 * application shutdown. What SQL migrations cannot do because only the service holds a key (sealing
 * stored codes again after a rotation).
 */
export abstract class StartupPass implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly logger: Logger;
  private stopping = false;
  private running?: Promise<void>;

  constructor(
    // Any database of the service; Kysely's types are invariant in its tables.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly database: Kysely<any>,
    /** Any fixed number, one per pass: the replicas agree that one of them runs it. */
    private readonly lockKey: number,
    /** What the log says when the pass fails (the next start tries again). */
    private readonly failure: string,
  ) {}

  /** The pass itself, on the connection that holds the lock; `stopped()` says when to end it early. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected abstract pass(connection: Kysely<any>, stopped: () => boolean): Promise<void>;

  onApplicationBootstrap(): void {
    this.running = this.run().catch((error: unknown) => {
      if (!this.stopping) this.logger.error({ err: error }, this.failure);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Resolves when this start's pass has ended (tests). */
  done(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    await this.database.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${this.lockKey}) AS locked`.execute(connection);
      if (!rows[0].locked) return;
      try {
        await this.pass(connection, () => this.stopping);
      } finally {
        await sql`SELECT pg_advisory_unlock(${this.lockKey})`.execute(connection);
      }
    });
  }
}
