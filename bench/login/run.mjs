// bench/login: logins per second and latency through the gateway, production argon2id parameters,
// against the limit of the same run: bare argon2id verifications of the same password hash (read
// from identity's database) with @node-rs/argon2 as identity verifies, in this process, at the same
// concurrency for the same duration.
//   npm run bench:login [-- --users 40 --concurrency 16 --seconds 20]
import { parseArgs } from 'node:util';
import { MANAGER, adminQuery, call, startServices } from '../support/stack.mjs';
import { load, machine, report } from '../support/measure.mjs';
import { bareArgon2, ratio } from '../support/bare.mjs';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
  },
});
const PASSWORD = 'a benchmark password';
const ARGON2 = { memoryKiB: 19_456, iterations: 2, parallelism: 1 };

const stack = await startServices(['identity', 'gateway'], {
  identity: { ARGON2_MEMORY_KIB: String(ARGON2.memoryKiB), ARGON2_ITERATIONS: String(ARGON2.iterations) },
});
try {
  const manager = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const school = (await call(stack.url, 'POST', '/api/v1/schools', { uai: '0750001U', name: 'Collège' }, manager)).body;
  const usernames = [];
  for (let i = 0; i < Number(values.users); i++) {
    const created = await call(
      stack.url,
      'POST',
      '/api/v1/users',
      { role: 'member', profile: 'teacher', username: `prof.${i}`, firstName: 'Prof', lastName: `N${i}`, password: PASSWORD, schoolIds: [school.id] },
      manager,
    );
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    usernames.push(created.body.username);
  }
  // Warm-up: first logins also activate the accounts.
  await load({ concurrency: 4, total: usernames.length, task: async (i) => (await call(stack.url, 'POST', '/api/v1/auth/login', { username: usernames[i], password: PASSWORD })).status === 200 });

  const result = await load({
    concurrency: Number(values.concurrency),
    seconds: Number(values.seconds),
    task: async (i) => (await call(stack.url, 'POST', '/api/v1/auth/login', { username: usernames[i % usernames.length], password: PASSWORD })).status === 200,
  });
  // The limit: the same account's hash verified bare, same concurrency, same duration.
  const [{ password_hash: passwordHash }] = await adminQuery('SELECT password_hash FROM accounts WHERE username = $1', stack.databaseUrl('identity'), [usernames[0]]);
  if (!passwordHash.startsWith(`$argon2id$v=19$m=${ARGON2.memoryKiB},t=${ARGON2.iterations},p=${ARGON2.parallelism}$`)) throw new Error(`unexpected hash ${passwordHash.slice(0, 40)}…`);
  const limit = await bareArgon2({ work: 'verify', password: PASSWORD, passwordHash, concurrency: Number(values.concurrency), seconds: Number(values.seconds) });
  console.log(`# bench/login — ${machine()}`);
  console.log(`# argon2id m=${ARGON2.memoryKiB} KiB, t=${ARGON2.iterations}, p=${ARGON2.parallelism}; ${values.concurrency} concurrent clients, ${values.seconds} s`);
  report('login.rate', result.rate, 'logins/s', `${result.count} logins, ${result.failures} failed`);
  report('login.p50', result.p50, 'ms');
  report('login.p95', result.p95, 'ms');
  report('login.p99', result.p99, 'ms');
  report('login.limit', limit.rate, 'verifications/s', `bare argon2id verifications of the same hash in this process, ${limit.count} in ${limit.elapsed.toFixed(1)} s, p50 ${limit.p50.toFixed(0)} ms, ${limit.failures} failed`);
  report('login.ratio', ratio(result.rate, limit.rate), '×', 'logins/s over verifications/s');
  if (result.failures || limit.failures) process.exitCode = 1;
} finally {
  await stack.stop();
}
