// The limits bench/mailmerge compares the campaign with, measured in the same run:
// - the bare read of a selection: the very SELECT identity runs to freeze it (built by identity's own
//   DistributionRepository, so it cannot drift from it), read straight from identity's database
//   through a cursor, without the RPC, the JSON, mailmerge or its inserts;
// - bare pdfkit: the same letters (mailmerge's built drawing code: same fonts, layout, text) drawn
//   into a file, without the database, the queue, the rendering thread or the campaign's storage.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { root } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const { Kysely, PostgresDialect } = require('kysely');
const { Pool } = require('pg');
const identityDist = (path) => require(join(root, 'services', 'identity', 'dist', path));
const mailmergeDist = (path) => require(join(root, 'services', 'mailmerge', 'dist', path));

/** Rows fetched from the cursor at a time (the bare read's only batching). */
const FETCH = 10_000;

/**
 * identity's DistributionRepository on a database of its own. Its queries are noted; while `dryRun`
 * is set they are only noted, not run (to learn the SQL of a read without making it).
 */
function distributionRepository(url, codeKeys) {
  const capture = { dryRun: false, queries: [] };
  const db = new Kysely({ dialect: capturing(new PostgresDialect({ pool: new Pool({ connectionString: url, max: 2 }) }), capture) });
  const { SelectionRepository } = identityDist('users/selection.repository.js');
  const { DistributionRepository } = identityDist('distribution/distribution.repository.js');
  const { ActivationCodeVault } = identityDist('accounts/activation-code-vault.js');
  const vault = new ActivationCodeVault({ ACTIVATION_CODE_KEY: codeKeys.ACTIVATION_CODE_KEY, ACTIVATION_CODE_TTL_DAYS: 90 });
  // The tallies serve counts only, never a distribution's page.
  const repository = new DistributionRepository(db, new SelectionRepository(db, undefined, vault), vault);
  return { repository, capture, close: () => db.destroy() };
}

/** A Kysely dialect that notes each compiled query (and runs it unless capture.dryRun). */
function capturing(dialect, capture) {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => {
      const driver = dialect.createDriver();
      const real = new WeakMap();
      const unwrap = (connection) => real.get(connection);
      return {
        init: () => driver.init(),
        acquireConnection: async () => {
          const connection = await driver.acquireConnection();
          const noted = {
            executeQuery: (query) => {
              capture.queries.push(query);
              return capture.dryRun ? Promise.resolve({ rows: [] }) : connection.executeQuery(query);
            },
            streamQuery: (...args) => connection.streamQuery(...args),
          };
          real.set(noted, connection);
          return noted;
        },
        beginTransaction: (connection, settings) => driver.beginTransaction(unwrap(connection), settings),
        commitTransaction: (connection) => driver.commitTransaction(unwrap(connection)),
        rollbackTransaction: (connection) => driver.rollbackTransaction(unwrap(connection)),
        releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
        destroy: () => driver.destroy(),
      };
    },
  };
}

/** The manager as identity knows it (the benchmark's campaigns are launched by the manager). */
async function managerActor(db, username) {
  const { rows } = await db.query(`SELECT id FROM accounts WHERE username = $1`, [username]);
  return { id: rows[0].id, username, role: 'manager', schoolIds: [] };
}

/**
 * The first `letters` rows of the selection exactly as identity sends them to mailmerge, and the
 * SQL identity runs for a page of the selection, with its parameters, the page made as large as the
 * whole selection (the bare read).
 */
export async function identitySelection({ url, manager, filter, letters, codeKeys }) {
  const { repository, capture, close } = distributionRepository(url, codeKeys);
  try {
    const pool = new Pool({ connectionString: url, max: 1 });
    const actor = await managerActor(pool, manager);
    await pool.end();
    // The same filter as the campaign's, once parsed by identity (the defaults filled in).
    const { UserFilterSchema } = require('@sesame/contracts');
    const parsed = UserFilterSchema.parse(filter);
    const rows = await repository.page(actor, parsed, undefined, letters);
    // A limit no selection reaches stands for "every row": the page's SQL, noted, not run.
    const everything = 2_000_000_000;
    capture.dryRun = true;
    await repository.page(actor, parsed, undefined, everything);
    const query = capture.queries.find((q) => q.parameters.includes(everything));
    if (!query) throw new Error('the distribution query was not seen');
    return { rows, sql: query.sql, parameters: query.parameters };
  } finally {
    await close();
  }
}

/** Reads every row of the query through a cursor; returns how many and how long it took (s). */
export async function bareRead(url, { sql, parameters }) {
  const pool = new Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE bare NO SCROLL CURSOR FOR ${sql}`, parameters);
    let rows = 0;
    for (;;) {
      const { rowCount } = await client.query(`FETCH ${FETCH} FROM bare`);
      rows += rowCount;
      if (rowCount < FETCH) break;
    }
    await client.query('COMMIT');
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
    await pool.end();
  }
}

/**
 * Draws `count` letters (the selection's rows, in turn, those a campaign would print) with
 * mailmerge's LetterBook into a file, `layout` per sheet; returns letters/s, of the clock and of
 * this process's CPU time (a figure other work on the machine changes less).
 */
export async function barePdfkit({ rows, layout, count, locale = 'fr', publicUrl, path }) {
  const { PdfDocument } = mailmergeDist('letters/pdf-document.js');
  const { LetterBook } = mailmergeDist('letters/letter-book.js');
  const { skipReason } = mailmergeDist('campaigns/recipient.rules.js');
  const now = new Date();
  const printed = rows.filter((row) => skipReason(row, 'pdf', now) === null).map(letterRecipient);
  if (printed.length === 0) throw new Error('no letter to draw');
  const out = createWriteStream(path, { mode: 0o600 });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pdf = new PdfDocument(out, { title: 'Courriers de distribution des comptes Sesame', author: 'bench', locale });
  const book = new LetterBook(pdf, { layout, locale, publicUrl });
  for (let i = 0; i < count; i++) await book.letter(printed[i % printed.length]);
  await pdf.end();
  await finished(out);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  await rm(path, { force: true });
  return { letters: count, seconds, rate: count / seconds, cpuRate: count / ((user + system) / 1e6) };
}

/** A row as identity sends it, as its letter shows it (what mailmerge freezes, then reads back). */
function letterRecipient(row) {
  return {
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: row.displayName,
    schoolName: row.school?.name ?? null,
    schoolUai: row.school?.uai ?? null,
    classes: row.classes,
    children: row.children ?? [],
    activated: row.activated,
    activationCode: row.activationCode,
    activationCodeExpiresAt: row.activationCodeExpiresAt ? new Date(row.activationCodeExpiresAt) : null,
    email: row.email,
  };
}
