// bench/oidc: the OpenID Connect provider (issue 17) on the seeded académie, against the limit of
// the same run: one argon2id password check, which bounds sign-in (target: each within 2 × its cost).
//   npm run bench:oidc [-- --codes 2000 --round 500 --requests 3000 --concurrency 8 --seconds 5]
// Works on a copy of sesame_bench_1m (seeded first if missing: a few minutes), dropped at the end.
// A real student of the académie (schools, classes) is given a known password and signs in once on
// the provider's page, through the gateway, at a confidential client registered in oidc_clients.
// Figures: token issuance, the exchange of authorization codes at /oidc/token (client_secret_basic,
// PKCE), its codes obtained beforehand by the session and its grant (no page, no password), in
// rounds because a code lives 60 s; the userinfo endpoint with one access token; the limit, bare
// argon2id verifications of the student's own hash with identity's parameters, one at a time and
// with the same concurrency.
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { load, machine, percentiles, report } from '../support/measure.mjs';
import { seededAcademy } from '../support/academy.mjs';
import { SEEDED_ACADEMY, adminQuery, databaseUrl, root, startServices } from '../support/stack.mjs';
import { UserAgent } from './user-agent.mjs';

const require = createRequire(import.meta.url);
const { hash, verify } = require(`${root}/node_modules/@node-rs/argon2`);
const { Issuer, generators } = require(`${root}/node_modules/openid-client`);

const { values } = parseArgs({
  options: {
    codes: { type: 'string', default: '2000' },
    round: { type: 'string', default: '500' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '5' },
  },
});
const codes = Number(values.codes);
const round = Number(values.round);
const concurrency = Number(values.concurrency);
const PASSWORD = 'a benchmark password for the provider';
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const CALLBACK = 'http://127.0.0.1:9/callback';
const SCOPES = ['openid', 'profile', 'email', 'sesame'];
const DAY = 86_400_000;
const sha256 = (value) => createHash('sha256').update(value).digest('hex');
const target = (ratio) => (ratio <= 2 ? 'target ≤ 2: met' : 'target ≤ 2: NOT met');

const members = await seededAcademy();
const copy = `sesame_bench_oidc_${randomBytes(3).toString('hex')}`;
console.log(`# copying ${SEEDED_ACADEMY} to ${copy}…`);
await adminQuery(`CREATE DATABASE "${copy}" TEMPLATE sesame_bench_1m`);
const url = databaseUrl(copy);
const sql = (text, params) => adminQuery(text, url, params);

let stack;
try {
  // A student still at school, with its schools and classes (the claims of scope `sesame`), given a
  // known password hashed as identity hashes it, and activated.
  const [student] = await sql(`
    SELECT a.id, a.username,
      (SELECT count(*)::int FROM account_schools s WHERE s.account_id = a.id) AS schools,
      (SELECT count(*)::int FROM account_classes c WHERE c.account_id = a.id) AS classes
    FROM accounts a
    WHERE a.role = 'member' AND a.profile = 'student' AND a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL AND a.left_at IS NULL
      AND EXISTS (SELECT 1 FROM account_classes c WHERE c.account_id = a.id)
    ORDER BY a.id LIMIT 1`);
  const passwordHash = await hash(PASSWORD.normalize('NFC'), ARGON2);
  await sql(
    `UPDATE accounts SET password_hash = $2, activated_at = coalesce(activated_at, now()), activation_code = NULL, activation_code_expires_at = NULL WHERE id = $1`,
    [student.id, passwordHash],
  );
  // A confidential client, as the manager's registration stores it (the secret by its SHA-256).
  const client = { id: `bench-${randomBytes(4).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
  await sql(`INSERT INTO oidc_clients (client_id, kind, name, secret_hash, redirect_uris, scopes) VALUES ($1, 'confidential', 'Outil de mesure', $2, $3, $4)`, [
    client.id,
    sha256(client.secret),
    [CALLBACK],
    SCOPES,
  ]);

  stack = await startServices(
    ['identity', 'gateway'],
    { identity: { ARGON2_MEMORY_KIB: String(ARGON2.memoryCost), ARGON2_ITERATIONS: String(ARGON2.timeCost), LIFECYCLE_INTERVAL_MS: String(DAY) } },
    { databases: { identity: url } },
  );
  const issuer = await Issuer.discover(`${stack.url}/oidc`);
  const rp = new issuer.Client({ client_id: client.id, client_secret: client.secret, redirect_uris: [CALLBACK], response_types: ['code'] });
  const authorizationUrl = (verifier, extra = {}) =>
    rp.authorizationUrl({ scope: SCOPES.join(' '), code_challenge: generators.codeChallenge(verifier), code_challenge_method: 'S256', ...extra });

  // The one sign-in on the provider's page (one argon2id check), checked by openid-client.
  const agent = new UserAgent(CALLBACK);
  const verifier = generators.codeVerifier();
  const state = generators.state();
  const nonce = generators.nonce();
  const signIn = await agent.submit(await agent.open(authorizationUrl(verifier, { state, nonce })), '/login', { username: student.username, password: PASSWORD });
  if (signIn.status !== 0) throw new Error(`sign-in refused (${signIn.status}): ${signIn.text.slice(0, 300)}`);
  const tokens = await rp.callback(CALLBACK, rp.callbackParams(signIn.url), { code_verifier: verifier, state, nonce });
  const info = await rp.userinfo(tokens.access_token);
  if (info.sub !== student.id || info.sesame_schools?.length !== student.schools || info.sesame_classes?.length !== student.classes) {
    throw new Error(`userinfo does not describe the student: ${JSON.stringify(info)}`);
  }

  /** An authorization code without a page: the session and its grant answer the request at once (303 to the callback). */
  async function authorize() {
    const codeVerifier = generators.codeVerifier();
    const page = await agent.open(authorizationUrl(codeVerifier, { state: generators.state() }));
    const code = page.status === 0 && page.hops === 1 ? new URL(page.url).searchParams.get('code') : null;
    if (!code) throw new Error(`no code without a page (${page.status}, ${page.hops} hops): ${page.url} ${page.text.slice(0, 300)}`);
    return { code, codeVerifier };
  }

  const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;
  /** One code exchanged at the token endpoint, as a confidential client does: ID, access and refresh tokens. */
  async function exchange({ code, codeVerifier }) {
    const response = await fetch(issuer.metadata.token_endpoint, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: codeVerifier }),
    });
    const body = await response.json();
    return response.ok && Boolean(body.id_token && body.access_token && body.refresh_token);
  }

  /** `total` codes, obtained and exchanged round by round; each phase timed on its own. */
  async function issuance(total) {
    const timings = { authorize: { latencies: [], elapsed: 0 }, exchange: { latencies: [], elapsed: 0, failures: 0 } };
    const timed = (latencies, work) => async (i) => {
      const started = performance.now();
      const ok = await work(i);
      latencies.push(performance.now() - started);
      return ok;
    };
    for (let done = 0; done < total; done += round) {
      const batch = [];
      const authorized = await load({ concurrency, total: Math.min(round, total - done), task: timed(timings.authorize.latencies, async () => batch.push(await authorize())) });
      const exchanged = await load({ concurrency, total: batch.length, task: timed(timings.exchange.latencies, (i) => exchange(batch[i])) });
      timings.authorize.elapsed += authorized.elapsed;
      timings.exchange.elapsed += exchanged.elapsed;
      timings.exchange.failures += exchanged.failures;
    }
    const figures = ({ latencies, elapsed, failures = 0 }) => ({ count: latencies.length, failures, rate: latencies.length / elapsed, ...percentiles(latencies) });
    return { authorize: figures(timings.authorize), exchange: figures(timings.exchange) };
  }

  const userinfo = (total) =>
    load({
      concurrency,
      total,
      task: async () => {
        const response = await fetch(issuer.metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
        await response.arrayBuffer();
        return response.ok;
      },
    });

  // The limit: argon2id verifications of the student's own hash with identity's parameters, on
  // libuv's pool as identity runs them, one at a time and with the work's concurrency.
  const check = () => verify(passwordHash, PASSWORD.normalize('NFC'));
  await load({ concurrency, total: 2 * concurrency, task: check });
  const single = await load({ concurrency: 1, seconds: Number(values.seconds), task: check });
  const parallel = await load({ concurrency, seconds: Number(values.seconds), task: check });
  const checkMs = (1000 * single.elapsed) / single.count;

  // Warm-up: the copy's cache is cold and the services' code not yet optimized.
  await issuance(Math.min(round, 200));
  await userinfo(300);
  const issued = await issuance(codes);
  const answers = await userinfo(Number(values.requests));

  const [pg] = await sql(`SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('autovacuum') AS autovacuum,
    current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit, current_setting('max_connections') AS max_connections`);
  console.log(`# bench/oidc — ${machine()}`);
  console.log(
    `# PostgreSQL ${pg.version}: shared_buffers ${pg.shared_buffers}, autovacuum ${pg.autovacuum}, fsync ${pg.fsync}, synchronous_commit ${pg.synchronous_commit}, max_connections ${pg.max_connections} (Debian defaults otherwise)`,
  );
  console.log(
    `# ${members} members; student ${student.username} (${student.schools} school(s), ${student.classes} class(es)); argon2id m=${ARGON2.memoryCost} KiB, t=${ARGON2.timeCost}, p=${ARGON2.parallelism}; ${concurrency} concurrent clients`,
  );
  const { authorize: codesOf, exchange: exchanges } = issued;
  // Latencies under load are compared with the check's under the same load (same concurrency, same
  // cores); the cost of one request with the machine time of one check (the rates at that concurrency).
  const underLoad = (p95) => `ratio ${(p95 / parallel.p95).toFixed(2)} × the check's p95 at ${concurrency} concurrent, ${(p95 / checkMs).toFixed(2)} × one check alone`;
  report('argon2.check', checkMs, 'ms', `one at a time: ${single.rate.toFixed(1)} checks/s`);
  report('argon2.rate', parallel.rate, 'checks/s', `${concurrency} concurrent: ${(1000 / parallel.rate).toFixed(1)} ms of the machine per check, p50 ${parallel.p50.toFixed(0)} ms, p95 ${parallel.p95.toFixed(0)} ms`);
  report('oidc.authorize.rate', codesOf.rate, 'codes/s', `session and grant, no page; ${codesOf.count} codes, p95 ${codesOf.p95.toFixed(0)} ms`);
  report('oidc.exchange.rate', exchanges.rate, 'exchanges/s', `${exchanges.count} codes exchanged, ${exchanges.failures} failed`);
  report('oidc.exchange.p50', exchanges.p50, 'ms');
  report('oidc.exchange.p95', exchanges.p95, 'ms', underLoad(exchanges.p95));
  const exchangeRatio = parallel.rate / exchanges.rate;
  report('oidc.exchange.ratio', exchangeRatio.toFixed(2), '× an argon2id check', `${(1000 / exchanges.rate).toFixed(1)} ms of the machine per exchange; ${target(exchangeRatio)}`);
  report('oidc.userinfo.rate', answers.rate, 'requests/s', `${answers.count} requests, ${answers.failures} failed; ${(1000 / answers.rate).toFixed(1)} ms of the machine per request`);
  report('oidc.userinfo.p50', answers.p50, 'ms');
  report('oidc.userinfo.p95', answers.p95, 'ms', underLoad(answers.p95));
  // Cost against cost, as for the exchange: the machine's time per request against per check.
  const userinfoRatio = parallel.rate / answers.rate;
  report('oidc.userinfo.ratio', userinfoRatio.toFixed(2), '× an argon2id check', `${(1000 / answers.rate).toFixed(1)} ms of the machine per request; ${target(userinfoRatio)}`);
  if (exchanges.failures || answers.failures) {
    console.log('# exchanges or userinfo requests failed');
    process.exitCode = 1;
  }
} finally {
  await stack?.stop();
  await adminQuery(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
}
