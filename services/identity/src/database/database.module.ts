import { DATABASE } from '@sesame/database';
import type { Kysely } from 'kysely';
import { Database } from './schema';

/** Identity's Kysely instance (provided by DatabaseModule from @sesame/database). */
export const DB = DATABASE;
export type Db = Kysely<Database>;
