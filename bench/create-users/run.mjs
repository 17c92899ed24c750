// bench/create-users: accounts created per second through the gateway (POST /api/v1/users).
//   npm run bench:create-users [-- --members 2000 --staff 200 --concurrency 16]
import { parseArgs } from 'node:util';
import { MANAGER, call, startServices } from '../support/stack.mjs';
import { load, machine, report } from '../support/measure.mjs';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '2000' },
    staff: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
  },
});

const stack = await startServices(['identity', 'gateway']);
try {
  const token = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const school = (await call(stack.url, 'POST', '/api/v1/schools', { uai: '0750001U', name: 'Collège' }, token)).body;
  const klass = (await call(stack.url, 'POST', `/api/v1/schools/${school.id}/classes`, { name: '6A' }, token)).body;
  const concurrency = Number(values.concurrency);

  // Members as administrators create them: no password (an activation code), generated login.
  const members = await load({
    concurrency,
    total: Number(values.members),
    task: async (i) =>
      (
        await call(
          stack.url,
          'POST',
          '/api/v1/users',
          { role: 'member', profile: 'student', firstName: 'Élève', lastName: `Numéro ${i}`, schoolIds: [school.id], classIds: [klass.id] },
          token,
        )
      ).status === 201,
  });
  // Staff with a password: bounded by argon2id (m=19 MiB, t=2).
  const staff = await load({
    concurrency,
    total: Number(values.staff),
    task: async (i) =>
      (
        await call(
          stack.url,
          'POST',
          '/api/v1/users',
          { role: 'administrator', username: `direction.${i}`, email: `d${i}@ac-bench.fr`, password: 'a staff password here', schoolIds: [school.id] },
          token,
        )
      ).status === 201,
  });
  console.log(`# bench/create-users — ${machine()}; ${concurrency} concurrent clients`);
  report('create.members.rate', members.rate, 'accounts/s', `${members.count} members without password, ${members.failures} failed`);
  report('create.members.p95', members.p95, 'ms');
  report('create.staff.rate', staff.rate, 'accounts/s', `${staff.count} staff with an argon2id password`);
  report('create.staff.p95', staff.p95, 'ms');
  if (members.failures || staff.failures) process.exitCode = 1;
} finally {
  await stack.stop();
}
