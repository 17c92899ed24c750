import { Kysely, Migration, MigrationProvider, Migrator } from 'kysely';
import { createDatabase, ensureDatabaseExists } from './database';

/** Migrations are imported statically (not read from a folder) so they survive bundling. */
class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Brings the schema to the latest version. Kysely takes a lock, so replicas starting together
 * apply each migration once.
 */
export async function migrateToLatest(db: Kysely<unknown>, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/**
 * `main.js --migrate-only`: creates the database if missing, brings it to the latest schema with
 * one connection, and returns so the process can exit (a Kubernetes init container before the
 * service starts). Prints one JSON log line like the services' own logs.
 */
export async function migrateOnly(options: { service: string; url: string; migrations: Record<string, Migration> }): Promise<string[]> {
  await ensureDatabaseExists(options.url);
  const db = createDatabase<unknown>({ url: options.url, max: 1, applicationName: `sesame-${options.service}-migrate` });
  try {
    const applied = await migrateToLatest(db, options.migrations);
    process.stdout.write(
      `${JSON.stringify({ level: 30, time: Date.now(), service: options.service, applied, msg: applied.length ? 'Database migrated' : 'Database already up to date' })}\n`,
    );
    return applied;
  } finally {
    await db.destroy();
  }
}
