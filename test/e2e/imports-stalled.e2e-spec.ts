import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { getQueueToken } from '@nestjs/bullmq';
import { JOB_QUEUES } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { eventually } from '@sesame/testing';
import type { Queue } from 'bullmq';
import { Kysely, sql } from 'kysely';
import { type Database as ImporterDatabase, ImportsRepository, type ImportRow } from '@sesame/importer/testing';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { multipartBody, settled, validated } from './imports-support';

const HEADER = 'userName,firstName,lastName,displayName,password,email,role,profile,school,classes,externalId';
const members = (prefix: string, count: number) =>
  Buffer.from(`${HEADER}\n${Array.from({ length: count }, (_, i) => `${prefix}.${i},Léa,Martin,,,,,student,0750001U,3A,\n`).join('')}`);

/**
 * Issue 12's janitor: imports left validating or importing by what ran them (a replica killed mid-
 * upload, a job lost with Redis or given up after stalling) are failed with a reason the report
 * shows, once their heartbeat (`updated_at`, moved by every progress) is older than
 * IMPORT_STALLED_AFTER_MS; one still moving, or whose job waits in the queue, is left alone. The
 * stalls are made by hand in the database: the importer running here is healthy.
 */
describe('the janitor of stalled imports', () => {
  let stack: Stack;
  let d: Directory;
  let importerDb: Kysely<ImporterDatabase>;

  beforeAll(async () => {
    stack = await startStack({
      importer: {
        IMPORT_STALLED_AFTER_MS: '60000',
        IMPORT_COMMIT_TIMEOUT_MS: '30000',
        IMPORT_STALLED_CHECK_INTERVAL_MS: '500',
        IMPORT_HASH_THREADS: '1',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_ITERATIONS: '1',
      },
    });
    d = await seedDirectory(stack.api);
    importerDb = createDatabase<ImporterDatabase>({ url: stack.env.importer!.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await importerDb.destroy();
    await stack.close();
  });

  const manager = () => stack.api.as(d.tokens.manager);
  const report = async (id: string) => (await manager().get(`/api/v1/imports/${id}`)).body;
  const rowsOf = async (id: string) => (await importerDb.selectFrom('import_rows').select('line').where('import_id', '=', id).execute()).length;
  /** Puts an import back in a transient state, last moved `silentMs` ago. */
  const stall = (id: string, status: 'validating' | 'importing', phase: string, silentMs: number, createdAgoMs = silentMs) =>
    sql`UPDATE imports SET status = ${status}, phase = ${phase}, updated_at = now() - ${`${silentMs} milliseconds`}::interval,
          created_at = now() - ${`${createdAgoMs} milliseconds`}::interval WHERE id = ${id}`.execute(importerDb);

  it('fails the stalled ones with their reason, and leaves the living and the queued alone', async () => {
    // A living check: begun two hours ago, its last progress a moment ago.
    const living = await validated(stack.api, d.tokens.manager, members('vivant', 3));
    await stall(living.id, 'validating', 'checking', 0, 7_200_000);
    // A check whose job waits for a worker (here: for its next attempt, in ten minutes).
    const queued = await validated(stack.api, d.tokens.manager, members('en.attente', 3));
    await stall(queued.id, 'validating', 'checking', 120_000);
    await stack.importer!.get<Queue>(getQueueToken(JOB_QUEUES.importerImports.name)).add(JOB_QUEUES.importerImports.jobs.validate.name, { importId: queued.id }, { delay: 600_000 });

    // An upload whose replica died while reading it: a part of the file stored.
    const reading = randomUUID();
    const imports = stack.importer!.get(ImportsRepository);
    const me = (await manager().get('/api/v1/me')).body;
    await imports.create({ id: reading, uploaderId: me.id, uploaderUsername: me.username, uploaderRole: 'manager', fileName: 'coupé.csv' });
    const row: ImportRow = { userName: 'coupe.1', firstName: 'Léa', lastName: 'Martin', displayName: null, email: null, role: 'member', profile: 'student', school: '0750001U', classes: [], externalId: null };
    await imports.insertRows(reading, [{ line: 2, cells: ['coupe.1'], row, passwordHash: null, passwordGiven: false, errors: null }]);
    await stall(reading, 'validating', 'reading', 120_000);
    // A check whose job was lost.
    const checking = await validated(stack.api, d.tokens.manager, members('verif.perdue', 3));
    await stall(checking.id, 'validating', 'checking', 120_000);
    // An import confirmed, whose job was lost while staging.
    const importing = await validated(stack.api, d.tokens.manager, members('import.perdu', 3));
    await stall(importing.id, 'importing', 'staging', 120_000);

    const failed = await eventually(
      async () => {
        const all = await Promise.all([reading, checking.id, importing.id].map(report));
        return all.every((r) => r.status === 'failed') ? all : undefined;
      },
      20_000,
      'the janitor to fail the three stalled imports',
    );
    const [upload, check, run] = failed;
    expect(upload).toMatchObject({
      totalRows: 0,
      errorCount: 1,
      failure: { code: 'file.incomplete', message: 'Le fichier n’a pas été reçu en entier : chargez-le à nouveau.' },
      errors: [{ line: 0, code: 'file.incomplete' }],
    });
    expect(await rowsOf(reading)).toBe(0);
    const checkSentence = 'La vérification du fichier s’est arrêtée sans se terminer : chargez-le à nouveau.';
    expect(check).toMatchObject({ errorCount: 1, validRows: 3, failure: { code: 'check.stalled', message: checkSentence }, errors: [{ code: 'check.stalled', message: checkSentence }] });
    expect(run).toMatchObject({ errorCount: 0, validRows: 3, failure: { code: 'failure.stalled' } });
    expect(run.failure.message).toMatch(/^L’import s’est arrêté sans se terminer : confirmez à nouveau/);
    expect((await manager().inLanguage('en').get(`/api/v1/imports/${checking.id}`)).body.failure.message).toBe(
      'The check of the file stopped before it finished: upload the file again.',
    );

    // Upload again, for a validation that never ended; confirm again, for an import that never ended.
    for (const id of [reading, checking.id]) expect((await manager().post(`/api/v1/imports/${id}/confirm`)).status).toBe(409);
    expect((await manager().post(`/api/v1/imports/${importing.id}/confirm`)).status).toBe(202);
    expect(await settled(manager(), importing.id)).toMatchObject({ status: 'done', createdAccounts: 3 });

    // The janitor ran meanwhile, many times: the living and the queued ones did not move.
    expect(await report(living.id)).toMatchObject({ status: 'validating', failure: null });
    expect(await report(queued.id)).toMatchObject({ status: 'validating', failure: null });
  });

  it('stops an upload it failed while its client was silent, when that client sends again', async () => {
    const file = members('silencieux', 40_000);
    const { body, contentType } = multipartBody(file, 'silencieux.csv');
    const half = Math.floor(body.length / 2);
    let resume!: () => void;
    let abandon!: () => void;
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      const request = httpRequest(`${stack.api.baseUrl}/api/v1/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${d.tokens.manager}`, 'content-type': contentType, 'content-length': String(body.length) },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      });
      request.on('error', reject);
      request.write(body.subarray(0, half));
      resume = () => request.end(body.subarray(half));
      // Should an expectation fail before the upload ends, the stack must still be able to close.
      abandon = () => {
        if (!request.writableEnded) request.destroy();
      };
    });
    answer.catch(() => undefined);
    try {
      // The first half is read; then nothing comes for longer than the limit.
      const upload = await eventually(
        async () => {
          const found = await importerDb.selectFrom('imports').select(['id', 'progress_done']).where('file_name', '=', 'silencieux.csv').executeTakeFirst();
          return found && found.progress_done > 0 ? found : undefined;
        },
        30_000,
        'the first half to be read',
      );
      // Put back in the past at each look: the end of the first half may still be arriving (a heartbeat).
      await eventually(
        async () => {
          if ((await report(upload.id)).status === 'failed') return true;
          await sql`UPDATE imports SET updated_at = now() - interval '120 seconds' WHERE id = ${upload.id} AND status = 'validating'`.execute(importerDb);
          return undefined;
        },
        30_000,
        'the janitor to fail the upload',
      );

      resume();
      const refused = await answer;
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'file', code: 'file.incomplete', message: 'Le fichier n’a pas été reçu en entier : chargez-le à nouveau.' }]);
      // It stays failed: the upload did not go on to be checked as if whole.
      expect(await report(upload.id)).toMatchObject({ status: 'failed', failure: { code: 'file.incomplete' } });
      await eventually(async () => ((await rowsOf(upload.id)) === 0 ? true : undefined), 10_000, 'its rows deleted');
    } finally {
      abandon();
    }
  });
});
