// bench/provisioning: SCIM 2.0 and OneRoster 1.2 (issue 18) on the seeded académie, each figure beside
// the limit of the same work measured in the same run.
//   npm run bench:provisioning [-- --requests 300 --concurrency 1 --limit 10000 --push 3000]
//   (--push 0: without the push figure)
// Works on a copy of sesame_bench_1m (seeded first if missing: a few minutes), dropped at the end.
// Figures:
// - SCIM `GET /scim/v2/Users?filter=…` p95, by a machine client of one school and by one of the whole
//   académie (targets ≤ 20 ms and ≤ 300 ms), against the same page and count read by bare SQL;
// - the full OneRoster export, `users?limit=…&offset=…` page after page (target ≥ 20,000 users/s),
//   against a bare keyset read of the same rows in pages of the same size;
// - push throughput to a local SCIM target (a plain HTTP server answering as a SCIM service provider),
//   against bare POSTs of the same users to it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { load, machine, percentiles, report } from '../support/measure.mjs';
import { seededAcademy } from '../support/academy.mjs';
import { MANAGER, SEEDED_ACADEMY, adminQuery, call, databaseUrl, startServices } from '../support/stack.mjs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '1' },
    limit: { type: 'string', default: '10000' },
    push: { type: 'string', default: '3000' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const pageSize = Number(values.limit);
const sha256 = (value) => createHash('sha256').update(value).digest('hex');
const SCIM = '/scim/v2';
const ONEROSTER = '/ims/oneroster/rostering/v1p2';
const SESAME = 'urn:ietf:params:scim:schemas:extension:sesame:2.0:User';
const met = (ok, target) => `target ${target}: ${ok ? 'met' : 'NOT met'}`;

const members = await seededAcademy();
const copy = `sesame_bench_prov_${randomBytes(3).toString('hex')}`;
console.log(`# copying ${SEEDED_ACADEMY} to ${copy}…`);
await adminQuery(`CREATE DATABASE "${copy}" TEMPLATE sesame_bench_1m`);
const url = databaseUrl(copy);
const sql = (text, params) => adminQuery(text, url, params);

let stack;
let target;
let pushSchool;
try {
  // The largest school: the worst case of a school's queries.
  const [school] = await sql(`SELECT school_id AS id, count(*)::int AS members FROM account_schools GROUP BY school_id ORDER BY count(*) DESC LIMIT 1`);
  // The push is measured on a school of the size asked for (--push accounts, about).
  [pushSchool] = await sql(`SELECT school_id AS id, count(*)::int AS members FROM account_schools GROUP BY school_id ORDER BY abs(count(*) - $1) LIMIT 1`, [Number(values.push)]);
  // Family names and login prefixes that exist in it, and in the académie, to filter on.
  const names = (await sql(`SELECT DISTINCT a.last_name AS name FROM account_schools s JOIN accounts a ON a.id = s.account_id WHERE s.school_id = $1 AND a.last_name IS NOT NULL LIMIT 40`, [school.id])).map((r) => r.name);

  /** A machine client as the manager's registration stores it (the secret by its SHA-256). */
  async function machineClient(name, schoolIds) {
    const client = { id: randomUUID(), secret: randomBytes(32).toString('base64url') };
    await sql(
      `INSERT INTO oidc_clients (client_id, kind, name, secret_hash, scopes, allowed_school_ids, operations) VALUES ($1, 'machine', $2, $3, '{scim,oneroster}', $4, '{read,create,update,deactivate,delete}')`,
      [client.id, name, sha256(client.secret), schoolIds],
    );
    return client;
  }
  const inSchool = await machineClient('Logiciel d’un établissement', [school.id]);
  const academie = await machineClient('Annuaire académique', []);

  stack = await startServices(['identity', 'gateway'], { identity: { LIFECYCLE_INTERVAL_MS: String(86_400_000) } }, { databases: { identity: url } });

  async function tokenOf(client) {
    const response = await fetch(`${stack.url}/oidc/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'scim oneroster' }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`no token for ${client.id}: ${JSON.stringify(body)}`);
    return body.access_token;
  }
  const tokens = { school: await tokenOf(inSchool), academie: await tokenOf(academie) };

  // ---- SCIM: the filters an identity provider or a tool sends, by each client.
  const filters = [
    (i) => `name.familyName eq "${names[i % names.length]}"`,
    (i) => `userName sw "${names[i % names.length].toLowerCase().slice(0, 3)}"`,
    () => `active eq true and ${SESAME}:profile eq "student"`,
    () => `emails pr`,
  ];
  const scimGet = (token) => async (i) => {
    const filter = filters[i % filters.length](i);
    const response = await fetch(`${stack.url}${SCIM}/Users?${new URLSearchParams({ filter, count: '50' })}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.json();
    return response.ok && typeof body.totalResults === 'number';
  };
  // The limit: the same page (50 accounts and their memberships) and the exact count, by bare SQL.
  const bareFilters = [
    (i) => ['a.last_name = $2', [names[i % names.length]]],
    (i) => ['a.username LIKE $2', [`${names[i % names.length].toLowerCase().slice(0, 3)}%`]],
    () => [`a.deactivated_at IS NULL AND a.profile = 'student' AND $2::text IS NULL`, [null]],
    () => [`a.email IS NOT NULL AND $2::text IS NULL`, [null]],
  ];
  const bare = (schoolId) => async (i) => {
    const [where, params] = bareFilters[i % bareFilters.length](i);
    const scope = schoolId ? `EXISTS (SELECT 1 FROM account_schools s WHERE s.account_id = a.id AND s.school_id = $1)` : `$1::uuid IS NULL`;
    const base = `FROM accounts a WHERE a.role = 'member' AND a.pre_deleted_at IS NULL AND ${scope} AND ${where}`;
    await sql(
      `SELECT a.*, (SELECT array_agg(school_id) FROM account_schools s WHERE s.account_id = a.id) AS schools,
         (SELECT array_agg(class_id) FROM account_classes c WHERE c.account_id = a.id) AS classes
       ${base} ORDER BY a.id LIMIT 50`,
      [schoolId, ...params],
    );
    await sql(`SELECT count(*) ${base}`, [schoolId, ...params]);
    return true;
  };
  // Warm-up: the copy's cache is cold and the services' code not yet optimized.
  await load({ concurrency, total: 40, task: scimGet(tokens.school) });
  await load({ concurrency, total: 40, task: scimGet(tokens.academie) });
  const scimSchool = await load({ concurrency, total: requests, task: scimGet(tokens.school) });
  const bareSchool = await load({ concurrency, total: requests, task: bare(school.id) });
  const scimAcademie = await load({ concurrency, total: Math.max(40, requests / 3), task: scimGet(tokens.academie) });
  const bareAcademie = await load({ concurrency, total: Math.max(40, requests / 3), task: bare(null) });

  // ---- OneRoster: the whole académie's users, page after page.
  async function oneRosterExport() {
    let offset = 0;
    let users = 0;
    let pages = 0;
    const latencies = [];
    const started = performance.now();
    for (;;) {
      const t0 = performance.now();
      const response = await fetch(`${stack.url}${ONEROSTER}/users?limit=${pageSize}&offset=${offset}`, { headers: { authorization: `Bearer ${tokens.academie}` } });
      if (!response.ok) throw new Error(`OneRoster users page at ${offset}: ${response.status} ${(await response.text()).slice(0, 300)}`);
      const body = await response.json();
      latencies.push(performance.now() - t0);
      pages += 1;
      users += body.users.length;
      offset += body.users.length;
      if (body.users.length === 0 || offset >= Number(response.headers.get('x-total-count') ?? Infinity)) break;
    }
    const elapsed = (performance.now() - started) / 1000;
    return { users, pages, elapsed, rate: users / elapsed, ...percentiles(latencies) };
  }
  async function bareExport() {
    let last = '00000000-0000-0000-0000-000000000000';
    let users = 0;
    const started = performance.now();
    for (;;) {
      const rows = await sql(
        `SELECT a.id, a.username, a.first_name, a.last_name, a.email, a.external_id, a.profile, a.deactivated_at, a.pre_deleted_at, a.updated_at,
           (SELECT array_agg(school_id) FROM account_schools s WHERE s.account_id = a.id) AS schools,
           (SELECT array_agg(student_id) FROM relative_links r WHERE r.relative_id = a.id) AS children
         FROM accounts a WHERE a.role = 'member' AND a.id > $1 ORDER BY a.id LIMIT ${pageSize}`,
        [last],
      );
      if (rows.length === 0) break;
      users += rows.length;
      last = rows.at(-1).id;
    }
    const elapsed = (performance.now() - started) / 1000;
    return { users, elapsed, rate: users / elapsed };
  }
  const exported = await oneRosterExport();
  const bareRead = await bareExport();

  // ---- Push: a local SCIM target receives the users of a school.
  let pushed;
  if (Number(values.push) > 0) {
    target = await scimTarget();
    pushed = await pushThroughput(target);
  }

  const [pg] = await sql(`SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem,
    current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit`);
  console.log(`# bench/provisioning — ${machine()}`);
  console.log(`# PostgreSQL ${pg.version}: shared_buffers ${pg.shared_buffers}, work_mem ${pg.work_mem}, fsync ${pg.fsync}, synchronous_commit ${pg.synchronous_commit} (Debian defaults otherwise)`);
  console.log(`# ${members} members; the largest school has ${school.members}; ${concurrency} concurrent client(s); filters: ${filters.map((f) => f(0)).join(' | ')}`);
  report('scim.school.p50', scimSchool.p50, 'ms');
  report('scim.school.p95', scimSchool.p95, 'ms', `bare SQL p95 ${bareSchool.p95.toFixed(1)} ms, ratio ${(scimSchool.p95 / bareSchool.p95).toFixed(2)}; ${met(scimSchool.p95 <= 20, '≤ 20 ms')}; ${scimSchool.failures} failed`);
  report('scim.academie.p50', scimAcademie.p50, 'ms');
  report('scim.academie.p95', scimAcademie.p95, 'ms', `bare SQL p95 ${bareAcademie.p95.toFixed(1)} ms, ratio ${(scimAcademie.p95 / bareAcademie.p95).toFixed(2)}; ${met(scimAcademie.p95 <= 300, '≤ 300 ms')}; ${scimAcademie.failures} failed`);
  report('oneroster.export.rate', exported.rate, 'users/s', `${exported.users} users in ${exported.pages} pages of ${pageSize}, ${exported.elapsed.toFixed(1)} s, page p95 ${exported.p95.toFixed(0)} ms; ${met(exported.rate >= 20_000, '≥ 20,000 users/s')}`);
  report('oneroster.export.limit', bareRead.rate, 'users/s', `bare keyset read of the same rows, pages of ${pageSize}; ratio ${(exported.rate / bareRead.rate).toFixed(2)}`);
  if (pushed) report('scim.push.rate', pushed.rate, 'users/s', `${pushed.users} users of a school of ${pushSchool.members} created at a local target by a reconciliation`);
  if (pushed) report('scim.push.limit', pushed.limit, 'users/s', `bare POSTs of the same users to the same target, one at a time; ratio ${(pushed.rate / pushed.limit).toFixed(2)}`);
  if (scimSchool.failures || scimAcademie.failures || exported.users !== bareRead.users) {
    console.log(`# failures, or the export (${exported.users}) and the bare read (${bareRead.users}) disagree`);
    process.exitCode = 1;
  }
} finally {
  await target?.close();
  await stack?.stop();
  await adminQuery(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
}

/**
 * Push throughput: a target registered for the largest school is reconciled from empty (every
 * account of the school created there, one request each, as the live pushes do), timed until the
 * reconciliation ends; the limit is the same users POSTed straight to the same target, one at a time.
 */
async function pushThroughput(target) {
  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const registered = await call(stack.url, 'POST', '/api/v1/scim-targets', { name: 'Banc de mesure', url: target.url, token: 'a token for the bench target', schoolIds: [pushSchool.id] }, manager);
  if (registered.status !== 201) throw new Error(`target not registered: ${registered.status} ${JSON.stringify(registered.body)}`);
  const started = performance.now();
  const reconcile = await call(stack.url, 'POST', `/api/v1/scim-targets/${registered.body.id}/reconcile`, {}, manager);
  if (reconcile.status !== 202) throw new Error(`reconciliation refused: ${reconcile.status} ${JSON.stringify(reconcile.body)}`);
  let result;
  for (;;) {
    const view = (await call(stack.url, 'GET', `/api/v1/scim-targets/${registered.body.id}`, undefined, manager)).body;
    if (view.reconcile?.finishedAt) {
      if (view.reconcile.error) throw new Error(`reconciliation failed: ${view.reconcile.error}`);
      result = view.reconcile.result;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const users = [...target.users.values()];
  target.reset();
  const bareStarted = performance.now();
  for (const user of users) {
    const { id: _id, ...body } = user;
    const response = await fetch(`${target.url}/Users`, { method: 'POST', headers: { authorization: 'Bearer x', 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
  }
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  return { users: result.created, requests: target.received, rate: result.created / seconds, limit: users.length / bareSeconds };
}

/** A minimal SCIM service provider in memory: Users by id, filter `externalId eq "…"`, POST, PUT, PATCH. */
async function scimTarget() {
  const users = new Map();
  const byExternalId = new Map();
  let received = 0;
  const server = createServer(async (req, res) => {
    received += 1;
    let body = '';
    for await (const chunk of req) body += chunk;
    const answer = (status, payload) => {
      res.writeHead(status, { 'content-type': 'application/scim+json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const path = new URL(req.url, 'http://target');
    const id = path.pathname.match(/\/Users\/([^/]+)$/)?.[1];
    if (req.method === 'GET' && path.pathname.endsWith('/Users')) {
      const externalId = /externalId eq "([^"]+)"/.exec(path.searchParams.get('filter') ?? '')?.[1];
      const found = externalId ? [byExternalId.get(externalId)].filter(Boolean).map((key) => users.get(key)) : [...users.values()];
      return answer(200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: found.length, startIndex: 1, itemsPerPage: found.length, Resources: found });
    }
    if (req.method === 'POST' && path.pathname.endsWith('/Users')) {
      const user = { ...JSON.parse(body), id: randomBytes(8).toString('hex') };
      users.set(user.id, user);
      if (user.externalId) byExternalId.set(user.externalId, user.id);
      return answer(201, user);
    }
    if (id && users.has(id) && (req.method === 'PUT' || req.method === 'PATCH')) {
      const user = req.method === 'PUT' ? { ...JSON.parse(body), id } : users.get(id);
      users.set(id, user);
      return answer(200, user);
    }
    if (id && req.method === 'GET' && users.has(id)) return answer(200, users.get(id));
    if (id && req.method === 'DELETE') return (users.delete(id), answer(204));
    return answer(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Not found.' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/scim/v2`,
    users,
    get received() {
      return received;
    },
    reset() {
      users.clear();
      byExternalId.clear();
      received = 0;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
