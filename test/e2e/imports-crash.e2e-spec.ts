import { TestIsolation, eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { upload } from './imports-support';
import { ProcessStack, startProcessStack } from './process-stack';

const ROWS = 20_000;

/**
 * SPEC §5: "an import is all or nothing, idempotent if retried". Identity and the importer run as
 * real processes and are killed with SIGKILL in the middle of an import; after a restart the import
 * finishes by itself with every account created exactly once, and never is a part of them visible.
 */
describe('an import killed mid-way', () => {
  const isolation = new TestIsolation();
  let stack: ProcessStack;

  beforeAll(async () => {
    // Small chunks: staging lasts long enough to be interrupted.
    stack = await startProcessStack(isolation, { importer: { IMPORT_CHUNK_ROWS: '250', RPC_TIMEOUT_MS: '5000' } });
    const school = await stack.api.as(stack.token).post('/api/v1/schools', { uai: '0750001U', name: 'Collège Victor-Hugo' });
    expect(school.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    await isolation.cleanup();
  });

  /** The report, while services come and go (503 meanwhile). */
  const report = async (id: string) => {
    const answer = await stack.api.as(stack.token).get(`/api/v1/imports/${id}`);
    return answer.status === 200 ? answer.body : undefined;
  };
  const accounts = async (prefix: string) => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE username LIKE ${`${prefix}.%`}`.execute(stack.identityDb);
    return rows[0].n;
  };

  async function readyImport(prefix: string): Promise<string> {
    const lines = ['userName,firstName,lastName,displayName,password,email,role,profile,school,classes,externalId'];
    for (let i = 0; i < ROWS; i++) lines.push(`${prefix}.${i},Élève,Numéro ${i},,,,,student,0750001U,6A,`);
    const answer = await upload(stack.api, stack.token, Buffer.from(`${lines.join('\n')}\n`));
    expect(answer.status).toBe(202);
    const ready = await eventually(async () => ((await report(answer.body.id))?.status === 'ready' ? true : undefined), 60_000, 'validation');
    expect(ready).toBe(true);
    return answer.body.id;
  }

  async function expectEveryAccountOnce(id: string, prefix: string): Promise<void> {
    const done = await eventually(
      async () => {
        const r = await report(id);
        if (r?.status === 'failed') throw new Error(`import failed: ${JSON.stringify(r.failure)}`);
        return r?.status === 'done' ? r : undefined;
      },
      150_000,
      'the import to finish',
    );
    expect(done.createdAccounts).toBe(ROWS);
    expect(await accounts(prefix)).toBe(ROWS);
    const { rows } = await sql<{ audits: number; commits: number; staged: number }>`
      SELECT (SELECT sum((after->>'created')::int)::int FROM audit_log WHERE action = 'import.commit' AND request_id = ${id}) AS audits,
             (SELECT count(*)::int FROM import_commits WHERE import_id = ${id}) AS commits,
             (SELECT count(*)::int FROM import_staging WHERE import_id = ${id}) AS staged`.execute(stack.identityDb);
    expect(rows[0]).toEqual({ audits: ROWS, commits: 1, staged: 0 });
    // Confirming again is refused and creates nothing more.
    expect((await stack.api.as(stack.token).post(`/api/v1/imports/${id}/confirm`)).status).toBe(409);
    expect(await accounts(prefix)).toBe(ROWS);
  }

  it('identity killed while it creates the accounts: none of them, then all of them once it is back', async () => {
    const id = await readyImport('crash-identity');
    expect((await stack.api.as(stack.token).post(`/api/v1/imports/${id}/confirm`)).status).toBe(202);
    await eventually(async () => ((await report(id))?.progress.phase === 'committing' ? true : undefined), 60_000, 'the commit to start');
    await stack.identity.stop('SIGKILL');
    // The commit is one transaction: killed, it left nothing (or, had it just ended, everything).
    const atKill = await accounts('crash-identity');
    expect([0, ROWS]).toContain(atKill);
    await stack.identity.start().ready();
    await expectEveryAccountOnce(id, 'crash-identity');
  }, 300_000);

  it('the importer killed while it stages rows in identity: the import resumes and creates every account once', async () => {
    const id = await readyImport('crash-importer');
    expect((await stack.api.as(stack.token).post(`/api/v1/imports/${id}/confirm`)).status).toBe(202);
    await eventually(async () => ((await report(id))?.progress.phase === 'staging' ? true : undefined), 60_000, 'staging to begin');
    await stack.importer.stop('SIGKILL');
    // Identity may finish what it was sent; never a part of the import.
    expect(await accounts('crash-importer')).toBe(0);
    await stack.importer.start().ready();
    await expectEveryAccountOnce(id, 'crash-importer');
  }, 300_000);

  it('identity killed while rows are being staged: the retried chunks replace themselves', async () => {
    const id = await readyImport('crash-staging');
    expect((await stack.api.as(stack.token).post(`/api/v1/imports/${id}/confirm`)).status).toBe(202);
    await eventually(async () => ((await report(id))?.progress.phase === 'staging' ? true : undefined), 60_000, 'staging to begin');
    await stack.identity.stop('SIGKILL');
    expect(await accounts('crash-staging')).toBe(0);
    await stack.identity.start().ready();
    await expectEveryAccountOnce(id, 'crash-staging');
  }, 300_000);
});
