// bench/create-users: accounts created per second through the gateway (POST /api/v1/users), against
// the limits of the same run, measured once the services are stopped:
// - members without password: the rows one creation writes (the account with its sealed code, its
//   school membership and class, one audit row, one outbox event) written bare, one transaction per
//   account, straight to identity's database at the same concurrency, deleted afterwards;
// - staff with a password: bare argon2id hashes with identity's parameters and library, in this
//   process at the same concurrency.
//   npm run bench:create-users [-- --members 2000 --staff 200 --concurrency 16]
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MANAGER, adminQuery, call, startServices } from '../support/stack.mjs';
import { load, machine, report } from '../support/measure.mjs';
import { bareArgon2, ratio, stopService } from '../support/bare.mjs';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '2000' },
    staff: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
  },
});

const STAFF_PASSWORD = 'a staff password here';
/** A literal of the simple query protocol (standard_conforming_strings is on). */
const literal = (value) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);

/**
 * The limit of member creation: each account's rows as UsersService.create writes them, in one
 * transaction of one round trip (BEGIN; five INSERTs; COMMIT), `concurrency` connections at once.
 * Deleted afterwards (memberships by cascade).
 */
async function bareMembers(url, { total, concurrency, schoolId, classId }) {
  const [{ id: actorId }] = await adminQuery("SELECT id FROM accounts WHERE role = 'manager'", url);
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  const ids = [];
  const outboxIds = [];
  const expires = new Date(Date.now() + 90 * 86_400_000).toISOString();
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => (await pool.connect()).release()));
    return await load({
      concurrency,
      total,
      task: async (i) => {
        const id = randomUUID();
        const eventId = randomUUID();
        ids.push(id);
        outboxIds.push(eventId);
        const username = `limite.numero${i}`;
        // A sealed activation code is as long as this: version, key id, then nonce, code and tag in base64url.
        const code = `v1.${randomBytes(6).toString('base64url')}.${randomBytes(36).toString('base64url')}`;
        const after = { username, firstName: 'Élève', lastName: `Numéro ${i}`, displayName: null, email: null, role: 'member', profile: 'student', managedBy: null, schoolIds: [schoolId], classIds: [classId], childIds: [], externalId: null, activated: false, deactivatedAt: null, preDeletedAt: null };
        const occurredAt = new Date().toISOString();
        const envelope = { id: eventId, type: 'identity.user.created', version: 1, occurredAt, data: { userId: id, username, role: 'member', profile: 'student', schoolIds: [schoolId], actorId } };
        await pool.query(`BEGIN;
          INSERT INTO accounts (id, username, username_skeleton, first_name, last_name, role, profile, activation_code, activation_code_expires_at, created_by)
            VALUES (${literal(id)}, ${literal(username)}, ${literal(`lirnite.nurnero${i}`)}, 'Élève', ${literal(`Numéro ${i}`)}, 'member', 'student', ${literal(code)}, ${literal(expires)}, ${literal(actorId)});
          INSERT INTO account_schools (account_id, school_id) VALUES (${literal(id)}, ${literal(schoolId)});
          INSERT INTO account_classes (account_id, class_id) VALUES (${literal(id)}, ${literal(classId)});
          INSERT INTO audit_log (actor_id, action, target_id, after, request_id) VALUES (${literal(actorId)}, 'user.create', ${literal(id)}, ${literal(JSON.stringify(after))}, ${literal(randomUUID())});
          INSERT INTO outbox (id, type, envelope, occurred_at) VALUES (${literal(eventId)}, 'identity.user.created', ${literal(JSON.stringify(envelope))}, ${literal(occurredAt)});
          COMMIT`);
        return true;
      },
    });
  } finally {
    await pool.query('DELETE FROM audit_log WHERE target_id = ANY($1::uuid[])', [ids]);
    await pool.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', [outboxIds]);
    await pool.query('DELETE FROM accounts WHERE id = ANY($1::uuid[])', [ids]);
    await pool.end();
  }
}

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
          { role: 'administrator', username: `direction.${i}`, email: `d${i}@ac-bench.fr`, password: STAFF_PASSWORD, schoolIds: [school.id] },
          token,
        )
      ).status === 201,
  });
  // The limits, with nothing of the stack running (its outbox relay would publish the bare events).
  await stopService(stack, 'gateway');
  await stopService(stack, 'identity');
  const memberLimit = await bareMembers(stack.databaseUrl('identity'), { total: Number(values.members), concurrency, schoolId: school.id, classId: klass.id });
  const staffLimit = await bareArgon2({ work: 'hash', password: STAFF_PASSWORD, concurrency, total: Number(values.staff) });
  console.log(`# bench/create-users — ${machine()}; ${concurrency} concurrent clients`);
  report('create.members.rate', members.rate, 'accounts/s', `${members.count} members without password, ${members.failures} failed`);
  report('create.members.p95', members.p95, 'ms');
  report('create.members.limit', memberLimit.rate, 'accounts/s', `the same rows written bare, one transaction per account: ${memberLimit.count} in ${memberLimit.elapsed.toFixed(1)} s, p95 ${memberLimit.p95.toFixed(1)} ms`);
  report('create.members.ratio', ratio(members.rate, memberLimit.rate), '×');
  report('create.staff.rate', staff.rate, 'accounts/s', `${staff.count} staff with an argon2id password`);
  report('create.staff.p95', staff.p95, 'ms');
  report('create.staff.limit', staffLimit.rate, 'hashes/s', `bare argon2id hashes (m=19456 KiB, t=2, p=1) in this process: ${staffLimit.count} in ${staffLimit.elapsed.toFixed(1)} s, ${staffLimit.failures} failed`);
  report('create.staff.ratio', ratio(staff.rate, staffLimit.rate), '×');
  if (members.failures || staff.failures || staffLimit.failures) process.exitCode = 1;
} finally {
  await stack.stop();
}
