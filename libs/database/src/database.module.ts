import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@sesame/observability';
import { Kysely, Migration, sql } from 'kysely';
import { DatabaseOptions, createDatabase, ensureDatabaseExists } from './database';
import { migrateToLatest } from './migrate';

/** Injection token of the service's Kysely instance. */
export const DATABASE = Symbol('DATABASE');

export interface DatabaseModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => DatabaseOptions & { migrations: Record<string, Migration> };
}

/**
 * The service's own PostgreSQL database: created if missing, migrated before anything queries it,
 * checked by readiness, closed last on shutdown.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Kysely<unknown>) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE,
          inject: [...options.inject, HealthRegistry],
          useFactory: async (...args: unknown[]) => {
            const health = args.pop() as HealthRegistry;
            const { migrations, ...connection } = options.useFactory(...args);
            await ensureDatabaseExists(connection.url);
            const db = createDatabase<unknown>(connection);
            await migrateToLatest(db, migrations);
            health.register('postgres', () => sql`SELECT 1`.execute(db));
            return db;
          },
        },
      ],
      exports: [DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
