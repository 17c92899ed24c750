import { DATABASE } from '@sesame/database';

/** The importer's Kysely instance (provided by DatabaseModule from @sesame/database). */
export const DB = DATABASE;
export type { Db } from './schema';
