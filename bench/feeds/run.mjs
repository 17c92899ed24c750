// bench/feeds: an académie's AAF delivery through the gateway (issue 15), the services built and
// started as separate processes.
//   npm run bench:feeds [-- --people 1000000 --schools 300]
// Year 1 is applied on an empty directory (1,000,000 new accounts); year 2 is the same académie a
// year later (10 % of students and staff gone, as many new, about 5 % moved) and is diffed against
// year 1's state, then applied. Figures: the diff's time (upload to `ready`) and each process's peak
// memory; the apply's rate beside a bare COPY of the same rows (directory, audit, events) into tables
// with the same indexes, constraints and triggers, measured in the same run on the same server, and their ratio.
import { openAsBlob, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { machine, report } from '../support/measure.mjs';
import { MANAGER, adminQuery, call, deployedNodeOptions, root, startServices } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const { writeSyntheticDelivery } = require(join(root, 'libs/feeds/dist/tools/synthetic-delivery.js'));
const { readDelivery } = require(join(root, 'libs/feeds/dist/index.js'));

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000000' }, schools: { type: 'string', default: '300' } } });
const PEOPLE = Number(values.people);
const SCHOOLS = Number(values.schools);

/** A line of /proc/<pid>/status in MiB (VmHWM: the peak resident memory so far). */
function statusMiB(pid, field) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    return 0;
  }
}

/** The largest private memory of any PostgreSQL backend while `phase` runs (RssAnon: without the shared buffers). */
function samplePostgres() {
  const peaks = { value: 0 };
  const timer = setInterval(() => {
    let pids = [];
    try {
      pids = execSync('pgrep -f "postgres: "', { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return;
    }
    for (const pid of pids) peaks.value = Math.max(peaks.value, statusMiB(pid, 'RssAnon'));
  }, 200);
  return { peaks, stop: () => clearInterval(timer) };
}

/** Waits until identity's relay has published every event (a million of them after year 1): the next figures are not to share the cores with it. */
async function outboxDrained(databaseUrl) {
  const started = performance.now();
  while (Number((await adminQuery('SELECT count(*) AS n FROM outbox', databaseUrl))[0].n) > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  return (performance.now() - started) / 1000;
}

async function upload(url, token, files) {
  const form = new FormData();
  form.append('kind', 'aaf');
  for (const file of files) form.append('files', await openAsBlob(file, { type: 'application/xml' }), basename(file));
  const response = await fetch(`${url}/api/v1/feeds`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await response.json();
  if (response.status !== 202) throw new Error(`upload → ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

async function until(url, token, id, statuses) {
  for (;;) {
    const { status, body } = await call(url, 'GET', `/api/v1/feeds/${id}`, undefined, token);
    if (status !== 200) throw new Error(`feed → ${status} ${JSON.stringify(body)}`);
    if (body.status === 'failed') throw new Error(`feed failed: ${JSON.stringify(body.error)}`);
    if (statuses.includes(body.status)) return { feed: body, at: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Confirms, giving a reason for every held school; returns the time the feed was seen applied. */
async function apply(url, token, feed) {
  const held = feed.schools.filter((s) => s.held).map((s) => ({ uai: s.uai, reason: 'Benchmark: the synthetic year loses these accounts on purpose.' }));
  const started = performance.now();
  const confirm = await call(url, 'POST', `/api/v1/feeds/${feed.id}/confirm`, { held }, token);
  if (confirm.status !== 202) throw new Error(`confirm → ${confirm.status} ${JSON.stringify(confirm.body)}`);
  const { at } = await until(url, token, feed.id, ['applied']);
  return (at - started) / 1000;
}

/**
 * The limit: every row year 1's apply wrote (accounts, memberships, classes, relative links, its
 * audit rows and its events' outbox rows), copied out, then COPY'd back into empty tables of a
 * `bench` schema with the same columns, indexes, constraints, foreign keys and triggers (their
 * functions find the `bench` tables first, as the apply's find the real ones). The outbox's rows
 * are gone once published: they are rebuilt from the accounts as the apply builds them.
 * Also returns the part of the directory's rows alone (the figure before: without the audit and
 * the events).
 */
async function bareCopy(databaseUrl, feedId) {
  const pg = require('pg');
  const tables = ['accounts', 'account_schools', 'account_classes', 'relative_links', 'audit_log', 'outbox'];
  const directory = new Set(['accounts', 'account_schools', 'account_classes', 'relative_links']);
  const sources = {
    audit_log: (columns) => `SELECT ${columns} FROM audit_log WHERE after->>'feedId' = '${feedId}'`,
    outbox: () => `SELECT gen_random_uuid(), nextval('outbox_seq_seq'), 'identity.user.created',
               jsonb_build_object('id', gen_random_uuid(), 'type', 'identity.user.created', 'version', 1, 'occurredAt', now()::text,
                 'data', jsonb_build_object('userId', a.id, 'username', a.username, 'role', a.role, 'profile', a.profile, 'actorId', a.created_by,
                   'schoolIds', coalesce((SELECT jsonb_agg(m.school_id ORDER BY m.school_id) FROM account_schools m WHERE m.account_id = a.id), '[]'::jsonb))),
               now()
             FROM accounts a WHERE a.external_id IS NOT NULL`,
  };
  const dir = mkdtempSync(join(tmpdir(), 'feeds-copy-'));
  execSync(`chmod 777 ${dir}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result = { seconds: 0, rows: 0, directorySeconds: 0, directoryRows: 0 };
  try {
    await client.query('DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench');
    const columns = {};
    for (const table of tables) {
      // Only the stored columns: COPY FROM refuses values for generated ones (PostgreSQL computes
      // them, as it does for the apply).
      const { rows: stored } = await client.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      columns[table] = stored.map((c) => `"${c.column_name}"`).join(', ');
      const source = sources[table]?.(columns[table]) ?? `SELECT ${columns[table]} FROM public.${table}`;
      await client.query(`COPY (${source}) TO '${join(dir, `${table}.copy`)}'`);
      await client.query(`CREATE TABLE bench.${table} (LIKE public.${table} INCLUDING ALL)`);
    }
    // The account tallies the accounts' statement trigger keeps, empty as the directory's were.
    await client.query('CREATE TABLE bench.account_tallies (LIKE public.account_tallies INCLUDING ALL)');
    await client.query('SET search_path = bench, public');
    for (const table of tables) {
      const { rows: keys } = await client.query(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'public.${table}'::regclass AND contype = 'f'`,
      );
      for (const { def } of keys) await client.query(`ALTER TABLE bench.${table} ADD ${def}`);
      const { rows: triggers } = await client.query(
        `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = 'public.${table}'::regclass AND NOT tgisinternal`,
      );
      for (const { def } of triggers) await client.query(def.replace(` ON public.${table} `, ` ON bench.${table} `));
    }
    for (const table of tables) {
      const started = performance.now();
      const { rowCount } = await client.query(`COPY bench.${table} (${columns[table]}) FROM '${join(dir, `${table}.copy`)}'`);
      const seconds = (performance.now() - started) / 1000;
      result.seconds += seconds;
      result.rows += rowCount;
      if (directory.has(table)) {
        result.directorySeconds += seconds;
        result.directoryRows += rowCount;
      }
    }
  } finally {
    await client.query('DROP SCHEMA IF EXISTS bench CASCADE');
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

const work = mkdtempSync(join(tmpdir(), 'bench-feeds-'));
const started = performance.now();
const year1 = await writeSyntheticDelivery({ people: PEOPLE, schools: SCHOOLS, out: join(work, 'year1'), year: 1 });
const year2 = await writeSyntheticDelivery({ people: PEOPLE, schools: SCHOOLS, out: join(work, 'year2'), year: 2 });
const generated = (performance.now() - started) / 1000;

// Each process with the heap limit its Deployment gives it: the memory figures are those it runs with.
const SERVICES = ['identity', 'importer', 'gateway'];
const stack = await startServices(SERVICES, Object.fromEntries(SERVICES.map((name) => [name, { NODE_OPTIONS: deployedNodeOptions(name) }])));
try {
  const token = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const settings = await adminQuery(
    "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers','work_mem','maintenance_work_mem','max_wal_size','synchronous_commit','fsync','wal_level','checkpoint_timeout') ORDER BY name",
  );
  console.log(`# bench/feeds — ${machine()}; ${PEOPLE} people in ${SCHOOLS} schools; deliveries generated in ${generated.toFixed(1)} s`);
  console.log(`# PostgreSQL settings: ${settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')}`);
  console.log(`# NODE_OPTIONS as deployed (deploy/k8s/base): ${SERVICES.map((name) => `${name} ${deployedNodeOptions(name)}`).join(', ')}`);

  // Year 1 on an empty directory: every person is new.
  const pg1 = samplePostgres();
  const t1 = performance.now();
  const first = await upload(stack.url, token, year1.files);
  const ready1 = await until(stack.url, token, first, ['ready']);
  const diff1 = (ready1.at - t1) / 1000;
  const apply1 = await apply(stack.url, token, ready1.feed);
  pg1.stop();
  const persons1 = ready1.feed.records;
  report('feeds.year1.diff', diff1, 's', `upload to ready, ${persons1} persons all new`);
  report('feeds.year1.apply', apply1, 's', 'confirm to applied: every account created');
  report('feeds.year1.apply.rate', persons1 / apply1, 'persons/s');

  const drained = await outboxDrained(stack.databaseUrl('identity'));
  report('feeds.year1.events.drained', drained, 's', `after the apply, until the relay had published its ${persons1} events (not part of the apply)`);
  const copy = await bareCopy(stack.databaseUrl('identity'), first);
  report('feeds.limit.copy.rate', persons1 / copy.seconds, 'persons/s', `bare COPY of the same ${copy.rows} rows (directory, audit, events) into tables with the same indexes, constraints and triggers, in ${copy.seconds.toFixed(1)} s`);
  report('feeds.year1.apply.ratio', (copy.seconds / apply1).toFixed(2), '× COPY', 'target ≥ 0.8');
  report('feeds.limit.copy.directory.rate', persons1 / copy.directorySeconds, 'persons/s', `the directory's ${copy.directoryRows} rows alone, in ${copy.directorySeconds.toFixed(1)} s (without the audit and the events the apply also writes)`);
  report('feeds.year1.apply.ratio.directory', (copy.directorySeconds / apply1).toFixed(2), '× COPY', "against the directory's rows alone");

  // Year 2 against year 1's state: the figure of the issue.
  const peaksBefore = Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, statusMiB(pid, 'VmHWM')]));
  const pg2 = samplePostgres();
  const t2 = performance.now();
  await outboxDrained(stack.databaseUrl('identity'));
  const second = await upload(stack.url, token, year2.files);
  const ready2 = await until(stack.url, token, second, ['ready']);
  const diff2 = (ready2.at - t2) / 1000;
  pg2.stop();
  const totals = ready2.feed.totals;
  report('feeds.year2.diff', diff2, 's', `upload to ready, ${ready2.feed.records} persons against ${persons1}; target ≤ 120`);
  // The limit of its first part: the same delivery read and checked by the same readers, alone, in this process.
  const readStarted = performance.now();
  let read = 0;
  for await (const record of readDelivery(year2.files)) if (record.kind === 'person') read += 1;
  const bareRead = (performance.now() - readStarted) / 1000;
  report('feeds.limit.read', bareRead, 's', `a bare read of the same delivery (${read} persons parsed and checked, nothing sent): ${(bareRead / diff2).toFixed(2)} of the diff`);
  console.log(`# year 2 changes: ${Object.entries(totals).map(([category, n]) => `${category} ${n}`).join(', ')}; held schools ${ready2.feed.schools.filter((s) => s.held).length}`);
  for (const [name, pid] of Object.entries(stack.pids)) {
    report(`feeds.${name}.peak_rss`, statusMiB(pid, 'VmHWM'), 'MiB', `VmHWM (after year 1: ${peaksBefore[name].toFixed(0)}); target < 500`);
  }
  report('feeds.postgres.backend_peak_private', Math.max(pg1.peaks.value, pg2.peaks.value), 'MiB', 'largest RssAnon of a PostgreSQL backend, shared buffers excluded');
  const apply2 = await apply(stack.url, token, ready2.feed);
  const changed = Object.values(totals).reduce((sum, n) => sum + n, 0);
  report('feeds.year2.apply', apply2, 's', `${changed} changes`);
  report('feeds.year2.apply.rate', changed / apply2, 'changes/s');

  // The same snapshot again: nothing to change.
  const again = await upload(stack.url, token, year2.files);
  const ready3 = await until(stack.url, token, again, ['ready']);
  const none = Object.values(ready3.feed.totals).reduce((sum, n) => sum + n, 0);
  report('feeds.year2.again.changes', none, 'changes', 'the same snapshot twice: must be 0');
  if (none !== 0) process.exitCode = 1;
} finally {
  await stack.stop();
  rmSync(work, { recursive: true, force: true });
}
