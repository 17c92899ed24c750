import { outboxMigration } from '@sesame/outbox';
import type { Migration } from 'kysely';
import * as imports from './0002-imports';
import * as passwordGiven from './0003-password-given';

/** Every migration of importer, in order. Names are recorded in the database: never rename one. */
export const importerMigrations: Record<string, Migration> = {
  '0001-outbox': outboxMigration,
  '0002-imports': imports,
  '0003-password-given': passwordGiven,
};
