import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { BENCH_CODE_KEYS, root } from './stack.mjs';

// The limit of a read through the services: the same SQL statements, sent straight to PostgreSQL
// by one client (no gateway, no RabbitMQ, no HTTP), with the session settings identity's pool has
// (libs/database createDatabase).

const require = createRequire(import.meta.url);
const { SelectionRepository } = require(`${root}/services/identity/dist/users/selection.repository.js`);
const { TalliesRepository } = require(`${root}/services/identity/dist/users/tallies.repository.js`);
const { ReportsRepository } = require(`${root}/services/identity/dist/reports/reports.repository.js`);
const { ActivationCodeVault } = require(`${root}/services/identity/dist/accounts/activation-code-vault.js`);

const IDENTITY_SESSION = '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1';

/**
 * Records the statements identity's repositories send for a read (`read(selection, reports)`, run
 * once on a recording connection), and returns a function that sends the same statements again
 * with pg alone, those identity sends together at once.
 */
export async function bareStatements(databaseUrl, read) {
  const recorded = [];
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2, options: IDENTITY_SESSION }) }),
    log: (event) => event.level === 'query' && recorded.push({ sql: event.query.sql, parameters: [...event.query.parameters] }),
  });
  const codes = new ActivationCodeVault({ ...BENCH_CODE_KEYS, ACTIVATION_CODE_PREVIOUS_KEYS: '', ACTIVATION_CODE_TTL_DAYS: 90 });
  try {
    await read(new SelectionRepository(db, new TalliesRepository(db), codes), new ReportsRepository(db));
  } finally {
    await db.destroy();
  }
  return recorded;
}

/** A pool of plain pg clients with identity's session settings, to replay recorded statements. */
export function barePool(databaseUrl, max) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: IDENTITY_SESSION });
  return {
    /** The statements at once (identity sends a count and a page together). */
    run: (statements) => Promise.all(statements.map((s) => pool.query(s.sql, s.parameters))),
    end: () => pool.end(),
  };
}
