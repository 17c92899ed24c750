import { cpuSeconds, load } from './measure.mjs';
import { call } from './stack.mjs';

// The selection's load on a seeded académie (bench/selection), also run beside other work to see
// whether that work lengthens it (bench/lifecycle).

const DEMO_PASSWORD = 'démonstration sesame';
const pick = (list, i) => list[(i * 7919) % list.length];

// What an administrator does at the start of the year: several filters, the count, the first page.
const SCHOOL_QUERIES = [
  (s) => `profile=student,relative&activation=not_activated&sort=name`,
  (s) => `profile=student&classId=${pick(s.classes, 1)}&sort=name`,
  (s) => `classId=${pick(s.classes, 2)},${pick(s.classes, 3)}&email=with&sort=class`,
  (s) => `schoolId=${s.id}&profile=relative&activation=not_activated&email=without`,
  (s) => `profile=teacher&sort=name`,
  (s) => `q=mar&sort=name`,
];

const ACADEMY_QUERIES = [
  `profile=student&activation=not_activated&sort=name`,
  `profile=relative&email=without&sort=name`,
  `activation=activated&sort=profile`,
  `adminsOnly=true&sort=name`,
  `q=dupont&sort=name`,
  `profile=teacher,personnel&createdFrom=2025-01-01&sort=name`,
];

/** The same selections as identity receives them (ListUsers), for their bare SQL (bare-sql.mjs). */
const EXCLUDED = { preDeleted: 'exclude', deactivated: 'exclude' };
export const ACADEMY_LISTS = [
  { filter: { ...EXCLUDED, profiles: ['student'], activation: 'not_activated' }, sort: 'name' },
  { filter: { ...EXCLUDED, profiles: ['relative'], email: 'without' }, sort: 'name' },
  { filter: { ...EXCLUDED, activation: 'activated' }, sort: 'profile' },
  { filter: { ...EXCLUDED, adminsOnly: true }, sort: 'name' },
  { filter: { ...EXCLUDED, q: 'dupont' }, sort: 'name' },
  { filter: { ...EXCLUDED, profiles: ['teacher', 'personnel'], createdFrom: '2025-01-01' }, sort: 'name' },
].map((list) => ({ ...list, page: 1, pageSize: 50 }));

export const describeAcademyQuery = (q) => ACADEMY_QUERIES[q];

/** The same school selections as identity receives them (ListUsers), for their bare SQL (bare-sql.mjs). */
export const SCHOOL_LISTS = [
  (s) => ({ profiles: ['student', 'relative'], activation: 'not_activated' }),
  (s) => ({ profiles: ['student'], classIds: [pick(s.classes, 1)] }),
  (s) => ({ classIds: [pick(s.classes, 2), pick(s.classes, 3)], email: 'with', sort: 'class' }),
  (s) => ({ schoolId: s.id, profiles: ['relative'], activation: 'not_activated', email: 'without' }),
  (s) => ({ profiles: ['teacher'] }),
  (s) => ({ q: 'mar' }),
].map((filterOf) => (s) => {
  const { sort = 'name', ...filter } = filterOf(s);
  return { filter: { preDeleted: 'exclude', deactivated: 'exclude', ...filter }, sort, page: 1, pageSize: 50 };
});

export const describeSchoolQuery = (q) => SCHOOL_QUERIES[q]({ id: '<school>', classes: ['<class>'] }).replace(/<class>(,<class>)?/g, '<class>');

/** The seeded administrators of the first 40 schools (`schools`: uai, id, classes), signed in. */
export async function schoolAdmins(stack, schools) {
  const admins = [];
  for (const school of schools.slice(0, 40)) {
    const login = await call(stack.url, 'POST', '/api/v1/auth/login', { username: `direction.${school.uai.toLowerCase()}`, password: DEMO_PASSWORD });
    if (login.status !== 200) throw new Error(`admin login: ${JSON.stringify(login.body)}`);
    admins.push({ token: login.body.accessToken, school });
  }
  return admins;
}

/** How many académie-wide selections follow `requests` school ones. */
export const academyRequests = (requests) => Math.max(60, Math.round(requests / 3));

/**
 * `requests` selections by the administrators of their schools, then a third as many by the
 * manager over the whole académie, `concurrency` at a time. Returns both loads' figures, each
 * school query's latencies, and how many failed.
 */
export async function selectionLoad(stack, admins, manager, { concurrency, requests }) {
  let failures = 0;
  const byQuery = SCHOOL_QUERIES.map(() => []);
  // CPU milliseconds per request of each service's process, over each load.
  const cpuBefore = () => Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const cpuPerRequest = (before, count) => Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, ((cpuSeconds(pid) - before[name]) * 1000) / count]));
  let cpu = cpuBefore();
  const school = await load({
    concurrency,
    total: requests,
    task: async (i) => {
      const admin = admins[i % admins.length];
      const answer = await call(stack.url, 'GET', `/api/v1/users?${SCHOOL_QUERIES[i % SCHOOL_QUERIES.length](admin.school)}&pageSize=50`, undefined, admin.token);
      byQuery[i % SCHOOL_QUERIES.length].push(answer.ms);
      if (answer.status !== 200 || typeof answer.body.total !== 'number') failures++;
      return answer.status === 200;
    },
  });
  school.cpuMs = cpuPerRequest(cpu, school.count);
  cpu = cpuBefore();
  const academyByQuery = ACADEMY_QUERIES.map(() => []);
  const academy = await load({
    concurrency,
    total: academyRequests(requests),
    task: async (i) => {
      const answer = await call(stack.url, 'GET', `/api/v1/users?${ACADEMY_QUERIES[i % ACADEMY_QUERIES.length]}&pageSize=50`, undefined, manager);
      academyByQuery[i % ACADEMY_QUERIES.length].push(answer.ms);
      if (answer.status !== 200) failures++;
      return answer.status === 200;
    },
  });
  academy.cpuMs = cpuPerRequest(cpu, academy.count);
  return { school, academy, byQuery, academyByQuery, failures };
}
