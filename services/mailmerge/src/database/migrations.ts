import { outboxMigration } from '@sesame/outbox';
import type { Migration } from 'kysely';

/** Every migration of mailmerge, in order. Names are recorded in the database: never rename one. */
export const mailmergeMigrations: Record<string, Migration> = {
  '0001-outbox': outboxMigration,
};
