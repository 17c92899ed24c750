import { Inject, Injectable } from '@nestjs/common';
import type { EventDefinition, EventEnvelope } from '@sesame/contracts';
import { recordEvent, recordEvents } from '@sesame/outbox';
import type { z } from 'zod';
import { DB, Db } from '../database/database.module';
import { OutboxService } from '../outbox/outbox.module';
import { AuditEntry, AuditRepository } from './audit.repository';

/**
 * One change in the making: its transaction (`trx`, for the repositories), and what it writes
 * beside itself in that transaction — the audit rows of who did what (SPEC §3) and the domain events
 * the outbox relay publishes once it is committed. Its members may be taken apart
 * (`async ({ trx, audit, event }) => …`).
 */
export class Change {
  private recordedEvents = 0;

  constructor(
    readonly trx: Db,
    private readonly auditLog: AuditRepository,
  ) {}

  readonly audit = (...entries: AuditEntry[]): Promise<void> => this.auditLog.recordMany(this.trx, entries);

  readonly event = <D extends z.ZodType>(definition: EventDefinition<D>, data: z.input<D>): Promise<EventEnvelope> => {
    this.recordedEvents += 1;
    return recordEvent(this.trx, definition, data);
  };

  /** Several events of any types in one statement (bulk changes). */
  readonly events = async (events: Array<{ definition: EventDefinition<z.ZodType>; data: unknown }>): Promise<void> => {
    if (events.length === 0) return;
    this.recordedEvents += events.length;
    await recordEvents(this.trx, events);
  };

  /** Events a repository's bulk statement wrote itself (built by PostgreSQL): the relay wakes for them too. */
  readonly eventsWritten = (count: number): void => {
    this.recordedEvents += count;
  };

  get hasEvents(): boolean {
    return this.recordedEvents > 0;
  }
}

/**
 * identity's unit of work: every change to its data goes through `record`, which opens the
 * transaction, gives the work its `Change` (audit rows and events written in the same transaction,
 * so a change is never without its trail nor an event without its change), and wakes the outbox
 * relay once the transaction has committed.
 */
@Injectable()
export class ChangeRecorder {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly auditLog: AuditRepository,
    private readonly outbox: OutboxService,
  ) {}

  async record<T>(work: (change: Change) => Promise<T>): Promise<T> {
    let change: Change | undefined;
    const result = await this.db.transaction().execute((trx) => {
      change = new Change(trx, this.auditLog);
      return work(change);
    });
    // After the commit: the relay publishes what it can see, and nothing of a rolled-back change.
    if (change?.hasEvents) this.outbox.flushSoon();
    return result;
  }
}
