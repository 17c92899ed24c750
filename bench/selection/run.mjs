// bench/selection: the selection of SPEC §4 through the gateway on a seeded académie.
//   npm run bench:selection [-- --database postgres://…/sesame_bench_1m] [--requests 300]
// Without --database, seeds one first (300 schools, 1,000,000 members: a few minutes) and keeps
// it as sesame_bench_1m for the next runs.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summarizeProfile, writeProfileWindow } from '../support/cpu-profile.mjs';
import { cpuSeconds, machine, percentiles, report } from '../support/measure.mjs';
import { describeSchoolQuery, schoolAdmins, selectionLoad } from '../support/selection-load.mjs';
import { seededAcademy } from '../support/academy.mjs';
import { MANAGER, SEEDED_ACADEMY, adminQuery, call, startServices } from '../support/stack.mjs';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
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
let window;
const stack = await startServices(['identity', 'gateway'], {}, { databases: { identity: databaseUrl } });
try {
  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const admins = await schoolAdmins(stack, schools);
  // What the services spend with nothing asked of them (relays, schedulers), to read the figures per request against.
  const idleFrom = { gateway: cpuSeconds(stack.pids.gateway), identity: cpuSeconds(stack.pids.identity) };
  await new Promise((r) => setTimeout(r, 5000));
  const idle = Object.fromEntries(Object.entries(idleFrom).map(([name, s]) => [name, ((cpuSeconds(stack.pids[name]) - s) * 1000) / 5]));
  const loadFrom = Date.now();
  const { school, academy, byQuery, failures } = await selectionLoad(stack, admins, manager, { concurrency: Number(values.concurrency), requests: Number(values.requests) });

  console.log(`# bench/selection — ${machine()}; PostgreSQL shared_buffers ${sharedBuffers}; ${members} members in ${schools.length} schools; ${values.concurrency} concurrent clients`);
  window = { from: loadFrom, to: Date.now() };
  report('selection.school.p50', school.p50, 'ms');
  report('selection.school.p95', school.p95, 'ms', 'target ≤ 20 ms');
  report('selection.school.rate', school.rate, 'requests/s');
  for (const [name, ms] of Object.entries(school.cpuMs)) report(`selection.school.cpu.${name}`, ms, 'ms/request', name === 'gateway' ? 'target: gateway + identity < 2 ms' : '');
  byQuery.forEach((times, q) => console.log(`#   school query ${q + 1}: p50 ${percentiles(times).p50.toFixed(1)} ms, p95 ${percentiles(times).p95.toFixed(1)} ms — ${describeSchoolQuery(q)}`));
  report('selection.academy.p50', academy.p50, 'ms');
  report('selection.academy.p95', academy.p95, 'ms', 'target ≤ 300 ms');
  report('selection.academy.rate', academy.rate, 'requests/s');
  for (const [name, ms] of Object.entries(idle)) report(`selection.idle.cpu.${name}`, ms, 'ms/s', 'CPU with no request: included in the figures per request above');
  for (const [name, ms] of Object.entries(academy.cpuMs)) report(`selection.academy.cpu.${name}`, ms, 'ms/request');
  if (failures) {
    console.log(`# ${failures} requests failed`);
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
  if (window) window.exitedAt = Date.now();
}
if (values.profile) {
  // Each process wrote its profile on stopping: where its CPU went while the load ran.
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
