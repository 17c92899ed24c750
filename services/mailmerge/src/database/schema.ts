import type { OutboxTable } from '@sesame/outbox';
import type { ColumnType, Kysely } from 'kysely';

/** What was done with an event mailmerge reacted to; never its content (a reset token above all). */
export interface ProcessedEventsTable {
  event_id: string;
  event_type: string;
  /** `sent`, `refused` (the SMTP server said no for good) or `expired` (a reset link past its time). */
  outcome: 'sent' | 'refused' | 'expired';
  processed_at: ColumnType<Date, Date | undefined, never>;
}

export interface MailmergeDatabase {
  outbox: OutboxTable;
  processed_events: ProcessedEventsTable;
}

export type Db = Kysely<MailmergeDatabase>;
