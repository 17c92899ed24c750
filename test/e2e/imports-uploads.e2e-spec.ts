import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createDatabase } from '@sesame/database';
import { eventually } from '@sesame/testing';
import type { Kysely } from 'kysely';
import type { Database as ImporterDatabase } from '@sesame/importer/testing';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { latestImport, postPartly, upload } from './imports-support';

const HEADER = 'userName,firstName,lastName,displayName,password,email,role,profile,school,classes,externalId';
const members = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `eleve.${from + i},Léa,Martin,,,,,student,0750001U,3A,\n`).join('');

/**
 * Issue 12, "uploads that never answer": files of 3 MB or more that fail early got only `100
 * Continue`, stayed `validating` forever, and kept the gateway→importer connection open for the
 * 30 minutes of UPLOAD_TIMEOUT_SECONDS. Generated here rather than committed: each shape, with the
 * line and the reason it must be refused with.
 */
const SHAPES: Array<[string, () => Buffer, { code: string; line: number }]> = [
  [
    'a 4 MB file whose row 2 opens a quote never closed',
    () => Buffer.from(`${HEADER}\neleve.0,"Léa,Martin,,,,,student,0750001U,3A,\n${members(1, 75_000)}`),
    { code: 'file.unclosed_quote', line: 2 },
  ],
  ['a 3 MB single line', () => Buffer.from(`userName${',x'.repeat(1_572_864)}`), { code: 'file.line_too_long', line: 1 }],
  // A zip signature (an .xlsx), then random bytes: NUL bytes on line 1.
  ['a 3 MB binary file', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), randomBytes(3 * 1024 * 1024)]), { code: 'file.binary', line: 1 }],
];

describe('uploads that fail early, and clients that leave', () => {
  let stack: Stack;
  let d: Directory;
  let importerDb: Kysely<ImporterDatabase>;
  let serial = 0;

  beforeAll(async () => {
    stack = await startStack({ importer: { IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' } });
    d = await seedDirectory(stack.api);
    importerDb = createDatabase<ImporterDatabase>({ url: stack.env.importer!.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await importerDb.destroy();
    await stack.close();
  });

  const manager = () => stack.api.as(d.tokens.manager);
  const fileName = (what: string) => `${what}-${++serial}.csv`;
  const connections = (server: Server) => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  const rowsOf = async (id: string) => (await importerDb.selectFrom('import_rows').select('line').where('import_id', '=', id).execute()).length;

  /** The import is in the history, failed with the reason, which blocks confirming; none of its rows is kept. */
  async function expectFailed(name: string, code: string, line: number, sentence: string) {
    const report = await latestImport(manager(), name);
    expect(report).toMatchObject({ status: 'failed', totalRows: 0, validRows: 0, errorCount: 1, progress: { phase: 'done' } });
    expect(report.failure).toMatchObject({ code, message: sentence });
    expect(report.errors).toEqual([expect.objectContaining({ line, code, message: sentence })]);
    const confirm = await manager().post(`/api/v1/imports/${report.id}/confirm`);
    expect(confirm.status).toBe(409);
    await eventually(async () => ((await rowsOf(report.id)) === 0 ? true : undefined), 10_000, 'the rows of the failed upload deleted');
  }

  describe.each([
    ['without Expect', false],
    ['with Expect: 100-continue', true],
  ])('%s', (_name, expectContinue) => {
    it.each(SHAPES)('%s: answered while the rest of the file is held back, with the line and the reason', async (_shape, make, expected) => {
      const file = make();
      expect(file.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
      const name = fileName(expected.code);
      // A server that waited for the whole file would never answer; the bound only names the failure.
      const upload = postPartly(stack.api.baseUrl, d.tokens.manager, file, { fileName: name, sendBytes: 1024 * 1024, expectContinue });
      const outcome = await Promise.race([upload, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 30 s')), 30_000))]);
      const { answer } = outcome;
      expect(answer?.status).toBe(400);
      expect(answer?.headers['content-type']).toContain('application/problem+json');
      // The gateway will not read the rest: it says so, and the client can stop sending.
      expect(answer?.headers.connection).toBe('close');
      expect(answer?.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'file', code: expected.code }] });
      const sentence = answer?.body.errors[0].message;
      expect(sentence).toContain(`ligne ${expected.line}`);
      expect(answer?.body.detail).toBe(sentence);
      await expectFailed(name, expected.code, expected.line, sentence);
    });
  });

  it.each(SHAPES)('%s, sent whole by fetch: the same answer', async (_shape, make, expected) => {
    const name = fileName(expected.code);
    const answer = await upload(stack.api, d.tokens.manager, make(), { fileName: name });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.errors).toEqual([{ field: 'file', code: expected.code, message: expect.stringContaining(`ligne ${expected.line}`) }]);
    await expectFailed(name, expected.code, expected.line, answer.body.errors[0].message);
  });

  it('answers in English too', async () => {
    const answer = await upload(stack.api, d.tokens.manager, SHAPES[0][1](), { fileName: fileName('english'), language: 'en' });
    expect(answer.body.errors[0].message).toBe('A quote opened on line 2 is never closed.');
  });

  /**
   * About 4 MB of administrators with passwords (long names: few hashes per byte), hashed on one
   * thread: the importer is still reading when its client leaves, and what reaches it afterwards —
   * what its connection had already received — takes it seconds, not minutes.
   */
  const staff = (count: number) => {
    const name = (i: number) => `Anne-Marie ${'de la Fontaine '.repeat(5)}${i}`;
    const rows = Array.from({ length: count }, (_, i) => `staff.${i},${name(i)},${name(i)},${name(i)},une phrase de passe longue ${i},staff.${i}@ac-test.fr,A,,0750001U,,\n`);
    return Buffer.from(`${HEADER}\n${rows.join('')}`);
  };

  it.each([
    ['halfway through the file', 0.5],
    ['once the whole file is sent, before the answer', 1],
  ])('a client that leaves %s ends the upload: the import fails with its reason, and no connection stays open', async (_when, share) => {
    const file = staff(14_000);
    expect(file.length).toBeGreaterThan(4 * 1024 * 1024);
    const name = fileName('leaves');
    const left = await postPartly(stack.api.baseUrl, d.tokens.manager, file, { fileName: name, sendBytes: Math.ceil(file.length * share) + 1024, leave: true });
    expect(left.answer).toBeUndefined();
    const report = await eventually(
      async () => {
        const found = await latestImport(manager(), name).catch(() => undefined);
        return found && found.status !== 'validating' ? found : undefined;
      },
      60_000,
      'the upload to end',
    );
    const sentence = 'Le fichier n’a pas été reçu en entier : chargez-le à nouveau.';
    expect(report.failure).toMatchObject({ code: 'file.incomplete', message: sentence });
    await expectFailed(name, 'file.incomplete', 0, sentence);
    // Nothing holds a connection for the upload that went: not the gateway's client, not its stream to the importer.
    await eventually(async () => ((await connections(stack.gateway.getHttpServer())) === 0 ? true : undefined), 15_000, 'the gateway to close its connections');
    await eventually(async () => ((await connections(stack.importer!.getHttpServer())) === 0 ? true : undefined), 15_000, 'the importer to close its connections');
  });
});
