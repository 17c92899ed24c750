import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createDatabase, ensureDatabaseExists, migrateToLatest } from '@sesame/database';
import { HealthRegistry } from '@sesame/observability';
import { Kysely, sql } from 'kysely';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { identityMigrations } from './migrations';
import { Database } from './schema';

/** Injection token of identity's Kysely instance. */
export const DB = Symbol('IDENTITY_DB');
export type Db = Kysely<Database>;

@Global()
@Module({
  providers: [
    {
      provide: DB,
      inject: [IDENTITY_CONFIG, HealthRegistry],
      // The schema is migrated before anything can query it.
      useFactory: async (config: IdentityConfig, health: HealthRegistry): Promise<Db> => {
        await ensureDatabaseExists(config.DATABASE_URL);
        const db = createDatabase<Database>({
          url: config.DATABASE_URL,
          max: config.DATABASE_POOL_SIZE,
          applicationName: 'sesame-identity',
        });
        await migrateToLatest(db as Kysely<unknown>, identityMigrations);
        health.register('postgres', () => sql`SELECT 1`.execute(db));
        return db;
      },
    },
  ],
  exports: [DB],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DB) private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
