// bench/selection: the selection of SPEC §4 through the gateway on a seeded académie.
//   npm run bench:selection [-- --database postgres://…/sesame_bench_1m] [--requests 300]
// Without --database, seeds one first (300 schools, 1,000,000 members: a few minutes) and keeps
// it as sesame_bench_1m for the next runs.
import { parseArgs } from 'node:util';
import { machine, percentiles, report } from '../support/measure.mjs';
import { describeSchoolQuery, schoolAdmins, selectionLoad } from '../support/selection-load.mjs';
import { seededAcademy } from '../support/academy.mjs';
import { MANAGER, SEEDED_ACADEMY, adminQuery, call, startServices } from '../support/stack.mjs';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
  },
});
const databaseUrl = values.database ?? SEEDED_ACADEMY;

const members = await seededAcademy(databaseUrl);

const schools = await adminQuery(
  `SELECT s.uai, s.id, array_agg(c.id ORDER BY c.name) AS classes FROM schools s JOIN classes c ON c.school_id = s.id GROUP BY s.uai, s.id ORDER BY s.uai`,
  databaseUrl,
);
// The figures depend on PostgreSQL's cache: say which one they were measured with.
const [{ shared_buffers: sharedBuffers }] = await adminQuery('SHOW shared_buffers', databaseUrl);
const stack = await startServices(['identity', 'gateway'], {}, { databases: { identity: databaseUrl } });
try {
  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const admins = await schoolAdmins(stack, schools);
  const { school, academy, byQuery, failures } = await selectionLoad(stack, admins, manager, { concurrency: Number(values.concurrency), requests: Number(values.requests) });

  console.log(`# bench/selection — ${machine()}; PostgreSQL shared_buffers ${sharedBuffers}; ${members} members in ${schools.length} schools; ${values.concurrency} concurrent clients`);
  report('selection.school.p50', school.p50, 'ms');
  report('selection.school.p95', school.p95, 'ms', 'target ≤ 20 ms');
  report('selection.school.rate', school.rate, 'requests/s');
  byQuery.forEach((times, q) => console.log(`#   school query ${q + 1}: p50 ${percentiles(times).p50.toFixed(1)} ms, p95 ${percentiles(times).p95.toFixed(1)} ms — ${describeSchoolQuery(q)}`));
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
