// bench/login: logins per second and latency through the gateway, production argon2id parameters.
//   npm run bench:login [-- --users 40 --concurrency 16 --seconds 20]
import { parseArgs } from 'node:util';
import { MANAGER, call, startServices } from '../support/stack.mjs';
import { load, machine, report } from '../support/measure.mjs';

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
  console.log(`# bench/login — ${machine()}`);
  console.log(`# argon2id m=${ARGON2.memoryKiB} KiB, t=${ARGON2.iterations}, p=${ARGON2.parallelism}; ${values.concurrency} concurrent clients, ${values.seconds} s`);
  report('login.rate', result.rate, 'logins/s', `${result.count} logins, ${result.failures} failed`);
  report('login.p50', result.p50, 'ms');
  report('login.p95', result.p95, 'ms');
  report('login.p99', result.p99, 'ms');
  if (result.failures) process.exitCode = 1;
} finally {
  await stack.stop();
}
