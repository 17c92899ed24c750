import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { ImporterEvents, JOB_QUEUES } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { redisOptionsFromUrl } from '@sesame/redis';
import { TestIsolation, eventually } from '@sesame/testing';
import { Queue } from 'bullmq';
import { Kysely, sql } from 'kysely';
import { startGateway, loadGatewayConfig } from '@sesame/gateway/testing';
import type { Database as IdentityDatabase } from '@sesame/identity/testing';
import type { Database as ImporterDatabase } from '@sesame/importer/testing';
import { Api } from '../support/api';
import { EventTap } from '../support/events';
import { MANAGER } from '../support/stack';
import { upload } from './imports-support';
import { Replica, expectOneRunPerPeriod, freePort, startReplicas } from './replicas-support';

// Two importer processes and two identity processes (the built services, as Kubernetes runs them)
// on one database each, one AMQP namespace and one Redis prefix: an import survives the loss of the
// replica running it, imports are each done once, and the scheduled purges (and the janitor of
// stalled imports) run once per period
// (docs/operations.md, "Scale").

const ROWS = 5_000;
const PURGE_INTERVAL_MS = 1_000;

describe('two importer replicas (and two identity replicas)', () => {
  const isolation = new TestIsolation();
  const keys = generateSigningKeys();
  const importers: Replica[] = [];
  const identities: Replica[] = [];
  let gateway: INestApplication;
  let api: Api;
  let identityDb: Kysely<IdentityDatabase>;
  let importerDb: Kysely<ImporterDatabase>;
  let tap: EventTap;
  let token: string;

  beforeAll(async () => {
    const shared = {
      ...isolation.serviceEnv,
      OUTBOX_INTERVAL_MS: '100',
      // Cheap hashing keeps the test fast; bench/import measures the production cost.
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
    };
    const identityUrl = await isolation.database('identity');
    const importerUrl = await isolation.database('importer');
    const identityEnv = { ...shared, DATABASE_URL: identityUrl, JWT_PRIVATE_KEY: keys.privateKey, OIDC_SIGNING_KEYS: generateOidcSigningKey(), SESAME_MANAGER_USERNAME: MANAGER.username, SESAME_MANAGER_PASSWORD: MANAGER.password };
    const importerEnv = {
      ...shared,
      DATABASE_URL: importerUrl,
      // Small chunks: staging lasts long enough for a replica to be killed in the middle of it.
      IMPORT_CHUNK_ROWS: '20',
      IMPORT_HASH_THREADS: '1',
      IMPORT_PURGE_INTERVAL_MS: String(PURGE_INTERVAL_MS),
      IMPORT_STALLED_CHECK_INTERVAL_MS: String(PURGE_INTERVAL_MS),
      RPC_TIMEOUT_MS: '5000',
    };
    for (const name of ['a', 'b']) {
      identities.push(new Replica('identity', `identity-${name}`, await freePort(), identityEnv));
      importers.push(new Replica('importer', `importer-${name}`, await freePort(), importerEnv));
    }
    await startReplicas([...identities, ...importers]);
    // In Kubernetes the gateway reaches the importers through their Service; here, the first one.
    gateway = await startGateway(
      loadGatewayConfig({ ...shared, PORT: '0', LOG_LEVEL: 'error', JWT_PUBLIC_KEY: keys.publicKey, IMPORTER_URL: `http://127.0.0.1:${importers[0].port}`, RPC_TIMEOUT_MS: '5000' }),
    );
    api = new Api(`http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`);
    identityDb = createDatabase<IdentityDatabase>({ url: identityUrl, max: 2 });
    importerDb = createDatabase<ImporterDatabase>({ url: importerUrl, max: 2 });
    tap = await EventTap.listen(isolation.services.amqpUrl, isolation.namespace, 'importer.#');
    token = await api.login(MANAGER.username, MANAGER.password);
    expect((await api.as(token).post('/api/v1/schools', { uai: '0750001U', name: 'Collège Victor-Hugo' })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...importers, ...identities].map((r) => r.stop()));
    await gateway?.close();
    await tap?.close();
    await identityDb?.destroy();
    await importerDb?.destroy();
    await isolation.cleanup();
  });

  const record = (id: string) => importerDb.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const accounts = async (prefix: string) =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE username LIKE ${`${prefix}.%`}`.execute(identityDb)).rows[0].n;
  const doneBy = (id: string) => importers.flatMap((r) => r.logged('Import done').filter((l) => l.importId === id).map(() => r.name));

  /** Uploads `rows` members and waits for the report to be ready. */
  async function readyImport(prefix: string, rows: number): Promise<string> {
    const lines = ['userName,firstName,lastName,displayName,password,email,role,profile,school,classes,externalId'];
    for (let i = 0; i < rows; i++) lines.push(`${prefix}.${i},Élève,Numéro ${i},,,,,student,0750001U,6A,`);
    const answer = await upload(api, token, Buffer.from(`${lines.join('\n')}\n`));
    expect(answer.status).toBe(202);
    await eventually(async () => ((await record(answer.body.id)).status === 'ready' ? true : undefined), 30_000, `${prefix} validated`);
    return answer.body.id;
  }

  /** Every account once, one commit, nothing left staged, one completed event, done by one replica. */
  async function expectDoneOnce(id: string, prefix: string, rows: number): Promise<void> {
    await eventually(
      async () => {
        const r = await record(id);
        if (r.status === 'failed') throw new Error(`import failed: ${JSON.stringify(r.failure)}`);
        return r.status === 'done' ? true : undefined;
      },
      45_000,
      `${prefix} imported`,
    );
    expect((await record(id)).created_accounts).toBe(rows);
    expect(await accounts(prefix)).toBe(rows);
    const { rows: [counts] } = await sql<{ audits: number; commits: number; staged: number }>`
      SELECT (SELECT sum((after->>'created')::int)::int FROM audit_log WHERE action = 'import.commit' AND request_id = ${id}) AS audits,
             (SELECT count(*)::int FROM import_commits WHERE import_id = ${id}) AS commits,
             (SELECT count(*)::int FROM import_staging WHERE import_id = ${id}) AS staged`.execute(identityDb);
    expect(counts).toEqual({ audits: rows, commits: 1, staged: 0 });
    await tap.waitFor(ImporterEvents.importCompleted.type, (data) => data.importId === id);
    // A second publication by the other replica's relay would come within a pass or two.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(tap.of(ImporterEvents.importCompleted.type).filter((e) => (e.data as { importId: string }).importId === id)).toHaveLength(1);
    expect(doneBy(id)).toHaveLength(1);
  }

  it('finish an import when the replica running it is killed: every row once, never a part of them', async () => {
    const id = await readyImport('kill', ROWS);
    expect((await api.as(token).post(`/api/v1/imports/${id}/confirm`)).status).toBe(202);
    await eventually(async () => {
      const r = await record(id);
      return r.phase === 'staging' && r.progress_done > 0 ? true : undefined;
    }, 30_000, 'staging to begin');

    // Which replica runs it? Pause one: if staging stops, that one. (The database is read directly:
    // a paused replica would hold the gateway's RPC requests it was handed.)
    const [first, second] = importers;
    let victim: Replica;
    first.pause();
    try {
      // What the paused replica had already sent may still land; then nothing more from it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = (await record(id)).progress_done;
      await new Promise((resolve) => setTimeout(resolve, 700));
      const after = await record(id);
      expect([after.phase, after.status]).toEqual(['staging', 'importing']);
      victim = after.progress_done === before ? first : second;
    } finally {
      first.resume();
    }
    const survivor = victim === first ? second : first;
    await victim.stop('SIGKILL');
    const killedAt = Date.now();

    // Staged rows are invisible: no account exists until the one commit, whatever identity had
    // received when the replica died.
    expect(await accounts('kill')).toBe(0);
    // The survivor takes the job over once the dead replica's lock expires (about 20 s).
    await eventually(async () => ((await accounts('kill')) > 0 || (await record(id)).status === 'done' ? true : undefined), 45_000, 'the import to be taken over');
    const resumedAfter = Date.now() - killedAt;
    await expectDoneOnce(id, 'kill', ROWS);
    expect(doneBy(id)).toEqual([survivor.name]);
    process.stdout.write(`replicas-importer: ${victim.name} killed while staging; ${survivor.name} committed ${ROWS} rows ${(resumedAfter / 1000).toFixed(1)} s later\n`);

    // Back to two replicas, as the Deployment would do, for the next tests.
    victim.start();
    await victim.ready();
  }, 120_000);

  it('do two imports confirmed at once each once', async () => {
    const first = await readyImport('both-a', 500);
    const second = await readyImport('both-b', 500);
    const confirmed = await Promise.all([first, second].map((id) => api.as(token).post(`/api/v1/imports/${id}/confirm`)));
    expect(confirmed.map((c) => c.status)).toEqual([202, 202]);
    // Confirming again, at once or later, is refused and starts nothing.
    expect((await api.as(token).post(`/api/v1/imports/${first}/confirm`)).status).toBe(409);
    await expectDoneOnce(first, 'both-a', 500);
    await expectDoneOnce(second, 'both-b', 500);
  }, 90_000);

  it('run the retention purge and the janitor of stalled imports once per period on one replica, and identity’s staging purge once', async () => {
    const connection = { connection: redisOptionsFromUrl(isolation.services.redisUrl), prefix: `${isolation.redisPrefix}:bull` };
    // An import past the retention delay (7 days): its rows go, its line in the history stays.
    const old = await readyImport('old', 20);
    await sql`UPDATE imports SET created_at = now() - interval '8 days' WHERE id = ${old}`.execute(importerDb);

    const maintenance = new Queue(JOB_QUEUES.importerMaintenance.name, connection);
    try {
      expect(await maintenance.getWorkers()).toHaveLength(2);
      // One scheduler per maintenance job, however many replicas declared it (the feed files' purge included).
      const schedulers = (await maintenance.getJobSchedulers()).map((scheduler) => scheduler.name).sort();
      expect(schedulers).toEqual(Object.values(JOB_QUEUES.importerMaintenance.jobs).map((job) => job.name).sort());
      await Promise.all([
        expectOneRunPerPeriod(maintenance, JOB_QUEUES.importerMaintenance.jobs.purgeExpired.name, PURGE_INTERVAL_MS),
        expectOneRunPerPeriod(maintenance, JOB_QUEUES.importerMaintenance.jobs.failStalled.name, PURGE_INTERVAL_MS),
      ]);
    } finally {
      await maintenance.close();
    }
    const expired = await record(old);
    expect(expired.expired_at).not.toBeNull();
    expect(await importerDb.selectFrom('import_rows').select('line').where('import_id', '=', old).execute()).toEqual([]);
    const purged = importers.flatMap((r) => r.logged('Purged import rows past retention')).reduce((n, l) => n + Number(l.expired), 0);
    expect(purged).toBe(1);

    // Identity's purge of rows staged by imports that never committed: hourly, so its next run is
    // brought forward. Both identity replicas declared the same schedule: one schedule, one run.
    await sql`
      INSERT INTO import_staging (import_id, line, actor_id, username, role, activation_code, staged_at)
      SELECT '00000000-0000-4000-8000-000000000001', n, '00000000-0000-4000-8000-000000000002', 'stale.' || n, 'member', 'x', now() - interval '3 days'
      FROM generate_series(1, 40) AS n`.execute(identityDb);
    const staging = new Queue(JOB_QUEUES.identityImports.name, connection);
    try {
      expect(await staging.getWorkers()).toHaveLength(2);
      expect(await staging.getJobSchedulers()).toHaveLength(1);
      const next = await staging.getJobs(['delayed']);
      expect(next).toHaveLength(1);
      const ranBefore = (await staging.getJobs(['completed'])).length;
      await next[0].promote();
      const ran = await eventually(async () => {
        const completed = await staging.getJobs(['completed']);
        return completed.length > ranBefore ? completed : undefined;
      }, 10_000, 'the staging purge');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await staging.getJobs(['completed'])).toHaveLength(ranBefore + 1);
      expect(ran.find((j) => j.id === next[0].id)?.returnvalue).toEqual({ deleted: 40 });
      expect(await staging.getJobs(['delayed'])).toHaveLength(1);
    } finally {
      await staging.close();
    }
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_staging`.execute(identityDb)).rows[0].n).toBe(0);
  }, 60_000);
});
