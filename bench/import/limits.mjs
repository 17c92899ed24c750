// The limits an import is measured against, in the same run and on the same PostgreSQL:
// - the commit's: a bare `COPY` of the same accounts, schools and classes into identity's own tables
//   (their indexes, constraints and triggers all there), in one transaction that is rolled back;
// - the validation's: the same file parsed and checked by the importer's own code (readCsv, readRow),
//   then `COPY`-ed into the importer's rows table, with no service, HTTP, RPC or identity check between.
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { adminQuery, root } from '../support/stack.mjs';

const require = createRequire(import.meta.url);

/** One field of COPY's text format. */
function field(value) {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
const line = (values) => `${values.map(field).join('\t')}\n`;

/** Streams `lines` (an iterable of COPY text lines) into `table (columns)`, 5,000 lines per chunk. */
async function copyInto(client, table, columns, lines) {
  async function* chunks() {
    let chunk = '';
    let n = 0;
    for (const text of lines) {
      chunk += text;
      if (++n % 5000 === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

async function inTransactionRolledBack(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const started = performance.now();
    await work(client);
    return (performance.now() - started) / 1000;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/**
 * Seconds to COPY `members` accounts shaped as the commit writes them (a sealed code's length, a
 * username and its skeleton, names, an external id, the import's id), each in one school and one of
 * its classes, into identity's tables; rolled back, then vacuumed so nothing of it stays.
 */
export async function bareCommit(identityUrl, { members, uai, classNames }) {
  const [{ id: schoolId }] = await adminQuery('SELECT id FROM schools WHERE uai = $1', identityUrl, [uai]);
  const classes = await adminQuery('SELECT id, name FROM classes WHERE school_id = $1 AND name = ANY($2)', identityUrl, [schoolId, classNames]);
  const [{ id: actorId }] = await adminQuery("SELECT id FROM accounts WHERE role = 'manager'", identityUrl);
  const importId = randomUUID();
  const expires = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const ids = Array.from({ length: members }, () => randomUUID());
  // A sealed activation code is as long as this (AES-GCM: nonce, code, tag, in base64url).
  const sealed = () => randomBytes(44).toString('base64url');
  const seconds = await inTransactionRolledBack(identityUrl, async (client) => {
    await copyInto(
      client,
      'accounts',
      ['id', 'username', 'username_skeleton', 'first_name', 'last_name', 'role', 'profile', 'activation_code', 'activation_code_expires_at', 'external_id', 'source', 'created_by', 'import_id'],
      (function* () {
        for (let i = 0; i < members; i++) {
          yield line([ids[i], `limite.${i}`, `lirnite.${i}`, 'Élève', `Limite ${i}`, 'member', 'student', sealed(), expires, `LIMIT-${i}`, 'import', actorId, importId]);
        }
      })(),
    );
    await copyInto(client, 'account_schools', ['account_id', 'school_id'], (function* () {
      for (const id of ids) yield line([id, schoolId]);
    })());
    await copyInto(client, 'account_classes', ['account_id', 'class_id'], (function* () {
      for (let i = 0; i < members; i++) yield line([ids[i], classes[i % classes.length].id]);
    })());
  });
  await adminQuery('VACUUM accounts, account_schools, account_classes', identityUrl);
  return seconds;
}

/**
 * Seconds to read `csv` with the importer's reader, check each row with its row rules, and COPY the
 * rows into its rows table as the upload stores them (cells, row, keys), rolled back.
 */
export async function bareValidation(importerUrl, csv) {
  const { readCsv } = require(`${root}/services/importer/dist/csv/csv-reader.js`);
  const { checkHeader } = require(`${root}/services/importer/dist/csv/header.rules.js`);
  const { readRow } = require(`${root}/services/importer/dist/rows/row.rules.js`);
  const { commonPasswords } = require(`${root}/libs/account-rules/dist`);
  const context = { uploaderRole: 'manager', commonPasswords: commonPasswords() };
  const importId = randomUUID();
  return inTransactionRolledBack(importerUrl, async (client) => {
    await client.query(
      `INSERT INTO imports (id, uploader_id, uploader_username, uploader_role, file_name, status, phase) VALUES ($1, $2, 'manager', 'manager', 'limite.csv', 'validating', 'reading')`,
      [importId, randomUUID()],
    );
    const facts = { bytes: 0, bom: false, lineEnding: '\r\n' };
    async function* rows() {
      let columns;
      let n = 0;
      for await (const records of readCsv(Readable.from([Buffer.from(csv)]), facts)) {
        let chunk = '';
        for (const cells of records) {
          if (++n === 1) {
            columns = checkHeader(cells).columns;
            continue;
          }
          const { row, issues } = readRow(cells, columns, n, context);
          chunk += line([importId, n, JSON.stringify(cells), JSON.stringify(row), row.userName, row.externalId, row.school, row.role, null, false, issues.length ? JSON.stringify(issues) : null]);
        }
        yield chunk;
      }
    }
    await pipeline(
      Readable.from(rows()),
      client.query(copyFrom('COPY import_rows (import_id, line, cells, row, username, external_id, school, role, password_hash, password_given, errors) FROM STDIN')),
    );
  });
}
