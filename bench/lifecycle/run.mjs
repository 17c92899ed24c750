// bench/lifecycle: the daily run of the leavers' calendar (issue 16) on the seeded académie, with
// 50,000 accounts due, while administrators select, against the limit of the same work.
//   npm run bench:lifecycle [-- --due 50000 --requests 300 --concurrency 4]
// Works on a copy of sesame_bench_1m (seeded first if missing: a few minutes), dropped at the end.
// Figures: the run through identity's own job (notices queued, deactivations, pre-deletions, with
// their audit rows and events); the limit, the bare UPDATEs of the same rows in the same database
// (rolled back), under the same selections; the selection's p95 quiet, during the limit, during the
// run and after it (bench/selection's load).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { machine, report } from '../support/measure.mjs';
import { seededAcademy } from '../support/academy.mjs';
import { schoolAdmins, selectionLoad } from '../support/selection-load.mjs';
import { MANAGER, REDIS, SEEDED_ACADEMY, adminQuery, call, databaseUrl, root, startServices } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const { Queue } = require(`${root}/node_modules/bullmq`);
const { JOB_QUEUES, bullPrefix } = require(`${root}/libs/contracts/dist`);
const { redisOptionsFromUrl } = require(`${root}/libs/redis/dist`);

const { values } = parseArgs({
  options: {
    due: { type: 'string', default: '50000' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
  },
});
const due = Number(values.due);
const load = { concurrency: Number(values.concurrency), requests: Number(values.requests) };
const DAY = 86_400_000;
const { name: QUEUE, jobs } = JOB_QUEUES.identityMaintenance;

const members = await seededAcademy();
const copy = `sesame_bench_lifecycle_${randomBytes(3).toString('hex')}`;
console.log(`# copying ${SEEDED_ACADEMY} to ${copy}…`);
await adminQuery(`CREATE DATABASE "${copy}" TEMPLATE sesame_bench_1m`);
const url = databaseUrl(copy);
const sql = (text, params) => adminQuery(text, url, params);

/** Seconds `work` takes. */
async function timed(work) {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

/** Runs `advance-lifecycle` on identity's maintenance queue and waits for its result (the job's return value). */
async function runLifecycle(queue) {
  const job = await queue.add(jobs.advanceLifecycle.name, {});
  for (;;) {
    const state = await job.getState();
    if (state === 'completed') return (await queue.getJob(job.id)).returnvalue;
    if (state === 'failed') throw new Error(`advance-lifecycle failed: ${(await queue.getJob(job.id)).failedReason}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until no lifecycle job is waiting or active (the scheduler runs one as soon as identity starts). */
async function settled(queue) {
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
    if (counts.waiting + counts.active + counts.prioritized === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let stack;
let queue;
try {
  stack = await startServices(['identity', 'gateway'], { identity: { LIFECYCLE_INTERVAL_MS: String(DAY) } }, { databases: { identity: url } });
  queue = new Queue(QUEUE, { connection: redisOptionsFromUrl(REDIS), prefix: bullPrefix(`sesame-bench:${stack.namespace}`) });
  await settled(queue);

  // The leavers: a fifth due a notice (their deactivation in 3 days, an address on file), two fifths
  // due deactivation (they left 16 days ago), two fifths due pre-deletion (deactivated, left 46 days
  // ago) — with the default policy (15, 30, 30 days; notices 7 days ahead).
  const notices = Math.round(due / 5);
  const deactivations = Math.round((2 * due) / 5);
  const preDeletions = due - notices - deactivations;
  await sql(`
    WITH picked AS (
      SELECT id, row_number() OVER () AS n FROM (SELECT id FROM accounts WHERE role = 'member' AND profile IS NOT NULL AND left_at IS NULL ORDER BY md5(id::text) LIMIT ${due}) x)
    UPDATE accounts a SET
      left_at = now() - CASE WHEN p.n <= ${notices} THEN interval '12 days' WHEN p.n <= ${notices + deactivations} THEN interval '16 days' ELSE interval '46 days' END,
      deactivated_at = CASE WHEN p.n > ${notices + deactivations} THEN now() - interval '31 days' END,
      email = CASE WHEN p.n <= ${notices} THEN coalesce(a.email, a.username || '@example.org') ELSE a.email END
    FROM picked p WHERE a.id = p.id`);
  await sql('ANALYZE accounts');

  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const schools = await sql(`SELECT s.uai, s.id, array_agg(c.id ORDER BY c.name) AS classes FROM schools s JOIN classes c ON c.school_id = s.id GROUP BY s.uai, s.id ORDER BY s.uai`);
  const admins = await schoolAdmins(stack, schools);
  await selectionLoad(stack, admins, manager, load); // warm-up: the copy's cache is cold
  const quiet = await selectionLoad(stack, admins, manager, load);

  // The limit: the same rows' bare changes, in one transaction rolled back (same indexes and
  // triggers), under the same selections as the run.
  const [limit, duringLimit] = await Promise.all([timed(() =>
    sql(`
      BEGIN;
      UPDATE accounts SET deactivated_at = now(), session_version = session_version + 1, updated_at = now()
        WHERE left_at IS NOT NULL AND deactivated_at IS NULL AND left_at <= now() - interval '15 days';
      UPDATE accounts SET pre_deleted_at = now(), delete_after = left_at + interval '75 days', updated_at = now()
        WHERE left_at IS NOT NULL AND pre_deleted_at IS NULL AND left_at <= now() - interval '45 days';
      INSERT INTO lifecycle_notices (account_id, kind, due_on)
        SELECT id, 'deactivation', left_at + interval '15 days' FROM accounts
        WHERE left_at IS NOT NULL AND deactivated_at IS NULL AND email IS NOT NULL AND left_at > now() - interval '15 days';
      ROLLBACK;`),
  ), selectionLoad(stack, admins, manager, load)]);

  // The run, through identity's job, while the administrators select.
  const [run, during] = await Promise.all([timed(() => runLifecycle(queue)), selectionLoad(stack, admins, manager, load)]);
  const moved = run.result;
  const after = await selectionLoad(stack, admins, manager, load);
  const [{ n: outbox }] = await sql(`SELECT count(*)::int AS n FROM outbox`).catch(() => [{ n: 'n/a' }]);
  const [{ shared_buffers: sharedBuffers }] = await sql('SHOW shared_buffers');

  console.log(`# bench/lifecycle — ${machine()}; PostgreSQL shared_buffers ${sharedBuffers} (Debian defaults otherwise); ${members} members; ${due} due`);
  console.log(`# the run: ${moved.noticed} notices queued, ${moved.deactivated} deactivated, ${moved.preDeleted} pre-deleted (expected ${notices}, ${deactivations}, ${preDeletions}); outbox rows left: ${outbox}`);
  report('lifecycle.run.duration', run.seconds, 's', 'target ≤ 60 s');
  report('lifecycle.run.rate', due / run.seconds, 'accounts/s');
  report('lifecycle.limit.duration', limit.seconds, 's', 'bare UPDATEs of the same rows, rolled back, under the same selections');
  report('lifecycle.run.ratio', limit.seconds / run.seconds, '× the limit');
  report('selection.school.p95.quiet', quiet.school.p95, 'ms');
  report('selection.school.p95.during', during.school.p95, 'ms', `ratio ${(during.school.p95 / quiet.school.p95).toFixed(2)}`);
  report('selection.school.p95.during-limit', duringLimit.school.p95, 'ms', `ratio ${(duringLimit.school.p95 / quiet.school.p95).toFixed(2)}: the bare UPDATEs alone`);
  report('selection.school.p95.after', after.school.p95, 'ms', `ratio ${(after.school.p95 / quiet.school.p95).toFixed(2)}`);
  report('selection.academy.p95.quiet', quiet.academy.p95, 'ms');
  report('selection.academy.p95.during', during.academy.p95, 'ms', `ratio ${(during.academy.p95 / quiet.academy.p95).toFixed(2)}`);
  report('selection.academy.p95.during-limit', duringLimit.academy.p95, 'ms', `ratio ${(duringLimit.academy.p95 / quiet.academy.p95).toFixed(2)}: the bare UPDATEs alone`);
  report('selection.academy.p95.after', after.academy.p95, 'ms', `ratio ${(after.academy.p95 / quiet.academy.p95).toFixed(2)}`);
  if (moved.noticed !== notices || moved.deactivated !== deactivations || moved.preDeleted !== preDeletions || quiet.failures || during.failures || duringLimit.failures || after.failures) {
    console.log('# the run did not move what was due, or selections failed');
    process.exitCode = 1;
  }
} finally {
  await queue?.close();
  await stack?.stop();
  await adminQuery(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
}
