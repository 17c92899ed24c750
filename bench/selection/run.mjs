// bench/selection: the selection of SPEC §4 and the activation report (SPEC §10) through the
// gateway on a seeded académie.
//   npm run bench:selection [-- --database postgres://…/sesame_bench_1m] [--requests 300] [--reports 20]
// Without --database, seeds one first (300 schools, 1,000,000 members: a few minutes) and keeps
// it as sesame_bench_1m for the next runs. Each figure is printed beside its limit measured in the
// same run: identity's own SQL statements for the same requests sent straight to PostgreSQL
// (bare-sql.mjs).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { barePool, bareStatements } from '../support/bare-sql.mjs';
import { summarizeProfile, writeProfileWindow } from '../support/cpu-profile.mjs';
import { cpuSeconds, load, machine, percentiles, report } from '../support/measure.mjs';
import { ACADEMY_LISTS, SCHOOL_LISTS, academyRequests, describeAcademyQuery, describeSchoolQuery, schoolAdmins, selectionLoad } from '../support/selection-load.mjs';
import { seededAcademy } from '../support/academy.mjs';
import { MANAGER, SEEDED_ACADEMY, adminQuery, call, startServices } from '../support/stack.mjs';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    reports: { type: 'string', default: '20' },
    // A folder: the gateway and identity write V8 CPU profiles there (flame graphs), summarized here.
    profile: { type: 'string' },
  },
});
if (values.profile) process.env.SESAME_BENCH_PROFILE = resolve(values.profile);
const databaseUrl = values.database ?? SEEDED_ACADEMY;

const members = await seededAcademy(databaseUrl);

const schools = await adminQuery(
  `SELECT s.uai, s.id, array_agg(c.id ORDER BY c.name) AS classes FROM schools s JOIN classes c ON c.school_id = s.id GROUP BY s.uai, s.id ORDER BY s.uai`,
  databaseUrl,
);
// The figures depend on PostgreSQL's cache: say which one they were measured with.
const [{ shared_buffers: sharedBuffers }] = await adminQuery('SHOW shared_buffers', databaseUrl);
const [{ work_mem: workMem }] = await adminQuery('SHOW work_mem', databaseUrl);
const concurrency = Number(values.concurrency);
const requests = Number(values.requests);
let window;
const stack = await startServices(['identity', 'gateway'], {}, { databases: { identity: databaseUrl } });
try {
  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const admins = await schoolAdmins(stack, schools);
  // Warm-up: PostgreSQL's cache and the services' code.
  await selectionLoad(stack, admins, manager, { concurrency, requests: 30 });
  // What the services spend with nothing asked of them (relays, schedulers), to read the figures per request against.
  const idleFrom = { gateway: cpuSeconds(stack.pids.gateway), identity: cpuSeconds(stack.pids.identity) };
  await new Promise((r) => setTimeout(r, 5000));
  const idle = Object.fromEntries(Object.entries(idleFrom).map(([name, s]) => [name, ((cpuSeconds(stack.pids[name]) - s) * 1000) / 5]));
  const loadFrom = Date.now();
  const { school, academy, byQuery, academyByQuery, failures } = await selectionLoad(stack, admins, manager, { concurrency, requests });
  window = { from: loadFrom, to: Date.now() };

  // The limits: the statements identity sends for the same selections, straight to PostgreSQL. In a
  // school: each administrator's queries in the same rotation as the load (40 schools × 6 queries).
  const adminIds = new Map((await adminQuery(`SELECT id, username FROM accounts WHERE role = 'administrator'`, databaseUrl)).map((a) => [a.username, a.id]));
  const schoolStatements = [];
  for (let i = 0; i < admins.length * SCHOOL_LISTS.length && i < requests; i++) {
    const { school: s } = admins[i % admins.length];
    const actor = { id: adminIds.get(`direction.${s.uai.toLowerCase()}`), username: `direction.${s.uai.toLowerCase()}`, role: 'administrator', schoolIds: [s.id] };
    schoolStatements.push(await bareStatements(databaseUrl, (selection) => selection.select(actor, SCHOOL_LISTS[i % SCHOOL_LISTS.length](s))));
  }
  const [{ id: managerId }] = await adminQuery(`SELECT id FROM accounts WHERE role = 'manager'`, databaseUrl);
  const managerActor = { id: managerId, username: MANAGER.username, role: 'manager', schoolIds: [] };
  const academyStatements = [];
  for (const list of ACADEMY_LISTS) academyStatements.push(await bareStatements(databaseUrl, (selection) => selection.select(managerActor, list)));
  const bare = barePool(databaseUrl, 2 * concurrency);
  const bareSchool = await load({ concurrency, total: requests, task: async (i) => (await bare.run(schoolStatements[i % schoolStatements.length]), true) });
  const bareAcademyByQuery = ACADEMY_LISTS.map(() => []);
  const bareAcademy = await load({
    concurrency,
    total: academyRequests(requests),
    task: async (i) => {
      const t0 = performance.now();
      await bare.run(academyStatements[i % academyStatements.length]);
      bareAcademyByQuery[i % academyStatements.length].push(performance.now() - t0);
      return true;
    },
  });

  // The manager's activation report of the whole académie, one at a time, and its bare SQL.
  let reportFailures = 0;
  const activationReport = async () => {
    const answer = await call(stack.url, 'GET', '/api/v1/reports/activation', undefined, manager);
    if (answer.status !== 200 || answer.body.schools?.length !== schools.length) reportFailures++;
    return answer.status === 200;
  };
  await load({ concurrency: 1, total: 2, task: activationReport });
  const reportFigures = await load({ concurrency: 1, total: Number(values.reports), task: activationReport });
  const schoolIds = schools.map((s) => s.id);
  const reportSchools = await bareStatements(databaseUrl, (_, reports) => reports.schools(null));
  const reportCounts = await bareStatements(databaseUrl, (_, reports) => Promise.all([reports.countsByProfile(schoolIds), reports.countsByClass(schoolIds)]));
  const bareReport = await load({
    concurrency: 1,
    total: Number(values.reports),
    task: async () => {
      await bare.run(reportSchools);
      await bare.run(reportCounts);
      return true;
    },
  });
  await bare.end();

  const within = (value, limit) => (value <= limit ? 'met' : '**not met**');
  console.log(`# bench/selection — ${machine()}; PostgreSQL shared_buffers ${sharedBuffers}, work_mem ${workMem}; ${members} members in ${schools.length} schools; ${concurrency} concurrent clients`);
  report('selection.school.p50', school.p50, 'ms', `bare SQL p50 ${bareSchool.p50.toFixed(1)} ms`);
  report('selection.school.p95', school.p95, 'ms', `bare SQL p95 ${bareSchool.p95.toFixed(1)} ms, ratio ${(school.p95 / bareSchool.p95).toFixed(2)}; target ≤ 20 ms: ${within(school.p95, 20)}`);
  report('selection.school.rate', school.rate, 'requests/s', `bare SQL ${bareSchool.rate.toFixed(1)} requests/s`);
  for (const [name, ms] of Object.entries(school.cpuMs)) report(`selection.school.cpu.${name}`, ms, 'ms/request', name === 'identity' ? 'target: gateway + identity < 2 ms' : '');
  byQuery.forEach((times, q) => console.log(`#   school query ${q + 1}: p50 ${percentiles(times).p50.toFixed(1)} ms, p95 ${percentiles(times).p95.toFixed(1)} ms — ${describeSchoolQuery(q)}`));
  report('selection.academy.p50', academy.p50, 'ms', `bare SQL p50 ${bareAcademy.p50.toFixed(1)} ms`);
  report('selection.academy.p95', academy.p95, 'ms', `bare SQL p95 ${bareAcademy.p95.toFixed(1)} ms, ratio ${(academy.p95 / bareAcademy.p95).toFixed(2)}; target ≤ 300 ms: ${within(academy.p95, 300)}`);
  report('selection.academy.rate', academy.rate, 'requests/s', `bare SQL ${bareAcademy.rate.toFixed(1)} requests/s`);
  for (const [name, ms] of Object.entries(academy.cpuMs)) report(`selection.academy.cpu.${name}`, ms, 'ms/request');
  for (const [name, ms] of Object.entries(idle)) report(`selection.idle.cpu.${name}`, ms, 'ms/s', 'CPU with no request: included in the figures per request above');
  academyByQuery.forEach((times, q) =>
    console.log(
      `#   académie query ${q + 1}: p50 ${percentiles(times).p50.toFixed(1)} ms, p95 ${percentiles(times).p95.toFixed(1)} ms; bare SQL p50 ${percentiles(bareAcademyByQuery[q]).p50.toFixed(1)} ms, p95 ${percentiles(bareAcademyByQuery[q]).p95.toFixed(1)} ms — ${describeAcademyQuery(q)}`,
    ),
  );
  report('selection.activation_report.p50', reportFigures.p50, 'ms', `bare SQL p50 ${bareReport.p50.toFixed(1)} ms`);
  report(
    'selection.activation_report.p95',
    reportFigures.p95,
    'ms',
    `whole académie, ${schools.length} schools, by profile and class; bare SQL p95 ${bareReport.p95.toFixed(1)} ms, ratio ${(reportFigures.p95 / bareReport.p95).toFixed(2)}; target ≤ 1 s: ${within(reportFigures.p95, 1000)}`,
  );
  if (failures || reportFailures) {
    console.log(`# ${failures + reportFailures} requests failed`);
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
  if (window) window.exitedAt = Date.now();
}
if (values.profile) {
  // Each process wrote its profile on stopping: where its CPU went while the selections ran.
  for (const name of ['gateway', 'identity']) {
    const folder = join(process.env.SESAME_BENCH_PROFILE, name);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.cpuprofile'))) {
      const { functions, packages, totalMs } = summarizeProfile(join(folder, file), { window });
      if (window) writeProfileWindow(join(folder, file), window, join(process.env.SESAME_BENCH_PROFILE, `${name}.load.cpuprofile`));
      console.log(`# ${name} under load (${join(folder, file)}): ${totalMs.toFixed(0)} ms of CPU`);
      console.log(`#   by package: ${packages.map((p) => `${p.name} ${(p.share * 100).toFixed(1)}%`).join(', ')}`);
      for (const f of functions) console.log(`#   ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
    }
  }
}
