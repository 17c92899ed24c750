import { Kysely, PostgresDialect } from 'kysely';
import { Client, Pool, types } from 'pg';

// COUNT(*) and BIGSERIAL come back as int8; every count Sesame handles fits in a JS number.
types.setTypeParser(types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface DatabaseOptions {
  url: string;
  /** Pool size. */
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
  /** Milliseconds before PostgreSQL cancels a statement. */
  statementTimeout?: number;
}

export function createDatabase<DB>(options: DatabaseOptions): Kysely<DB> {
  const pool = new Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeout,
    connectionTimeoutMillis: 5_000,
    // Short interactive queries over big tables: JIT compiles any query the planner thinks costly,
    // for 50–200 ms (an ordered index walk with LIMIT looks costly and takes 1 ms), and parallel
    // workers cost more to start than they save, on the few cores a replica has. Pages are in
    // memory or on SSD: a random read costs about a sequential one (PostgreSQL assumes 4×).
    options: '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Creates the database named in `url` when it does not exist yet, so a fresh machine needs no manual
 * step. Where the database exists (or is managed by an operator), this only connects once.
 */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: invalid_catalog_name
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by a replica
  } finally {
    await admin.end();
  }
}
