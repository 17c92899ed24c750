import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sesame/database';
import { sql } from 'kysely';
import type { Db, ProcessedEventsTable } from '../database/schema';

export type EventOutcome = ProcessedEventsTable['outcome'];

/** Which events mailmerge already acted upon (deduplication by envelope id, SPEC §1). */
@Injectable()
export class ProcessedEventsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  /**
   * Runs `work` for an event unless it was processed already, and records its outcome in the same
   * transaction. Returns 'duplicate' when it had been. If `work` throws, nothing is recorded and the
   * event can be tried again. A lock on the event id makes a copy delivered to another replica at the
   * same moment wait, then find the record, instead of sending a second email.
   */
  async once(
    eventId: string,
    eventType: string,
    work: () => Promise<EventOutcome>,
    /** Written in the same transaction as the record (the outbox's events that report the outcome). */
    recordOutcome?: (trx: Db, outcome: EventOutcome) => Promise<void>,
  ): Promise<EventOutcome | 'duplicate'> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${eventId}, 0))`.execute(trx);
      const done = await trx.selectFrom('processed_events').select('outcome').where('event_id', '=', eventId).executeTakeFirst();
      if (done) return 'duplicate';
      const outcome = await work();
      await trx.insertInto('processed_events').values({ event_id: eventId, event_type: eventType, outcome }).execute();
      await recordOutcome?.(trx, outcome);
      return outcome;
    });
  }
}
