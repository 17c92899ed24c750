// bench/selection: the selection of SPEC §4 through the gateway on a seeded académie.
//   npm run bench:selection [-- --database postgres://…/sesame_bench_1m] [--requests 300]
// Without --database, seeds one first (300 schools, 1,000,000 members: a few minutes) and keeps
// it as sesame_bench_1m for the next runs.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { load, machine, percentiles, report } from '../support/measure.mjs';
import { BENCH_CODE_KEYS, MANAGER, SEEDED_ACADEMY, adminQuery, call, root, startServices } from '../support/stack.mjs';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
  },
});
const DEMO_PASSWORD = 'démonstration sesame';
const databaseUrl = values.database ?? SEEDED_ACADEMY;

/** Members of the académie at `url`; 0 when it does not exist yet. */
const membersIn = async (url) => (await adminQuery(`SELECT count(*)::int AS n FROM accounts WHERE role = 'member'`, url).catch(() => [{ n: 0 }]))[0].n;

let members = await membersIn(databaseUrl);
if (members < 900_000) {
  console.log(`# seeding ${databaseUrl} (300 schools, 1,000,000 members)…`);
  const seeded = spawnSync(process.execPath, [`${root}/services/identity/dist/tools/seed.js`, '--schools', '300', '--members', '1000000'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ...BENCH_CODE_KEYS },
    stdio: 'inherit',
  });
  if (seeded.status !== 0) process.exit(1);
  members = await membersIn(databaseUrl);
}

const schools = await adminQuery(
  `SELECT s.uai, s.id, array_agg(c.id ORDER BY c.name) AS classes FROM schools s JOIN classes c ON c.school_id = s.id GROUP BY s.uai, s.id ORDER BY s.uai`,
  databaseUrl,
);
// The figures depend on PostgreSQL's cache: say which one they were measured with.
const [{ shared_buffers: sharedBuffers }] = await adminQuery('SHOW shared_buffers', databaseUrl);
const stack = await startServices(['identity', 'gateway'], {}, { databases: { identity: databaseUrl } });
try {
  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const admins = [];
  for (const school of schools.slice(0, 40)) {
    const login = await call(stack.url, 'POST', '/api/v1/auth/login', { username: `direction.${school.uai.toLowerCase()}`, password: DEMO_PASSWORD });
    if (login.status !== 200) throw new Error(`admin login: ${JSON.stringify(login.body)}`);
    admins.push({ token: login.body.accessToken, school });
  }
  const pick = (list, i) => list[(i * 7919) % list.length];

  // What an administrator does at the start of the year: several filters, the count, the first page.
  const schoolQueries = [
    (s) => `profile=student,relative&activation=not_activated&sort=name`,
    (s) => `profile=student&classId=${pick(s.classes, 1)}&sort=name`,
    (s) => `classId=${pick(s.classes, 2)},${pick(s.classes, 3)}&email=with&sort=class`,
    (s) => `schoolId=${s.id}&profile=relative&activation=not_activated&email=without`,
    (s) => `profile=teacher&sort=name`,
    (s) => `q=mar&sort=name`,
  ];
  let failures = 0;
  const byQuery = schoolQueries.map(() => []);
  const school = await load({
    concurrency: Number(values.concurrency),
    total: Number(values.requests),
    task: async (i) => {
      const admin = admins[i % admins.length];
      const answer = await call(stack.url, 'GET', `/api/v1/users?${schoolQueries[i % schoolQueries.length](admin.school)}&pageSize=50`, undefined, admin.token);
      byQuery[i % schoolQueries.length].push(answer.ms);
      if (answer.status !== 200 || typeof answer.body.total !== 'number') failures++;
      return answer.status === 200;
    },
  });

  const academyQueries = [
    () => `profile=student&activation=not_activated&sort=name`,
    () => `profile=relative&email=without&sort=name`,
    () => `activation=activated&sort=profile`,
    () => `adminsOnly=true&sort=name`,
    () => `q=dupont&sort=name`,
    () => `profile=teacher,personnel&createdFrom=2025-01-01&sort=name`,
  ];
  const academy = await load({
    concurrency: Number(values.concurrency),
    total: Math.max(60, Math.round(Number(values.requests) / 3)),
    task: async (i) => {
      const answer = await call(stack.url, 'GET', `/api/v1/users?${academyQueries[i % academyQueries.length]()}&pageSize=50`, undefined, manager);
      if (answer.status !== 200) failures++;
      return answer.status === 200;
    },
  });

  console.log(`# bench/selection — ${machine()}; PostgreSQL shared_buffers ${sharedBuffers}; ${members} members in ${schools.length} schools; ${values.concurrency} concurrent clients`);
  report('selection.school.p50', school.p50, 'ms');
  report('selection.school.p95', school.p95, 'ms', 'target ≤ 20 ms');
  report('selection.school.rate', school.rate, 'requests/s');
  byQuery.forEach((times, q) => console.log(`#   school query ${q + 1}: p50 ${percentiles(times).p50.toFixed(1)} ms, p95 ${percentiles(times).p95.toFixed(1)} ms — ${schoolQueries[q]({ id: '<school>', classes: ['<class>'] }).replace(/<class>(,<class>)?/g, '<class>')}`));
  report('selection.academy.p50', academy.p50, 'ms');
  report('selection.academy.p95', academy.p95, 'ms', 'target ≤ 300 ms');
  report('selection.academy.rate', academy.rate, 'requests/s');
  if (failures) {
    console.log(`# ${failures} requests failed`);
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
}
